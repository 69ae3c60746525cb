/// The date-and-time texts providers write that are not RFC 3339, made RFC 3339 in one place:
/// a date alone (`2025-11-24`, Braintree's billing periods) is its midnight UTC;
/// `2025-11-24 16:00:00` (Paddle Classic, UTC) and `2016-11-08 16:22:20 -0500` (Maxio, with its
/// offset) get their `T` and zone. Any other text is returned as it is, for the RFC 3339 parser to
/// accept or refuse.
public enum PayloadDateText {
    public static func rfc3339(_ text: String) -> String {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        // Only `YYYY-MM-DD` and `HH:MM:SS` shapes are rewritten: other text stays as written, so
        // that an error quotes what the payload said.
        let shaped = { (part: Substring, separator: UInt8) in
            part.utf8.count == (separator == UInt8(ascii: "-") ? 10 : 8)
                && part.utf8.allSatisfy { (0x30...0x39).contains($0) || $0 == separator }
        }
        guard shaped(parts[0], UInt8(ascii: "-")), parts.count == 1 || shaped(parts[1], UInt8(ascii: ":")) else { return text }
        switch parts.count {
        case 1: return text + "T00:00:00Z"
        case 2: return "\(parts[0])T\(parts[1])Z"
        case 3:
            let zone = parts[2]
            guard zone.utf8.count == 5, zone.first == "+" || zone.first == "-" else { return text }
            return "\(parts[0])T\(parts[1])\(zone.prefix(3)):\(zone.suffix(2))"
        default: return text
        }
    }
}
