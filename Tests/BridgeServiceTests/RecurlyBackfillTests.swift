import BridgeCore
import BridgeService
import Foundation
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// `backfill recurly` against a fake Recurly v3 API on loopback: its paid charge invoices,
/// refunds and canceled subscriptions listed a day at a time and made into the JSON webhooks
/// that name them; the real service then fetches each object from the same API and delivers the
/// webhooks' calls.
@Suite struct RecurlyBackfillTests {
    /// The fixtures' invoice is of 2025-11-24, its refund of the 25th, the cancellation of the 26th.
    static let window = try! BackfillWindow(since: BackfillTests.day(24), until: BackfillTests.day(27))

    @Test func invoicesRefundsAndCancellationsAreListedAndMakeTheWebhooksCalls() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        let recurly = try FakeProviderAPI(
            "recurly", fixtures: ["charge_invoice.paid", "charge_invoice.paid.failed", "payment.refunded", "subscription.canceled"])
        try await recurly.application.test(.live) { api in
            var run = BackfillRun(
                listing: RecurlyListing.make(key: BridgeHarness.recurlyAPIKey, baseURL: "http://127.0.0.1:\(api.port!)"),
                provider: RecurlyProvider.definition.make(ProviderCredentials()), window: Self.window,
                eventTypes: RecurlyMapper.schema.defaults.events.values.flatMap { $0 }, fetcher: ProviderAPIClient(timeoutSeconds: 5),
                inbox: harness.store)
            run.now = { Self.window.until }
            let summary = try await run.run(progress: { _ in })
            // The failed invoice and the refunded purchase are not events; the others are, once.
            #expect(summary.events == 3 && summary.imported == 3, "\(summary)")
            try await harness.withBridge(firstPromoter: firstPromoter, extra: ["RECURLY_API_URL": "http://127.0.0.1:\(api.port!)/"]) { client in
                // The invoice's webhook is another event, but the same sale: sent once.
                let webhook = try await BridgeHarness.postRecurly(client, fixture: "charge_invoice.paid")
                #expect(webhook.status == .ok, "\(webhook.text)")
                try await BridgeHarness.eventually("sale, refund and cancellation are delivered") {
                    let delivered = try await harness.deliveries(.delivered).count
                    return try await harness.settled() && delivered == 3
                }
            }
        }
        let lists = recurly.requests.filter { ["/invoices", "/transactions", "/subscriptions"].contains($0.path) }
        // Three days, four lists each; one object a page, so a day with one more asks again.
        #expect(lists.count >= 12, "\(lists.map(\.path))")
        let paths = firstPromoter.calls.map(\.path)
        #expect(paths.sorted() == ["/api/v1/track/cancellation", "/api/v1/track/refund", "/api/v1/track/sale"], "\(paths)")
        let sale = try #require(firstPromoter.calls.first { $0.path == "/api/v1/track/sale" })
        #expect(sale.body.contains("event_id=recurly-invoice-1001&amount=9000&plan=pro-monthly&currency=USD&mrr=9000"), "\(sale.body)")
        let refund = try #require(firstPromoter.calls.first { $0.path == "/api/v1/track/refund" })
        #expect(refund.body.contains("amount=4500&currency=USD&sale_event_id=recurly-invoice-1001"), "\(refund.body)")
    }

    /// A reconcile fetches what each missing webhook would have named, to show its call.
    @Test func aReconcileShowsTheCallsOfWhatItFetches() async throws {
        let harness = try await BridgeHarness()
        let recurly = try FakeProviderAPI("recurly", fixtures: ["charge_invoice.paid", "payment.refunded", "subscription.canceled"])
        try await recurly.application.test(.live) { api in
            let origin = "http://127.0.0.1:\(api.port!)"
            let provider = RecurlyProvider.definition.make(
                ProviderCredentials(values: ["API_KEY": [BridgeHarness.recurlyAPIKey], "API_URL": [origin]]))
            var reconciliation = Reconciliation(
                listing: RecurlyListing.make(key: BridgeHarness.recurlyAPIKey, baseURL: origin), provider: provider,
                rules: RecurlyMapper.schema.defaults, window: Self.window, store: harness.store)
            reconciliation.fetcher = ProviderAPIClient(timeoutSeconds: 5)
            reconciliation.lookups = ProviderAPIClient(timeoutSeconds: 5)
            reconciliation.now = { Self.window.until }
            let report = try await reconciliation.run(importing: false, progress: { _ in })
            #expect(report.missing == 3, "\(report.findings)")
            let sale = try #require(report.findings.first { $0.action == "sale" }, "\(report.findings)")
            #expect(sale.firstPromoterEventID == "recurly-invoice-1001" && sale.amount == 9000 && sale.currency == "USD")
            // On its own, as refunded, tax in: the sale's share of tax comes from the bridge's record of it.
            #expect(report.findings.contains { $0.action == "refund" && $0.amount == 4860 }, "\(report.findings)")
            #expect(report.findings.contains { $0.action == "cancellation" })
        }
    }

    /// The next page is asked by its cursor alone, on the path built here: a `next` naming another
    /// host or path cannot move the key.
    @Test func theNextPageKeepsThePathBuiltHere() throws {
        let listing = RecurlyListing.make(key: "k", baseURL: "http://127.0.0.1:1")
        let first = listing.firstRequest(for: Self.window.days[0], eventTypes: ["charge_invoice.paid"])
        #expect(first.path.hasPrefix("/invoices?type=charge&limit=200&order=asc&sort=created_at&begin_time=2025-11-24T00%3A00%3A00Z&end_time=2025-11-25T00%3A00%3A00Z"))
        let page = Array(#"{"object":"list","has_more":true,"next":"https://evil.example/steal?cursor=abc%26x","data":[]}"#.utf8)
        let next = try #require(try listing.read(page, of: first, window: Self.window.days[0], eventTypes: ["charge_invoice.paid"]).next)
        #expect(next.path == first.path + "&cursor=abc%26x")
    }
}
