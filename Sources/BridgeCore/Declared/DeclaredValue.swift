import Foundation

/// One parameter of a declared mapping: where its value is (a path, a template, a header or a
/// fixed value; or a list of them, the first present wins), whether it may be absent, and how it
/// is converted. A required value that no source has fails the event naming where it looked.
public struct DeclaredValue: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case path(PayloadPath)
        case template(DeclaredTemplate)
        case header(String)
        case fixed(String)
    }

    public enum Case: String, Sendable, Equatable, CaseIterable { case upper, lower }

    /// The key in the file (`sale.email`), for errors.
    public var key: String
    public var sources: [Source]
    public var optional: Bool
    /// Provider value → value; a value not in it is an error, a `null` entry is absent.
    public var table: [String: String?]?
    public var letterCase: Case?

    public init(key: String, sources: [Source], optional: Bool = false, table: [String: String?]? = nil, letterCase: Case? = nil) {
        self.key = key
        self.sources = sources
        self.optional = optional
        self.table = table
        self.letterCase = letterCase
    }

    /// Where it looked, for errors: "data.reference or data.id".
    public var whereLooked: String {
        sources.map { source in
            switch source {
            case .path(let path): path.description
            case .template(let template): template.fields.isEmpty ? "a template" : template.fields.joined(separator: " and ")
            case .header(let name): "header \(name)"
            case .fixed(let text): "'\(text)'"
            }
        }.joined(separator: " or ")
    }

    /// The first present source's value (as it is in the payload) and where it came from.
    func raw(_ payload: DeclaredPayload) throws -> (value: PayloadValue, from: String)? {
        for source in sources {
            switch source {
            case .path(let path):
                guard let value = payload.tree[path], !value.isAbsent else { continue }
                return (value, path.description)
            case .template(let template):
                guard let text = template.render(payload) else { continue }
                return (.string(text), template.fields.joined(separator: " and "))
            case .header(let name):
                guard let text = payload.headers[name], !text.isEmpty else { continue }
                return (.string(text), "header \(name)")
            case .fixed(let text): return (.string(text), "'\(text)'")
            }
        }
        guard optional else { throw PayloadError("\(payload.what): \(whereLooked) is missing (\(key))") }
        return nil
    }

    /// The value as text, through the table and case; nil only when optional and absent.
    public func text(_ payload: DeclaredPayload) throws -> String? {
        guard let (value, from) = try raw(payload) else { return nil }
        return try text(of: value, from: from, payload)
    }

    /// A value found by `raw`, as text through the table and case.
    func text(of value: PayloadValue, from: String, _ payload: DeclaredPayload) throws -> String? {
        guard var text = value.text else { throw PayloadError("\(payload.what): \(from) is \(value.shape), not a value (\(key))") }
        if let table {
            guard let entry = table[text] else {
                throw PayloadError(
                    "\(payload.what): \(from) '\(text.prefix(60))' is not one of \(table.keys.sorted().joined(separator: ", ")) (\(key))")
            }
            guard let mapped = entry else {
                guard optional else { throw PayloadError("\(payload.what): \(from) '\(text)' has no value in \(key)'s table") }
                return nil
            }
            text = mapped
        }
        switch letterCase {
        case .upper?: text = text.uppercased()
        case .lower?: text = text.lowercased()
        case nil: break
        }
        return text
    }

    /// A whole number: a JSON integer, or text of digits (some providers quote them).
    public func integer(_ payload: DeclaredPayload) throws -> Int? {
        guard let (value, from) = try raw(payload) else { return nil }
        if case .integer(let number) = value, table == nil { return number }
        guard let text = try text(of: value, from: from, payload) else { return nil }
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
            throw PayloadError("\(payload.what): \(from) is \(value.shape), not a whole number (\(key))")
        }
        return number
    }

    /// A time: Unix seconds (a number) or RFC 3339 text.
    public func time(_ payload: DeclaredPayload) throws -> PayloadTime? {
        guard let (value, from) = try raw(payload) else { return nil }
        if case .integer(let seconds) = value {
            do { return try PayloadTime(unixSeconds: seconds, field: "\(payload.what): \(from)") } catch { throw error }
        }
        // RFC 3339, or a provider's other date-time texts (`PayloadDateText`).
        guard let text = value.text, let time = PayloadTime.rfc3339(text) ?? PayloadTime.rfc3339(PayloadDateText.rfc3339(text)) else {
            throw PayloadError("\(payload.what): \(from) is \(value.shape), not a Unix time or a date and time (\(key))")
        }
        return time
    }
}
