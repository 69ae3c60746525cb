import Foundation

/// Providers' XML as JSON, so that one decoding path (Codable, with errors that name the field)
/// reads every payload. Providers type their XML with attributes, which decide the JSON:
/// - `nil="true"` is null; `type="array"` is an array of its children's values;
/// - `type="integer"` is a JSON number (checked to be an integer), `type="boolean"` true or false;
/// - any other element with children is an object keyed by child name, `-` written `_`
///   (Braintree's server sends dashed names, its SDK underscored ones); a name repeated becomes
///   an array;
/// - any other leaf is a string, decimals included (`49.99` stays text for `MajorUnits`).
extension XMLTree {
    /// `{"root_name": value}` as UTF-8 JSON.
    public func json() throws(XMLParseError) -> [UInt8] {
        var out: [UInt8] = []
        out.append(UInt8(ascii: "{"))
        Self.appendString(Self.normalized(name), to: &out)
        out.append(UInt8(ascii: ":"))
        try appendValue(to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    private func appendValue(to out: inout [UInt8]) throws(XMLParseError) {
        if attributes["nil"] == "true" {
            out.append(contentsOf: Array("null".utf8))
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch attributes["type"] {
        case "array":
            out.append(UInt8(ascii: "["))
            for (position, child) in children.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                try child.appendValue(to: &out)
            }
            out.append(UInt8(ascii: "]"))
            return
        case "integer":
            let digits = trimmed.hasPrefix("-") ? trimmed.dropFirst() : Substring(trimmed)
            guard !digits.isEmpty, digits.count <= 19, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw XMLParseError(problem: "<\(name) type=\"integer\"> holds '\(trimmed)'", offset: 0)
            }
            out.append(contentsOf: Array(trimmed.utf8))
            return
        case "boolean" where trimmed == "true" || trimmed == "false":
            out.append(contentsOf: Array(trimmed.utf8))
            return
        default: break
        }
        guard !children.isEmpty else {
            Self.appendString(text.isEmpty ? "" : trimmed, to: &out)
            return
        }
        // Children grouped by normalized name, in first-seen order; repeats become arrays.
        var order: [String] = []
        var groups: [String: [XMLTree]] = [:]
        for child in children {
            let key = Self.normalized(child.name)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(child)
        }
        out.append(UInt8(ascii: "{"))
        for (position, key) in order.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            let group = groups[key]!
            if group.count == 1 {
                try group[0].appendValue(to: &out)
            } else {
                out.append(UInt8(ascii: "["))
                for (index, child) in group.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    try child.appendValue(to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
