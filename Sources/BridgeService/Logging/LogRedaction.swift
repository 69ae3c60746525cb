/// Customer emails never reach the log whole: `alice@example.com` (or URL-encoded,
/// `alice%40example.com`) is logged as `a***@example.com`, enough to tell customers apart in an
/// investigation, not enough to harvest addresses.
public enum LogRedaction {
    public static func maskEmails(_ text: String) -> String {
        // Bytes, not characters: this runs on every value of every log line.
        guard text.utf8.contains(UInt8(ascii: "@")) || text.utf8.contains(UInt8(ascii: "%")) && text.contains("%40") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            let atWidth = scalar == "@" ? 1 : (isEncodedAt(scalars, index) ? 3 : 0)
            if atWidth > 0, index + atWidth < scalars.count, isDomain(scalars[index + atWidth]) {
                // The local part is what was just copied: keep its first character only.
                var start = out.count
                while start > 0, isLocal(out[start - 1]) { start -= 1 }
                if out.count - start > 1 {
                    out.removeSubrange((start + 1)...)
                    out.append(contentsOf: "***".unicodeScalars)
                }
            }
            out.append(scalar)
        }
        var masked = String.UnicodeScalarView()
        masked.append(contentsOf: out)
        return String(masked)
    }

    private static func isEncodedAt(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        scalars[index] == "%" && index + 2 < scalars.count && scalars[index + 1] == "4" && scalars[index + 2] == "0"
    }

    /// `*` counts as local so that an address already masked is not masked again differently.
    private static func isLocal(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._%+-*".unicodeScalars.contains(scalar)
    }

    private static func isDomain(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }
}
