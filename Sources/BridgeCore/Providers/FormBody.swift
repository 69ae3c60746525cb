/// An `application/x-www-form-urlencoded` body as fields (Braintree posts its notifications so).
/// `+` is a space and `%XX` a byte; a field repeated keeps its first value.
///
/// Read before the signature is checked, so a stranger chooses the bytes: the fields are counted
/// before any is decoded (over `maxFields` is refused), and only the fields asked for are decoded.
public struct FormBody: Sendable, Equatable {
    public var fields: [String: String]

    /// More fields than any provider sends (a Maxio payment runs to some 200).
    public static let maxFields = 1024

    /// Every field, or only those named in `only` (the others are skipped undecoded).
    public init(_ body: [UInt8], only names: Set<String>? = nil) throws(PayloadError) {
        var count = 1
        for byte in body where byte == UInt8(ascii: "&") {
            count += 1
            guard count <= Self.maxFields else {
                throw PayloadError("form body: more than \(Self.maxFields) fields")
            }
        }
        fields = [:]
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.unescape(parts[0])
            guard names?.contains(name) ?? true, fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? try Self.unescape(parts[1]) : ""
            if let names, fields.count == names.count { break }
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
                guard bytes.endIndex - index > 2, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    throw PayloadError("form body: '%' is not followed by two hex digits")
                }
                out.append(high << 4 | low)
                index += 3
            default:
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
