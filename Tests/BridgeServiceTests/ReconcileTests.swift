import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestFixtures
import Testing

/// `reconcile` against a fake Stripe API on loopback and the real store: the events the bridge
/// never received, with the calls they would make, and what it stored but did not deliver.
@Suite struct ReconcileTests {
    static func reconciliation(_ server: Int, store: any BridgeStore) -> Reconciliation {
        let listing = StripeEventListing(key: BackfillTests.key, baseURL: "http://127.0.0.1:\(server)")
        var reconciliation = Reconciliation(
            listing: listing, provider: StripeProvider.definition.make(ProviderCredentials()), rules: StripeMapper.schema.defaults,
            window: BackfillTests.window, store: store)
        reconciliation.fetcher = ProviderAPIClient(timeoutSeconds: 5)
        reconciliation.now = { BackfillTests.day(27) }
        return reconciliation
    }

    @Test func missedWebhooksAndUndeliveredCallsAreListedWithTotalsThenImported() async throws {
        let harness = try await BridgeHarness()
        let api = try FakeStripeAPI(fixtures: BackfillTests.fixtures + ["invoice.paid.jpy"])
        // FirstPromoter refuses both calls the bridge makes (dead letters).
        let firstPromoter = FakeFirstPromoter(answers: [400, 400])
        try await api.application.test(.live) { server in
            // The bridge received two of the six webhooks.
            try await harness.withBridge(firstPromoter: firstPromoter) { client in
                for fixture in ["invoice.paid.basil-tax-discount", "customer.updated.referral"] {
                    #expect(try await BridgeHarness.post(client, fixture: fixture).status == .ok)
                }
                try await BridgeHarness.eventually("nothing is left to send") { try await harness.settled() }
            }
            let report = try await Self.reconciliation(server.port!, store: harness.store).run(importing: false, progress: { _ in })
            #expect(report.listed == 6)
            let missing = report.findings.filter { $0.kind == "missing" }
            #expect(Set(missing.map(\.eventID)) == ["evt_1InvPay", "evt_1RefundBasil", "evt_1SubDel", "evt_1Yen"], "\(missing)")
            let refund = try #require(missing.first { $0.eventID == "evt_1RefundBasil" })
            #expect(refund.action == "refund" && refund.amount == 4800 && refund.currency == "USD", "\(refund)")
            #expect(missing.first { $0.eventID == "evt_1SubDel" }?.action == "cancellation")
            #expect(missing.first { $0.eventID == "evt_1InvPay" }?.action == nil)
            let yen = try #require(missing.first { $0.eventID == "evt_1Yen" })
            #expect(yen.action == "sale" && yen.currency == "JPY", "\(yen)")
            let dead = try #require(report.findings.first { $0.kind == "dead" && $0.action == "sale" }, "\(report.findings)")
            #expect(dead.eventID == "evt_1BasilTax" && dead.action == "sale" && dead.amount == 8000 && dead.note?.contains("400") == true, "\(dead)")
            #expect(report.tally.missing == 4 && report.missing == 4)
            #expect(report.tally.lines.first { $0.kind == "missing" && $0.action == "sale" }?.amounts == ["JPY": yen.amount ?? -1])
            #expect(report.tally.lines.first { $0.kind == "dead" && $0.action == "sale" }?.amounts == ["USD": 8000])

            // Imported: stored as backfill stores them, and nothing is missing any more.
            let imported = try await Self.reconciliation(server.port!, store: harness.store).run(importing: true, progress: { _ in })
            #expect(imported.imported == 4)
            let after = try await Self.reconciliation(server.port!, store: harness.store).run(importing: false, progress: { _ in })
            #expect(after.missing == 0 && after.tally.missing == 0, "\(after.findings)")
        }
    }
}
