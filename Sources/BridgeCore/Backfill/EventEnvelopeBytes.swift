/// An object's bytes, exactly as an API wrote them, inside the JSON event envelope a webhook
/// would have carried, written here (`{"id": …, "type": …, "data": {"object": <the object>}}`):
/// decoding the object and encoding it again would rewrite its numbers, and money with them.
public enum EventEnvelopeBytes {
    public indirect enum Value: Sendable {
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case object([(String, Value)])
    }

    /// `fields` in order, then the object at `path` (`["data", "object"]`, or `["data"]`).
    public static func wrap(_ object: [UInt8], fields: [(String, Value)], at path: [String]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(field, into: &out)
        }
        for (depth, key) in path.enumerated() {
            if depth > 0 {
                out.append(UInt8(ascii: "{"))
            } else if !fields.isEmpty {
                out.append(UInt8(ascii: ","))
            }
            string(key, into: &out)
            out.append(UInt8(ascii: ":"))
        }
        out += object
        // The objects the path opened, and the envelope.
        out += [UInt8](repeating: UInt8(ascii: "}"), count: max(path.count, 1))
        return out
    }

    /// An envelope of `fields` alone (a thin webhook naming its object: Recurly's).
    public static func object(_ fields: [(String, Value)]) -> [UInt8] {
        var out: [UInt8] = []
        object(fields, into: &out)
        return out
    }

    static func object(_ members: [(String, Value)], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, member) in members.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(member, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func write(_ field: (String, Value), into out: inout [UInt8]) {
        string(field.0, into: &out)
        out.append(UInt8(ascii: ":"))
        switch field.1 {
        case .string(let text): string(text, into: &out)
        case .integer(let number): out += Array(String(number).utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .object(let members): object(members, into: &out)
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
