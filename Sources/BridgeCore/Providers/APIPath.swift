/// A path under a provider's API with an id from a payload in it. The id is exactly one path
/// segment, percent-encoded: `../../accounts/x` or `?limit=200` in a payload can never move the
/// request (and the API key sent with it) to another resource. Every provider API's paths, and
/// the backfill's, are built here.
public enum APIPath {
    /// Longer ids are no provider's.
    static let maxIDBytes = 256

    /// `collection/{id}`, or a `PayloadError` naming the field when the id cannot be an id: empty,
    /// all dots, over 256 bytes or holding a control character.
    public static func under(_ collection: String, id: String, field: String) throws(PayloadError) -> String {
        guard !id.isEmpty, id.utf8.count <= maxIDBytes, !id.allSatisfy({ $0 == "." }),
            !id.holdsControlCharacter
        else {
            throw PayloadError("\(field) \(String(id.prefix(64)).debugDescription) is not an id that can name an API document")
        }
        return "\(collection)/\(encoded(id))"
    }

    /// RFC 3986's unreserved characters as they are; every other byte as `%XX`.
    static func encoded(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
