import Foundation

/// A payload as a tree, for providers declared in a mapping file: their fields are named by paths
/// in the file, not by Swift types. Numbers keep their exact value (an integer, or a `Decimal`
/// read from the digits, never a Double), since amounts are among them.
public indirect enum PayloadValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case decimal(Decimal)
    case string(String)
    case array([PayloadValue])
    case object([String: PayloadValue])

    /// The value as text for a template or a string parameter: strings as they are, numbers as
    /// their digits, booleans as true/false; nil for null, lists and objects.
    public var text: String? {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        case .decimal(let value): value.description
        case .bool(let value): value ? "true" : "false"
        case .null, .array, .object: nil
        }
    }

    /// What a path finds, for error messages: "a list", "'abc'".
    public var shape: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .decimal(let value): "\(value)"
        case .string(let text): "'\(text.prefix(60))'"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// Absent as the declared mapping reads it: null, and the empty string (XML's empty
    /// element, a form's empty field).
    public var isAbsent: Bool {
        switch self {
        case .null: true
        case .string(let text): text.isEmpty
        default: false
        }
    }

    public subscript(path: PayloadPath) -> PayloadValue? {
        var value = self
        for segment in path.segments {
            switch (segment, value) {
            case (.key(let key), .object(let members)):
                guard let member = members[key] else { return nil }
                value = member
            case (.index(let index), .array(let items)):
                guard items.indices.contains(index) else { return nil }
                value = items[index]
            default: return nil
            }
        }
        return value
    }
}

extension PayloadValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Probing the JSON type: exactly one of these holds for any JSON value.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .decimal(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([PayloadValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: PayloadValue].self))
        }
    }
}

extension PayloadValue {
    /// A body of the declared content type as a tree: JSON as it is, XML as `XMLTree.json` reads
    /// it (the root element's name first), a form as an object of its fields.
    public static func parse(_ body: [UInt8], as type: MediaType, what: String) throws -> PayloadValue {
        switch type {
        case .json: return try PayloadReader(what: what).decode(PayloadValue.self, from: body)
        case .xml: return try PayloadReader(what: what).decodeXML(PayloadValue.self, from: body)
        case .form:
            let form: FormBody
            do { form = try FormBody(body) } catch { throw PayloadError("\(what): \(error)") }
            return .object(form.fields.mapValues { .string($0) })
        }
    }
}
