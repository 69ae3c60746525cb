import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Every provider's `Tests/Fixtures/{provider}/signature-vectors.json`, in one form: the provider
/// built from the vector's credentials, as the service builds it, verifying the body and headers
/// at `now`. Vectors are published by the providers or made with their SDKs (see each
/// `scripts/make-{provider}-fixtures.py`): valid, rotated secret, wrong secret, tampered body,
/// stale timestamp, malformed and missing credentials.
@Suite struct SignatureVectorTests {
    struct Vector: Decodable, Sendable {
        let name: String
        let credentials: [String: Credential]
        let headers: [String: String]
        let body: String?
        let body_file: String?
        let now: Int
        let status: Int
        let error: String?

        /// A list of values, or whole seconds.
        enum Credential: Decodable, Sendable {
            case values([String])
            case seconds(Int)

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let seconds = try? container.decode(Int.self) { self = .seconds(seconds) } else { self = .values(try container.decode([String].self)) }
            }
        }
    }

    struct File: Decodable { let vectors: [Vector] }

    /// Every (provider, vector name) pair of the registry's providers.
    static let cases: [(String, String)] = ProviderRegistry.all.flatMap { definition in
        let provider = definition.id.rawValue
        guard Fixtures.exists(provider, "signature-vectors.json") else { return [(String, String)]() }
        return vectors(provider).map { (provider, $0.name) }
    }

    static func vectors(_ provider: String) -> [Vector] {
        (try? JSONDecoder().decode(File.self, from: Data(Fixtures.bytes(provider, "signature-vectors.json"))).vectors) ?? []
    }

    @Test func everyProviderHasVectors() {
        for definition in ProviderRegistry.all {
            #expect(!Self.vectors(definition.id.rawValue).isEmpty, "\(definition.id) has no signature vectors")
        }
    }

    @Test(arguments: cases)
    func vector(_ providerName: String, _ name: String) throws {
        let definition = try #require(ProviderRegistry.definition(for: ProviderID(rawValue: providerName)))
        let vector = try #require(Self.vectors(providerName).first { $0.name == name })
        var credentials = ProviderCredentials()
        for (key, value) in vector.credentials {
            switch value {
            case .values(let list): credentials.values[key] = list
            case .seconds(let seconds): credentials.seconds[key] = seconds
            }
        }
        let provider = definition.make(credentials)
        let body = try vector.body.map { Array($0.utf8) } ?? Fixtures.bytes(providerName, try #require(vector.body_file))
        do {
            try provider.verify(body: body, headers: WebhookHeaders(vector.headers), now: Date(timeIntervalSince1970: TimeInterval(vector.now)))
            #expect(vector.status == 200, "accepted")
        } catch {
            #expect(error.httpStatus == vector.status, "\(error)")
            if let fragment = vector.error { #expect(error.description.contains(fragment), "\(error)") }
            // The secrets it was given never show in what it says.
            for case .values(let values) in vector.credentials.values {
                for secret in values where secret.count >= 8 { #expect(!error.description.contains(secret)) }
            }
        }
    }
}
