import BridgeCore
import BridgeService
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// `BRIDGE_RECONCILE_EVERY`: a pass imports what the bridge missed, counts it in
/// `bridge_reconcile_missing_total{provider}` and records itself; an outage is logged and recorded,
/// never thrown; the service runs passes on its own.
@Suite struct ReconcileServiceTests {
    static func target(_ port: Int) -> ReconcileService.Target {
        ReconcileService.Target(
            provider: StripeProvider.definition.make(ProviderCredentials()),
            listing: StripeEventListing(key: BackfillTests.key, baseURL: "http://127.0.0.1:\(port)"), rules: StripeMapper.schema.defaults)
    }

    static func service(_ port: Int, store: any BridgeStore, metrics: BridgeMetrics) -> ReconcileService {
        var service = ReconcileService(
            targets: [target(port)], store: store, metrics: metrics, logger: Logger(label: "reconcile-test"), every: .seconds(3600))
        service.fetcher = ProviderAPIClient(timeoutSeconds: 5)
        return service
    }

    @Test func aPassImportsWhatWasMissedCountsItAndRecordsIt() async throws {
        let harness = try await BridgeHarness()
        let api = try FakeStripeAPI(fixtures: BackfillTests.fixtures)
        try await api.application.test(.live) { server in
            let metrics = BridgeMetrics()
            let service = Self.service(server.port!, store: harness.store, metrics: metrics)
            // The 23rd to the 26th of November 2025: the fixtures' five events, none received.
            await service.reconcile(Self.target(server.port!), now: BackfillTests.day(26))
            #expect(metrics.render().contains(#"bridge_reconcile_missing_total{provider="stripe"} 5"#), "\(metrics.render())")
            #expect(try await harness.store.events(EventQuery(provider: "stripe", limit: 20)).count == 5)
            let first = try #require(try await harness.store.latestImportRuns().first)
            #expect(first.kind == .reconcile && first.events == 5 && first.imported == 5 && first.stopped == nil, "\(first)")

            // Again: nothing missed; the counter stays.
            await service.reconcile(Self.target(server.port!), now: BackfillTests.day(26).addingTimeInterval(60))
            #expect(metrics.render().contains(#"bridge_reconcile_missing_total{provider="stripe"} 5"#))
            #expect(try await harness.store.latestImportRuns().first?.imported == 0)

            // A refused key: logged and recorded, not thrown; nothing counted.
            api.queue(.status(401))
            await service.reconcile(Self.target(server.port!), now: BackfillTests.day(26).addingTimeInterval(120))
            let refused = try #require(try await harness.store.latestImportRuns().first)
            #expect(refused.stopped?.contains("STRIPE_API_KEY") == true, "\(refused)")
            #expect(!(refused.stopped ?? "").contains(BackfillTests.key))
            #expect(metrics.render().contains(#"bridge_reconcile_missing_total{provider="stripe"} 5"#))
        }
    }

    @Test func theServiceRunsPassesOnItsOwn() async throws {
        let harness = try await BridgeHarness()
        let api = try FakeStripeAPI(fixtures: [])
        try await api.application.test(.live) { server in
            let metrics = BridgeMetrics()
            var service = Self.service(server.port!, store: harness.store, metrics: metrics)
            service.firstAfter = .milliseconds(10)
            let running = Task { try await service.run() }
            try await BridgeHarness.eventually("a pass is recorded") { try await !harness.store.latestImportRuns().isEmpty }
            running.cancel()
            _ = await running.result
            #expect(metrics.render().contains(#"bridge_reconcile_missing_total{provider="stripe"} 0"#))
            // Three days, read a day at a time (the last one short).
            #expect(api.requests.count >= 3 && api.requests.count <= 4, "\(api.requests.count)")
        }
    }

    /// A service with nothing to do is not started: one that returned would end the application
    /// (as `BRIDGE_RETENTION_DAYS=0` once did, at start).
    @Test func aBridgeWithNothingToPruneOrReconcileStaysUp() async throws {
        let harness = try await BridgeHarness()
        let extra = ["BRIDGE_RETENTION_DAYS": "0", "BRIDGE_RECONCILE_EVERY": "6h"]
        try await harness.withBridge(firstPromoter: FakeFirstPromoter(), extra: extra) { client in
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
        }
    }
}
