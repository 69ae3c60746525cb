import BridgeCore
import BridgeService
import Foundation
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// `backfill braintree` against a fake Braintree search API on loopback: charged subscription
/// transactions, ended subscriptions and lost disputes searched for (ids, then elements 50 at a
/// time; disputes a page at a time) and made into the notifications their webhooks carried, then
/// delivered by the real service.
@Suite struct BraintreeBackfillTests {
    static let window = try! BackfillWindow(since: BackfillTests.day(24), until: BackfillTests.day(25))
    static let fixtures = [
        "subscription_charged_successfully", "subscription_charged_successfully.taxed-yearly", "subscription_canceled", "dispute_lost",
    ]

    @Test func searchesMakeTheNotificationsAndTheirCalls() async throws {
        let harness = try await BridgeHarness()
        let api = try FakeBraintreeAPI(fixtures: Self.fixtures)
        let firstPromoter = FakeFirstPromoter()
        try await api.application.test(.live) { server in
            let listing = BraintreeListing(
                merchantID: "m1", publicKey: BridgeHarness.braintreePublicKey, privateKey: BridgeHarness.braintreePrivateKey,
                environment: nil, baseURL: "http://127.0.0.1:\(server.port!)")
            var run = BackfillRun(
                listing: listing, provider: BraintreeProvider.definition.make(ProviderCredentials()), window: Self.window,
                eventTypes: BraintreeMapper.schema.defaults.events.values.flatMap { $0 }, fetcher: ProviderAPIClient(timeoutSeconds: 5),
                inbox: harness.store)
            run.now = { Self.window.until }
            let summary = try await run.run(progress: { _ in })
            // txn_new and txn_yearly (txn_old is of October), the cancellation, the dispute.
            #expect(summary.events == 4 && summary.imported == 4, "\(summary)")
            try await harness.withBridge(firstPromoter: firstPromoter) { client in
                // The webhook of an imported charge is another notification, but the same sale: sent once.
                let webhook = try await BridgeHarness.postBraintree(client, fixture: "subscription_charged_successfully")
                #expect(webhook.status == .ok, "\(webhook.text)")
                try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
            }
        }
        let requests = api.requests
        #expect(requests.allSatisfy { $0.version == "6" && $0.authorization == "Basic " + Data("integration_public_key:integration_private_key".utf8).base64EncodedString() })
        #expect(requests.map(\.path) == [
            "/merchants/m1/transactions/advanced_search_ids", "/merchants/m1/transactions/advanced_search",
            "/merchants/m1/subscriptions/advanced_search_ids", "/merchants/m1/subscriptions/advanced_search",
            "/merchants/m1/disputes/advanced_search",
        ])
        #expect(
            requests[0].body.hasPrefix(
                #"<search><created-at><min type="datetime">2025-11-24T00:00:00Z</min><max type="datetime">2025-11-25T00:00:00Z</max></created-at><type>sale</type><status type="array"><item>authorized</item>"#),
            "\(requests[0].body)")
        let calls = firstPromoter.calls
        let sales = calls.filter { $0.path == "/api/v1/track/sale" }
        // As the fixtures' expectations say.
        #expect(sales.count == 2, "\(calls.map(\.body))")
        #expect(sales.contains { $0.body.contains("event_id=txn_new&amount=4999&plan=pro-monthly&currency=USD&mrr=4999") }, "\(sales.map(\.body))")
        let refund = try #require(calls.first { $0.path == "/api/v1/track/refund" })
        #expect(refund.body.contains("event_id=dp_yearly&amount=50000&currency=USD&sale_event_id=txn_yearly"), "\(refund.body)")
        #expect(calls.contains { $0.path == "/api/v1/track/cancellation" && $0.body.contains("event_id=sub_monthly") })
    }
}
