import Foundation
import Logging

/// One log record as one line of text, logfmt or JSON, whatever its values hold: a line break,
/// a quote or a control character in a signed id is escaped, so no payload can forge a line or
/// break a parser. Customer emails are masked (`LogRedaction`).
public enum LogFormat: String, Sendable, CaseIterable {
    /// `time=… level=info msg="stored webhook" provider=stripe …`: values quoted when needed.
    case logfmt
    /// One JSON object a line: `{"time":…,"level":"info","msg":…,"provider":…}`.
    case json
}

public struct LogLine: Sendable {
    public var time: String
    public var level: Logger.Level
    public var message: String
    public var source: String
    /// Flattened: nested dictionaries as dotted keys, arrays as `[a,b]`; sorted by key.
    public var fields: [(key: String, value: String)]

    public init(time: String, level: Logger.Level, message: String, source: String, metadata: Logger.Metadata) {
        self.time = time
        self.level = level
        self.message = message
        self.source = source
        var fields: [(String, String)] = []
        Self.flatten(metadata, prefix: "", into: &fields)
        self.fields = fields.sorted { $0.0 < $1.0 }
    }

    public func rendered(as format: LogFormat) -> String {
        let head: [(String, String)] = [
            ("time", time), ("level", level.rawValue), ("msg", LogRedaction.maskEmails(message)), ("source", source),
        ]
        let all = head + fields.map { ($0.key, LogRedaction.maskEmails($0.value)) }
        switch format {
        case .logfmt:
            return all.map { Self.logfmtKey($0.0) + "=" + Self.logfmtValue($0.1) }.joined(separator: " ")
        case .json:
            return "{" + all.map { Self.jsonString($0.0) + ":" + Self.jsonString($0.1) }.joined(separator: ",") + "}"
        }
    }

    private static func flatten(_ metadata: Logger.Metadata, prefix: String, into fields: inout [(String, String)]) {
        for (key, value) in metadata {
            let name = prefix.isEmpty ? key : prefix + "." + key
            switch value {
            case .dictionary(let nested): flatten(nested, prefix: name, into: &fields)
            default: fields.append((name, text(value)))
            }
        }
    }

    private static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): return string
        case .stringConvertible(let convertible): return convertible.description
        case .array(let items): return "[" + items.map(text).joined(separator: ",") + "]"
        case .dictionary(let nested):
            return "{" + nested.sorted { $0.key < $1.key }.map { "\($0.key)=\(text($0.value))" }.joined(separator: ",") + "}"
        }
    }

    /// A key is a bare word: anything else becomes `_`.
    static func logfmtKey(_ key: String) -> String {
        let cleaned = String(String.UnicodeScalarView(key.unicodeScalars.map { scalar in
            scalar.value > 0x20 && scalar.value < 0x7F && scalar != "=" && scalar != "\"" ? scalar : "_"
        }))
        return cleaned.isEmpty ? "_" : cleaned
    }

    /// Bare when it is a plain word; otherwise quoted, with quotes, backslashes and every
    /// control character escaped.
    static func logfmtValue(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "=" && $0 != "\"" && $0 != "\\" }
        return plain ? value : "\"" + escaped(value) + "\""
    }

    static func jsonString(_ value: String) -> String { "\"" + escaped(value) + "\"" }

    /// Escapes as JSON does; logfmt readers accept the same escapes.
    private static func escaped(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count + 2)
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
        return out
    }
}
