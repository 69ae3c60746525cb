import Foundation

/// One signature vector of `Tests/Fixtures/{provider}/signature-vectors.json`, in the one form
/// every provider's takes (written by `scripts/fixture_files.py`): the provider is built from
/// `credentials` (variable suffix → values, or whole seconds), and verifies the body and headers
/// at `now`; `status` is the answer, `error` a fragment of the error it names.
public struct SignatureVector: Decodable, Sendable {
    public let name: String
    public let credentials: [String: Credential]
    public let headers: [String: String]
    public let body: String?
    public let body_file: String?
    public let now: Int
    public let status: Int
    public let error: String?

    /// A list of values, or whole seconds.
    public enum Credential: Decodable, Sendable {
        case values([String])
        case seconds(Int)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Int.self) { self = .seconds(seconds) } else { self = .values(try container.decode([String].self)) }
        }
    }

    struct File: Decodable { let vectors: [SignatureVector] }

    /// A provider's vectors; none when it has no file. A file that does not read is an error.
    public static func all(_ provider: String) throws -> [SignatureVector] {
        guard Fixtures.exists(provider, "signature-vectors.json") else { return [] }
        return try JSONDecoder().decode(File.self, from: Data(Fixtures.bytes(provider, "signature-vectors.json"))).vectors
    }

    /// The body it signs: inline, or a fixture file's bytes.
    public func bodyBytes(_ provider: String) throws -> [UInt8] {
        if let body { return Array(body.utf8) }
        guard let body_file else { throw CocoaError(.fileNoSuchFile, userInfo: [NSDebugDescriptionErrorKey: "\(name) names no body"]) }
        return try Fixtures.bytes(provider, body_file)
    }

    /// The secrets it configures, to check that none is ever shown.
    public var secretValues: [String] {
        credentials.values.flatMap { value -> [String] in
            if case .values(let list) = value { return list } else { return [] }
        }
    }
}
