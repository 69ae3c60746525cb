import BridgeCore
import Foundation
import TestFixtures
import Testing

/// A Standard Webhooks endpoint as `mappings/standard/example.yaml` declares it: the invented
/// sender's payloads become the hand-written calls, and its signature vectors (made with the
/// standardwebhooks library and Ed25519) get the right verdicts.
@Suite struct StandardWebhooksEndpointTests {
    static func definition() throws -> ProviderDefinition {
        let path = "mappings/standard/example.yaml"
        let text = try String(contentsOf: Fixtures.repository.appendingPathComponent(path), encoding: .utf8)
        var file = DeclaredProviderFile(name: "example", file: path, kind: .standardWebhooks)
        return try file.parse(text).definition
    }

    @Test(arguments: Fixtures.expectations("standard-webhooks"))
    func fixture(_ name: String) async throws {
        try await ProviderFixtureTests.check(Self.definition(), fixtures: "standard-webhooks", name)
    }

    @Test func itIsServedUnderStandardWithTheStandardsCredentials() throws {
        let definition = try Self.definition()
        #expect(definition.urlPath == "standard/example")
        #expect(definition.mappingFileName == "standard/example.yaml")
        #expect(definition.credentials.map { definition.id.variable($0.name) } == ["EXAMPLE_WEBHOOK_SECRET", "EXAMPLE_TOLERANCE_SECONDS"])
        // Deduplicated on webhook-id, typed and timed by the standard's body.
        let body = try Fixtures.bytes("standard-webhooks", "invoice.paid.json")
        let envelopes = try definition.make(ProviderCredentials()).envelopes(body: body, headers: WebhookHeaders(["webhook-id": "msg_1"]))
        #expect(envelopes == [EventEnvelope(id: "msg_1", type: "invoice.paid", occurredAt: PayloadTime.rfc3339("2025-11-24T16:00:00Z"))])
    }

    @Test func whatTheStandardFixesCannotBeDeclared() {
        var file = DeclaredProviderFile(name: "example", file: "mappings/standard/example.yaml", kind: .standardWebhooks)
        #expect(throws: MappingFileError.self) {
            try file.parse("provider:\n  signature: basic\nevents: {}\n")
        }
    }

    @Test(arguments: (try? SignatureVector.all("standard-webhooks").map(\.name)) ?? [])
    func vector(_ name: String) throws {
        let vector = try #require(try SignatureVector.all("standard-webhooks").first { $0.name == name })
        var credentials = ProviderCredentials()
        for (key, value) in vector.credentials {
            switch value {
            case .values(let list): credentials.values[key] = list
            case .seconds(let seconds): credentials.seconds[key] = seconds
            }
        }
        let provider = try Self.definition().make(credentials)
        let body = try vector.bodyBytes("standard-webhooks")
        do {
            try provider.verify(
                body: body, headers: WebhookHeaders(vector.headers),
                now: Date(timeIntervalSince1970: TimeInterval(vector.now)))
            #expect(vector.status == 200, "accepted")
        } catch {
            #expect(error.httpStatus == vector.status, "\(error)")
            if let fragment = vector.error { #expect(error.description.contains(fragment), "\(error)") }
        }
    }
}
