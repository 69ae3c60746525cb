import BridgeCore
import BridgeService
import Foundation
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// `backfill polar` against a fake Polar API on loopback (no events, lists newest first with no
/// time filter, as Polar's): its orders and ended subscriptions made into the events its webhooks
/// carried, in one pass, then delivered by the real service.
@Suite struct PolarBackfillTests {
    /// The fixtures' orders are of 2025-11-24 (one refunded in full on the 27th), the cancellation of 2025-12-01.
    static let window = try! BackfillWindow(since: BackfillTests.day(24), until: BackfillTests.day(24).addingTimeInterval(8 * 86_400))

    @Test func ordersRefundsAndCancellationsMakeTheWebhooksCalls() async throws {
        let harness = try await BridgeHarness()
        let api = try FakePolarAPI(fixtures: ["order.paid.one-time", "order.paid.subscription-first", "order.refunded.full", "subscription.revoked"])
        let firstPromoter = FakeFirstPromoter()
        try await api.application.test(.live) { server in
            var run = BackfillRun(
                listing: PolarListing.make(key: "polar_oat_test", baseURL: "http://127.0.0.1:\(server.port!)"),
                provider: PolarProvider.definition.make(ProviderCredentials()), window: Self.window,
                eventTypes: PolarMapper.schema.defaults.events.values.flatMap { $0 }, fetcher: ProviderAPIClient(timeoutSeconds: 5),
                inbox: harness.store)
            run.now = { Self.window.until }
            let summary = try await run.run(progress: { _ in })
            // Two orders paid, one of them refunded since; the subscription that ended.
            #expect(summary.events == 4 && summary.imported == 4, "\(summary)")
            try await harness.withBridge(firstPromoter: firstPromoter) { _ in
                try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
            }
        }
        #expect(api.requests.allSatisfy { $0.authorization == "Bearer polar_oat_test" })
        #expect(api.requests.first?.query.contains(URLQueryItem(name: "sorting", value: "-created_at")) == true)
        let calls = firstPromoter.calls
        #expect(calls.filter { $0.path == "/api/v1/track/sale" }.count == 2, "\(calls.map(\.body))")
        // The refunds the webhooks sent one by one (1,000 then 1,000), as one of their total, after its sale.
        let refund = try #require(calls.first { $0.path == "/api/v1/track/refund" }, "\(calls.map(\.body))")
        #expect(
            refund.body.contains("event_id=0rd00000-0000-4000-8000-000000000010-refunded-2400&amount=2000&currency=USD&sale_event_id=0rd00000-0000-4000-8000-000000000010"),
            "\(refund.body)")
        #expect(calls.contains { $0.path == "/api/v1/track/cancellation" && $0.body.contains("event_id=5b0b0000-0000-4000-8000-000000000002") })
    }
}
