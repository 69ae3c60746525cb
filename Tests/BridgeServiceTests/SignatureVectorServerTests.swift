import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// Every provider's signature vectors again, through the real server configured from each
/// vector's credentials (the variables `ProviderID.variable` names): a valid request is stored
/// and answered 200 (or, when its body is no event, kept aside and answered 400); every other
/// gets the vector's status and a JSON error naming the failed check, shows no secret, and
/// stores nothing. A body of a type the provider does not take gets
/// 415 naming the ones it does. Stale-timestamp vectors stay in `SignatureVectorTests`: their
/// verdict depends on the clock, so the server here runs without an age check.
@Suite struct SignatureVectorServerTests {
    static let cases: [(String, String)] = ProviderRegistry.all.flatMap { definition in
        let provider = definition.id.rawValue
        // A file that does not read leaves no case here; SignatureVectorTests names it.
        return ((try? SignatureVector.all(provider)) ?? []).filter { $0.error?.contains("timestamp is") != true }.map { (provider, $0.name) }
    }

    /// The harness's environment with this provider's credentials replaced by the vector's,
    /// completed with placeholders where a mount alternative is partly set (Recurly's JSON
    /// secret needs an API key to mount), and no age check.
    static func environment(
        _ harness: BridgeHarness, _ definition: ProviderDefinition, _ credentials: [String: SignatureVector.Credential]
    ) -> [String: String] {
        let mounting = Set(definition.mountAlternatives.flatMap { $0 })
        var environment = harness.environment(firstPromoterPort: nil, apiKey: nil).filter { key, _ in
            !mounting.contains { definition.id.variable($0) == key }
        }
        for (name, value) in credentials {
            switch value {
            case .values(let list): environment[definition.id.variable(name)] = list.joined(separator: ",")
            case .seconds(let seconds): environment[definition.id.variable(name)] = String(seconds)
            }
        }
        for alternative in definition.mountAlternatives where alternative.contains(where: { credentials[$0] != nil }) {
            for name in alternative where credentials[name] == nil { environment[definition.id.variable(name)] = "placeholder-credential" }
        }
        if definition.credentials.contains(where: { $0.name == "TOLERANCE_SECONDS" }) {
            environment[definition.id.variable("TOLERANCE_SECONDS")] = "0"
        }
        return environment
    }

    static func contentType(_ vector: SignatureVector, _ definition: ProviderDefinition) -> String {
        if let type = vector.headers.first(where: { $0.key.lowercased() == "content-type" })?.value { return type }
        if let file = vector.body_file { return Fixtures.contentType(String(file.split(separator: ".").last ?? "json")) }
        let provider = definition.make(ProviderCredentials())
        return provider.accepts.contains(.json) ? "application/json" : (provider.accepts.first ?? .json).description
    }

    @Test(arguments: cases)
    func throughTheServer(_ providerName: String, _ name: String) async throws {
        let definition = try #require(ProviderRegistry.definition(for: ProviderID(rawValue: providerName)))
        let vector = try #require(try SignatureVector.all(providerName).first { $0.name == name })
        let harness = try await BridgeHarness()
        var headers = HTTPFields()
        for (field, value) in vector.headers { headers[try #require(HTTPField.Name(field))] = value }
        headers[.contentType] = Self.contentType(vector, definition)
        let body = try vector.bodyBytes(providerName)
        let request = headers
        let response = try await harness.withBridge(Self.environment(harness, definition, vector.credentials)) { client in
            try await client.execute(uri: "/webhooks/\(providerName)", method: .post, headers: request, body: ByteBuffer(bytes: body))
        }
        let stored = try await harness.store.events(EventQuery(provider: providerName, limit: 10))
        if vector.status == 200 {
            // Verified. A published vector's body is often no event (`{"data": ["1", "2"]}`):
            // that is kept aside and answered 400 saying so, which is the verdict seen from here.
            if response.status == .badRequest {
                #expect(response.text.contains("signature verified, but the body is not"), "\(response.text)")
            } else {
                #expect(response.status == .ok, "\(response.text)")
                #expect(!stored.isEmpty, "accepted but not stored")
            }
        } else {
            #expect(Int(response.status.code) == vector.status, "\(response.text)")
            #expect(stored.isEmpty, "refused, yet stored")
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: String])
            let error = try #require(answer["error"], "\(response.text)")
            if let fragment = vector.error { #expect(error.contains(fragment), "\(error)") }
            for secret in vector.secretValues where secret.count >= 8 { #expect(!response.text.contains(secret)) }
        }
    }

    @Test(arguments: ProviderRegistry.all.map(\.id.rawValue))
    func aBodyOfAnotherTypeIs415NamingTheTypesTaken(_ providerName: String) async throws {
        let definition = try #require(ProviderRegistry.definition(for: ProviderID(rawValue: providerName)))
        let vector = try #require(try SignatureVector.all(providerName).first { $0.status == 200 })
        let harness = try await BridgeHarness()
        var headers = HTTPFields()
        for (field, value) in vector.headers { headers[try #require(HTTPField.Name(field))] = value }
        headers[.contentType] = "text/plain"
        let body = try vector.bodyBytes(providerName)
        let request = headers
        let response = try await harness.withBridge(Self.environment(harness, definition, vector.credentials)) { client in
            try await client.execute(uri: "/webhooks/\(providerName)", method: .post, headers: request, body: ByteBuffer(bytes: body))
        }
        #expect(response.status == .unsupportedMediaType, "\(response.text)")
        let accepted = definition.make(ProviderCredentials()).accepts
        for type in accepted { #expect(response.text.contains(type.description), "\(response.text)") }
        #expect(try await harness.store.events(EventQuery(provider: providerName, limit: 10)).isEmpty)
    }
}
