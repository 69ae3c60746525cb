/// XML's five named entities and numeric character references; anything else is an error, since
/// the bridge accepts no entity definitions.
enum XMLEntities {
    static func decode(_ bytes: ArraySlice<UInt8>, offset: Int) throws(XMLParseError) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var result: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "&") else {
                result.append(bytes[index])
                index += 1
                continue
            }
            guard let end = bytes[index...].firstIndex(of: UInt8(ascii: ";")), end - index <= 12 else {
                throw XMLParseError(problem: "'&' starts no entity", offset: offset + (index - bytes.startIndex))
            }
            let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            guard let scalar = scalar(named: name) else {
                throw XMLParseError(problem: "unknown entity &\(name);", offset: offset + (index - bytes.startIndex))
            }
            result.append(contentsOf: Array(String(Character(scalar)).utf8))
            index = end + 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func scalar(named name: String) -> Unicode.Scalar? {
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init)
        }
    }
}
