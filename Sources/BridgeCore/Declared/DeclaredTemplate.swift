/// Text with fields in braces, as a mapping file writes an id: `"{event}:{data.reference}"`,
/// `"{header:webhook-id}"`, `"sha256-{body.sha256}"`. It has a value only when every field in it
/// is present, so that a list of templates can say "this one, else that one".
public struct DeclaredTemplate: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case path(PayloadPath)
        case header(String)
        /// The hex SHA-256 of the event's bytes.
        case bodySHA256
    }

    public let parts: [Part]

    /// Nil, with the problem, for an unclosed brace or a field that is not a path.
    public static func parse(_ text: String, path makePath: (String) -> PayloadPath? = { PayloadPath($0) }) -> Result<DeclaredTemplate, TemplateProblem> {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { return .failure(TemplateProblem("'{' is not closed")) }
            let field = String(rest[rest.index(after: open)..<close])
            if field == "body.sha256" {
                parts.append(.bodySHA256)
            } else if field.hasPrefix("header:") {
                let name = String(field.dropFirst("header:".count))
                guard !name.isEmpty else { return .failure(TemplateProblem("{header:} names no header")) }
                parts.append(.header(name))
            } else if let path = makePath(field) {
                parts.append(.path(path))
            } else {
                return .failure(TemplateProblem("{\(field)} is not a field path"))
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return .success(DeclaredTemplate(parts: parts))
    }

    /// The text, or nil when a field of it is absent.
    public func render(_ payload: DeclaredPayload) -> String? {
        var out = ""
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .path(let path):
                guard let value = payload.tree[path], !value.isAbsent, let text = value.text else { return nil }
                out += text
            case .header(let name):
                guard let value = payload.headers[name], !value.isEmpty else { return nil }
                out += value
            case .bodySHA256: out += payload.bodySHA256
            }
        }
        return out
    }

    /// The fields it needs, for "missing" errors.
    public var fields: [String] {
        parts.compactMap {
            switch $0 {
            case .text: nil
            case .path(let path): path.description
            case .header(let name): "header \(name)"
            case .bodySHA256: nil
            }
        }
    }
}

public struct TemplateProblem: Error, Sendable {
    public var problem: String
    init(_ problem: String) { self.problem = problem }
}
