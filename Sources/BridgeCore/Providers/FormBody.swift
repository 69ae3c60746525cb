/// An `application/x-www-form-urlencoded` body as fields (Braintree posts its notifications so).
/// `+` is a space and `%XX` a byte; a field repeated keeps its first value.
public struct FormBody: Sendable, Equatable {
    public var fields: [String: String]

    public init(_ body: [UInt8]) throws(PayloadError) {
        fields = [:]
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.unescape(parts[0])
            let value = parts.count > 1 ? try Self.unescape(parts[1]) : ""
            if fields[name] == nil { fields[name] = value }
        }
    }

    public subscript(name: String) -> String? { fields[name] }

    static func unescape(_ bytes: ArraySlice<UInt8>) throws(PayloadError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch bytes[index] {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.endIndex, let byte = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
                else { throw PayloadError("form body: '%' is not followed by two hex digits") }
                out.append(byte)
                index += 3
            default:
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
