import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// `backfill stripe` over days Stripe no longer keeps events for: read from a fake Stripe API's
/// object lists (invoices, payment intents, checkout sessions, refunds, canceled subscriptions),
/// each made into the event its webhook carried, then delivered by the real service: the same
/// FirstPromoter calls as the webhooks, once.
@Suite struct StripeObjectBackfillTests {
    static let window = try! BackfillWindow(since: BackfillTests.day(23), until: BackfillTests.day(25))
    static let fixtures = [
        "invoice.paid.basil-tax-discount", "charge.refunded.basil-linked", "customer.subscription.deleted",
        "checkout.session.completed.payment", "payment_intent.succeeded.carol",
    ]

    func run(_ api: FakeStripeAPI, port: Int, inbox: (any BridgeStore)?) async throws -> BackfillRun.Summary {
        var run = BackfillRun(
            listing: StripeListing.make(key: BackfillTests.key, baseURL: "http://127.0.0.1:\(port)"),
            provider: StripeProvider.definition.make(ProviderCredentials()), window: Self.window,
            eventTypes: StripeMapper.schema.defaults.events.values.flatMap { $0 }, fetcher: ProviderAPIClient(timeoutSeconds: 5), inbox: inbox)
        // Two months later: Stripe's events no longer reach these days.
        run.now = { BackfillTests.day(25).addingTimeInterval(60 * 86_400) }
        return try await run.run(progress: { _ in })
    }

    @Test func olderDaysAreReadFromObjectsAndMakeTheWebhooksCallsOnce() async throws {
        let harness = try await BridgeHarness()
        // Since basil an invoice names its payment only in its expanded `payments`: the refund's link.
        let api = try FakeStripeAPI(fixtures: Self.fixtures, invoicePayments: ["in_1BasilTax": "pi_1BasilTax"])
        let firstPromoter = FakeFirstPromoter()
        try await api.application.test(.live) { server in
            let summary = try await run(api, port: server.port!, inbox: harness.store)
            #expect(summary.events == 5 && summary.imported == 5, "\(summary)")
            let again = try await run(api, port: server.port!, inbox: harness.store)
            #expect(again.events == 0, "\(again)")
            try await harness.withBridge(firstPromoter: firstPromoter) { client in
                // The webhook of an imported invoice is another event, but the same sale: sent once.
                let webhook = try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount")
                #expect(webhook.status == .ok, "\(webhook.text)")
                try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
            }
        }
        let requests = api.requests
        #expect(!requests.contains { $0.path == "/v1/events" })
        #expect(requests.allSatisfy { $0.version == "2025-10-29.clover" && $0.authorization == "Bearer \(BackfillTests.key)" })
        let invoices = try #require(requests.first { $0.path == "/v1/invoices" })
        #expect(invoices.query.contains(URLQueryItem(name: "status", value: "paid")))
        #expect(invoices.query.contains(URLQueryItem(name: "expand[]", value: "data.payments")))
        #expect(invoices.query.contains(URLQueryItem(name: "created[gte]", value: "1763856000")))
        let refunds = try #require(requests.first { $0.path == "/v1/refunds" })
        #expect(refunds.query.contains(URLQueryItem(name: "expand[]", value: "data.charge")))

        let calls = firstPromoter.calls
        let sales = calls.filter { $0.path == "/api/v1/track/sale" }
        #expect(sales.count == 2, "\(calls.map(\.body))")
        // As the webhooks' expectations say: the invoice without tax, its refund linked and scaled.
        let invoiceSale = try #require(sales.first { $0.body.contains("event_id=in_1BasilTax") })
        #expect(invoiceSale.body.contains("amount=8000&plan=price_pro_monthly&currency=USD&mrr=10000"), "\(invoiceSale.body)")
        #expect(sales.contains { $0.body.contains("event_id=pi_1Carol&amount=5000&currency=EUR") }, "\(sales.map(\.body))")
        let refund = try #require(calls.first { $0.path == "/api/v1/track/refund" })
        #expect(refund.body.contains("event_id=ch_1BasilTax-refunded-4800&amount=4000&currency=USD&sale_event_id=in_1BasilTax"), "\(refund.body)")
        #expect(calls.contains { $0.path == "/api/v1/track/cancellation" && $0.body.contains("event_id=sub_Alice") })
        #expect(calls.contains { $0.path == "/api/v1/track/signup" && $0.body.contains("tid=tid_carol") })
    }

    /// Events made of objects have ids of their own: a reconcile over older days finds a payment
    /// missing by its calls, not by the id its webhook had.
    @Test func aReconcileOverOlderDaysComparesCallsNotIds() async throws {
        let harness = try await BridgeHarness()
        let api = try FakeStripeAPI(fixtures: Self.fixtures, invoicePayments: ["in_1BasilTax": "pi_1BasilTax"])
        try await api.application.test(.live) { server in
            func reconcile() async throws -> Reconciliation.Report {
                var reconciliation = Reconciliation(
                    listing: StripeListing.make(key: BackfillTests.key, baseURL: "http://127.0.0.1:\(server.port!)"),
                    provider: StripeProvider.definition.make(ProviderCredentials()), rules: StripeMapper.schema.defaults, window: Self.window,
                    store: harness.store)
                reconciliation.fetcher = ProviderAPIClient(timeoutSeconds: 5)
                reconciliation.now = { BackfillTests.day(25).addingTimeInterval(60 * 86_400) }
                return try await reconciliation.run(importing: false, progress: { _ in })
            }
            let before = try await reconcile()
            let missing = before.findings.filter { $0.kind == "missing" }.compactMap(\.firstPromoterEventID)
            #expect(Set(missing).isSuperset(of: ["in_1BasilTax", "ch_1BasilTax-refunded-4800", "sub_Alice", "pi_1Carol"]), "\(before.findings)")
            // The webhooks came after all: stored under Stripe's event ids, their calls queued.
            try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
                for fixture in Self.fixtures + ["invoice_payment.paid"] {
                    let response = try await BridgeHarness.post(client, fixture: fixture)
                    #expect(response.status == .ok, "\(fixture): \(response.text)")
                }
                try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
            }
            let after = try await reconcile()
            #expect(after.missing == 0 && after.listed == before.listed, "\(after.findings)")
        }
    }

    @Test func aRefundWhoseChargeIsNotExpandedIsNamed() throws {
        let collection = try #require(StripeListing.collections.first { $0.eventTypes == ["charge.refunded"] })
        let page = Array(#"{"object":"list","data":[{"id":"re_1","object":"refund","status":"succeeded","created":1763900000,"charge":"ch_1"}],"has_more":false}"#.utf8)
        #expect(throws: PayloadError.self) { try collection.read(page, of: "/v1/refunds", day: Self.window, asked: ["charge.refunded"]) }
    }
}
