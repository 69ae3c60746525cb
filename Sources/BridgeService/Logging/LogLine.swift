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

    /// Written into one string as it goes: this runs for every webhook, so no intermediate
    /// arrays of pieces.
    public func rendered(as format: LogFormat) -> String {
        var out = ""
        out.reserveCapacity(96 + message.utf8.count + fields.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 4 })
        if format == .json { out.append("{") }
        func append(_ key: String, _ value: String, first: Bool = false) {
            switch format {
            case .logfmt:
                if !first { out.append(" ") }
                out.append(Self.logfmtKey(key))
                out.append("=")
                Self.appendLogfmtValue(LogRedaction.maskEmails(value), to: &out)
            case .json:
                if !first { out.append(",") }
                Self.appendJSONString(key, to: &out)
                out.append(":")
                Self.appendJSONString(LogRedaction.maskEmails(value), to: &out)
            }
        }
        append("time", time, first: true)
        append("level", level.rawValue)
        append("msg", message)
        append("source", source)
        for field in fields { append(field.key, field.value) }
        if format == .json { out.append("}") }
        return out
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
        if !key.isEmpty, key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "\"") }) {
            return key
        }
        let cleaned = String(String.UnicodeScalarView(key.unicodeScalars.map { scalar in
            scalar.value > 0x20 && scalar.value < 0x7F && scalar != "=" && scalar != "\"" ? scalar : "_"
        }))
        return cleaned.isEmpty ? "_" : cleaned
    }

    /// Bare when it is a plain word; otherwise quoted, with quotes, backslashes and every
    /// control character escaped.
    static func logfmtValue(_ value: String) -> String {
        var out = ""
        appendLogfmtValue(value, to: &out)
        return out
    }

    static func appendLogfmtValue(_ value: String, to out: inout String) {
        // Bytes 0x80 and up belong to non-ASCII characters, which are plain, as before.
        let plain = !value.isEmpty && value.utf8.allSatisfy { byte in
            byte > 0x20 && byte != 0x7F && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
        }
        if plain {
            out.append(value)
        } else {
            out.append("\"")
            JSONText.appendEscaped(value, to: &out)
            out.append("\"")
        }
    }

    static func jsonString(_ value: String) -> String {
        var out = ""
        appendJSONString(value, to: &out)
        return out
    }

    static func appendJSONString(_ value: String, to out: inout String) {
        out.append("\"")
        JSONText.appendEscaped(value, to: &out)
        out.append("\"")
    }
}
