import BridgeCore
import BridgeService
import Foundation
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// `backfill lemonsqueezy` against a fake Lemon Squeezy API on loopback (no events, lists newest
/// first with no time filter, as Lemon Squeezy's): its orders, subscription invoices and
/// cancelled subscriptions made into the events its webhooks carried, in one pass, then
/// delivered by the real service.
@Suite struct LemonSqueezyBackfillTests {
    /// January and February 2023, where the fixtures' order, refund, renewal and cancellation are.
    static let window = try! BackfillWindow(
        since: Date(timeIntervalSince1970: 1_672_531_200), until: Date(timeIntervalSince1970: 1_677_628_800))
    static let fixtures = ["order_created.one-time", "order_refunded.partial", "subscription_payment_success.renewal", "subscription_cancelled"]

    func run(_ port: Int, inbox: (any BridgeStore)?, window: BackfillWindow = window) async throws -> BackfillRun.Summary {
        var run = BackfillRun(
            listing: LemonSqueezyListing.make(key: "ls_key", baseURL: "http://127.0.0.1:\(port)", storeID: "1"),
            provider: LemonSqueezyProvider.definition.make(ProviderCredentials()), window: window,
            eventTypes: LemonSqueezyMapper.schema.defaults.events.values.flatMap { $0 }, fetcher: ProviderAPIClient(timeoutSeconds: 5), inbox: inbox)
        run.now = { Self.window.until }
        return try await run.run(progress: { _ in })
    }

    @Test func ordersInvoicesAndCancellationsAreReadInOnePassAndMakeTheWebhooksCalls() async throws {
        // An order waits a moment for the subscription it may have started (1 s here).
        let harness = try await BridgeHarness(stripeMapping: nil, extraMappings: ["lemonsqueezy.yaml": "holds: {payment_seconds: 1}\n"])
        let api = try FakeLemonSqueezyAPI(fixtures: Self.fixtures)
        let firstPromoter = FakeFirstPromoter()
        try await api.application.test(.live) { server in
            let summary = try await run(server.port!, inbox: harness.store)
            // The order and its refund, the renewal, the cancellation.
            #expect(summary.events == 4 && summary.imported == 4, "\(summary)")
            // One pass: each list once, a page at a time (one object a page here).
            #expect(api.requests.map(\.path) == ["/v1/orders", "/v1/subscription-invoices", "/v1/subscriptions", "/v1/subscriptions"])
            #expect(try await run(server.port!, inbox: harness.store).events == 0)
            try await harness.withBridge(firstPromoter: firstPromoter) { client in
                // The order's webhook is another event (its own updated_at), but the same sale: sent once.
                let webhook = try await BridgeHarness.postLemonSqueezy(client, fixture: "order_created.one-time")
                #expect(webhook.status == .ok, "\(webhook.text)")
                try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
            }
            // A window after the order: the order list ends at its first older order.
            let later = try BackfillWindow(since: Date(timeIntervalSince1970: 1_675_209_600), until: Self.window.until)
            let before = api.requests.count
            _ = try await run(server.port!, inbox: nil, window: later)
            #expect(api.requests[before...].filter { $0.path == "/v1/orders" }.count == 1)
        }
        let first = try #require(api.requests.first)
        #expect(first.authorization == "Bearer ls_key")
        #expect(first.query.contains(URLQueryItem(name: "filter[store_id]", value: "1")) && first.query.contains(URLQueryItem(name: "page[size]", value: "100")))
        let calls = firstPromoter.calls
        // As the fixtures' expectations say.
        #expect(calls.filter { $0.path == "/api/v1/track/sale" }.count == 2, "\(calls.map(\.body))")
        #expect(calls.contains { $0.path == "/api/v1/track/sale" && $0.body.contains("event_id=order_1&amount=1499") }, "\(calls.map(\.body))")
        #expect(calls.contains { $0.path == "/api/v1/track/sale" && $0.body.contains("event_id=subscription_invoice_2&amount=999") })
        let refund = try #require(calls.first { $0.path == "/api/v1/track/refund" })
        #expect(refund.body.contains("event_id=order_1-refunded-929&amount=749") && refund.body.contains("sale_event_id=order_1"), "\(refund.body)")
        #expect(calls.contains { $0.path == "/api/v1/track/cancellation" && $0.body.contains("event_id=subscription_1") })
    }
}
