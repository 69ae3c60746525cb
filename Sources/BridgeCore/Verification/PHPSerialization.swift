/// PHP's `serialize()` of an array of strings, as Paddle Classic signs its form fields: the keys
/// in byte order (PHP's `ksort` of non-numeric string keys), each pair written
/// `s:{bytes}:"{key}";s:{bytes}:"{value}";` inside `a:{count}:{…}`. Lengths are in bytes.
enum PHPSerialization {
    static func serialize(_ fields: [String: String]) -> [UInt8] {
        var out = Array("a:\(fields.count):{".utf8)
        for key in fields.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            for text in [key, fields[key] ?? ""] {
                let bytes = Array(text.utf8)
                out += Array("s:\(bytes.count):\"".utf8) + bytes + Array("\";".utf8)
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
