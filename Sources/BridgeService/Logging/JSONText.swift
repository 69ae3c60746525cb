/// JSON text written by hand where it is written for every webhook (log lines, stored headers):
/// Foundation's encoder costs more than the rest of the work.
enum JSONText {
    /// Escapes as JSON does; logfmt readers accept the same escapes.
    static func appendEscaped(_ value: String, to out: inout String) {
        // Most values need nothing escaped: appended whole (0xE2 starts U+2028 and U+2029).
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != 0xE2 }) {
            out.append(value)
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    /// `{"a":"1","b":"2"}`, keys sorted, as `JSONEncoder` with `.sortedKeys` would say it.
    static func object(_ fields: [String: String]) -> String {
        var out = "{"
        for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(",") }
            out.append("\"")
            appendEscaped(field.key, to: &out)
            out.append("\":\"")
            appendEscaped(field.value, to: &out)
            out.append("\"")
        }
        out.append("}")
        return out
    }
}
