import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// `send-test`: every provider's sample, signed with the configured credentials, is accepted by
/// the real server and stored, and makes no FirstPromoter call (the check tracks nothing).
@Suite struct SendTestTests {
    @Test func everyProvidersSampleIsStoredAndMakesNoCall() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        let environment = harness.environment(firstPromoterPort: nil)
        let configuration = try BridgeConfiguration(environment: environment)
        #expect(configuration.providers.count == ProviderRegistry.all.count)
        // Every provider the bridge can sign for (not Paddle Classic: a key pair's public half).
        let signable = configuration.providers.filter { $0.definition.testWebhook != nil }
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            for settings in signable {
                let definition = settings.definition
                let maker = try #require(definition.testWebhook)
                let webhook = try maker(settings.credentials, nil, "1", Date())
                var headers: HTTPFields = [.contentType: webhook.contentType]
                for (name, value) in webhook.headers { headers[HTTPField.Name(name)!] = value }
                let response = try await client.execute(
                    uri: "/webhooks/\(definition.id)", method: .post, headers: headers, body: ByteBuffer(bytes: webhook.body))
                #expect(response.status == .ok, "\(definition.id): \(response.text)")
                // FastSpring's answer lists the ids taken; the others' say "stored".
                let listsIDs = definition.make(settings.credentials).acknowledgesEventIDs
                #expect(
                    listsIDs ? response.text == "bridge-test-1\n" : response.text.contains(#""status":"stored""#),
                    "\(definition.id): \(response.text)")
            }
            try await BridgeHarness.eventually("every sample is mapped") { try await harness.settled() }
        }
        let events = try await harness.store.events(EventQuery(limit: 20))
        #expect(events.count == signable.count)
        #expect(events.allSatisfy { $0.state == .mapped }, "\(events.map { "\($0.provider) \($0.state) \($0.error ?? "")" })")
        #expect(try await harness.deliveries().allSatisfy { $0.status == .ignored })
        #expect(firstPromoter.calls.isEmpty)
    }

    /// An XML-only Recurly setup gets an XML sample behind its basic authentication: an account
    /// notification, which every XML endpoint receives. It is stored once (under its body's
    /// digest, sent twice) and maps to nothing.
    @Test func recurlyWithOnlyTheXMLEndpointGetsAnXMLSample() async throws {
        let harness = try await BridgeHarness()
        var environment = harness.environment(firstPromoterPort: nil)
        environment["RECURLY_WEBHOOK_SECRET"] = nil
        environment["RECURLY_API_KEY"] = nil
        let configuration = try BridgeConfiguration(environment: environment)
        let recurly = try #require(configuration.providers.first { $0.definition.id == "recurly" })
        let maker = try #require(recurly.definition.testWebhook)
        let webhook = try maker(recurly.credentials, nil, "xml", Date())
        #expect(webhook.contentType == "application/xml")
        var headers: HTTPFields = [.contentType: webhook.contentType]
        for (name, value) in webhook.headers { headers[HTTPField.Name(name)!] = value }
        let request = headers
        try await harness.withBridge(environment) { client in
            for answer in [#""status":"stored""#, #""status":"duplicate""#] {
                let response = try await client.execute(
                    uri: "/webhooks/recurly", method: .post, headers: request, body: ByteBuffer(bytes: webhook.body))
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.text.contains(answer), "\(response.text)")
            }
            try await BridgeHarness.eventually("the sample is mapped") { try await harness.settled() }
        }
        let events = try await harness.store.events(EventQuery(provider: "recurly", limit: 5))
        #expect(events.map(\.eventType) == ["new_account_notification"])
        #expect(events.allSatisfy { $0.state == .mapped })
        #expect(try await harness.deliveries().allSatisfy { $0.status == .ignored })
    }

    @Test func aSampleNeedsItsCredentials() throws {
        let stripe = ProviderRegistry.definition(for: "stripe")!
        let maker = try #require(stripe.testWebhook)
        #expect(throws: PayloadError.self) { try maker(ProviderCredentials(), nil, "1", Date()) }
    }
}
