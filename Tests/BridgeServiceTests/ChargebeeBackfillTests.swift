import BridgeCore
import BridgeService
import Foundation
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// `backfill chargebee` against a fake Chargebee events API on loopback, into the real store, then
/// delivered by the real service as the webhooks would have been.
@Suite struct ChargebeeBackfillTests {
    /// The fixtures' customer and its referred, taxed payment are of 2020-12-11.
    static let window = try! BackfillWindow(
        since: Date(timeIntervalSince1970: 1_607_644_800), until: Date(timeIntervalSince1970: 1_607_644_800 + 86_400))

    @Test func eventsAreImportedOnceAndDeliveredAsTheirWebhooksWouldBe() async throws {
        let harness = try await BridgeHarness()
        let api = try FakeChargebeeAPI(fixtures: ["customer_created", "payment_succeeded.taxed-referred", "invoice_generated"])
        let firstPromoter = FakeFirstPromoter()
        try await api.application.test(.live) { server in
            let listing = ChargebeeEventListing(site: "acme", key: "cb_test_key", baseURL: "http://127.0.0.1:\(server.port!)")
            var run = BackfillRun(
                listing: listing, provider: ChargebeeProvider.definition.make(ProviderCredentials()), window: Self.window,
                eventTypes: ChargebeeMapper.schema.defaults.events.values.flatMap { $0 }, fetcher: ProviderAPIClient(timeoutSeconds: 5),
                inbox: harness.store)
            run.now = { Self.window.until }
            let summary = try await run.run(progress: { _ in })
            // The invoice event is not asked for: no call is made of it, and the mapper learns nothing.
            #expect(summary.events == 2 && summary.imported == 2, "\(summary)")
            try await harness.withBridge(firstPromoter: firstPromoter) { client in
                let webhook = try await BridgeHarness.postSigned(
                    client, provider: "chargebee", body: try Fixtures.bytes("chargebee", "payment_succeeded.taxed-referred.json"),
                    basicAuth: "chargebee:\(BridgeHarness.chargebeePassword)")
                #expect(webhook.text.contains(#""status":"duplicate""#), "\(webhook.text)")
                try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
            }
        }
        let request = try #require(api.requests.first)
        #expect(request.authorization == "Basic " + Data("cb_test_key:".utf8).base64EncodedString())
        #expect(request.query.contains(URLQueryItem(name: "occurred_at[after]", value: "1607644799")))
        #expect(request.query.contains(URLQueryItem(name: "event_type[in]", value: #"["customer_changed","customer_created","payment_refunded","payment_succeeded","subscription_cancelled"]"#)))
        // As the fixtures' expectations say: the sale, after the customer's signup.
        let paths = firstPromoter.calls.map(\.path)
        #expect(paths.contains("/api/v1/track/sale") && paths.contains("/api/v1/track/signup"), "\(paths)")
    }
}
