import BridgeCore
import BridgeService
import Foundation
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// `backfill paystack` against a fake Paystack transactions API on loopback: each successful
/// transaction of a day made into its `charge.success`, under the id its webhook has (the
/// reference), then delivered by the real service.
@Suite struct PaystackBackfillTests {
    static let window = try! BackfillWindow(since: BackfillTests.day(24), until: BackfillTests.day(25))

    @Test func transactionsAreTheirChargesUnderTheWebhooksIds() async throws {
        let harness = try await BridgeHarness()
        let api = try FakePaystackAPI(fixtures: ["charge.success", "charge.success.plan-monthly", "charge.success.plan-annual"])
        let firstPromoter = FakeFirstPromoter()
        try await api.application.test(.live) { server in
            let credentials = ProviderCredentials(values: ["SECRET_KEY": ["sk_test_one", "sk_test_two"], "API_URL": ["http://127.0.0.1:\(server.port!)"]])
            let listing = try #require(PaystackProvider.definition.listing?(credentials))
            var run = BackfillRun(
                listing: listing, provider: PaystackProvider.definition.make(credentials), window: Self.window,
                eventTypes: PaystackMapper.schema.defaults.events.values.flatMap { $0 }, fetcher: ProviderAPIClient(timeoutSeconds: 5),
                inbox: harness.store)
            run.now = { Self.window.until }
            let summary = try await run.run(progress: { _ in })
            // The two payments of the 24th, two pages; the one of 2016 is not asked for.
            #expect(summary.events == 2 && summary.imported == 2 && summary.pages == 2, "\(summary)")
            try await harness.withBridge(firstPromoter: firstPromoter) { client in
                // The webhook of an imported charge is the same event.
                let webhook = try await BridgeHarness.postPaystack(client, fixture: "charge.success.plan-monthly")
                #expect(webhook.text.contains(#""status":"duplicate""#), "\(webhook.text)")
                try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
            }
        }
        // The first secret key (during a roll, the one in use) reads the API.
        #expect(api.requests.allSatisfy { $0.authorization == "Bearer sk_test_one" })
        #expect(api.requests.first?.query.contains(URLQueryItem(name: "from", value: "2025-11-24T00:00:00Z")) == true)
        let sales = firstPromoter.calls.filter { $0.path == "/api/v1/track/sale" }
        #expect(sales.count == 2, "\(firstPromoter.calls.map(\.body))")
        #expect(sales.contains { $0.body.contains("event_id=T0000000001monthly&amount=500000") }, "\(sales.map(\.body))")
    }
}
