/// An element written back as XML: its attributes, then its own text, then its children, each
/// escaped. Text is carried as the characters it was, so an amount (`12.34`) comes back as it
/// went in. Used to build the notification a webhook would have carried around an element an
/// API listed (Braintree's).
extension XMLTree {
    public var xml: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    func write(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        out += Array(name.utf8)
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
            out += Array(" \(key)=\"".utf8)
            Self.escape(value, into: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: ">"))
        Self.escape(text, into: &out)
        for child in children { child.write(into: &out) }
        out += Array("</\(name)>".utf8)
    }

    static func escape(_ text: String, into out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            default: out.append(byte)
            }
        }
    }
}
