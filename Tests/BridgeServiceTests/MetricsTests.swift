import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TestFixtures
import Testing

/// `GET /metrics` through the real server: webhooks by outcome and why, deliveries by action and
/// outcome, the outbox as it stands, latency histograms; behind its token when one is set.
@Suite struct MetricsTests {
    @Test func webhooksDeliveriesAndTheOutboxAreCounted() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(answers: [503])
        // Reconciled every 6 h (no pass runs during the test): the counter is exported at 0.
        let reconciling = ["BRIDGE_RECONCILE_EVERY": "6h", "STRIPE_API_KEY": "rk_test_metrics", "STRIPE_API_URL": "http://127.0.0.1:1"]
        let text = try await harness.withBridge(firstPromoter: firstPromoter, extra: reconciling) { client in
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
            let forged = try await BridgeHarness.postSigned(
                client, provider: "stripe", body: Array(#"{"id":"evt_x","type":"invoice.paid"}"#.utf8), secret: "whsec_wrong")
            #expect(forged.status == .unauthorized)
            try await BridgeHarness.eventually("the sale is delivered after one retry") {
                try await harness.deliveries(.delivered).count == 1
            }
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            return response.text
        }
        for line in [
            #"bridge_webhooks_total{provider="stripe",outcome="stored",reason=""} 1"#,
            #"bridge_webhooks_total{provider="stripe",outcome="duplicate",reason=""} 1"#,
            #"bridge_webhooks_total{provider="stripe",outcome="rejected",reason="bad_signature"} 1"#,
            #"bridge_deliveries_total{action="sale",outcome="retry"} 1"#,
            #"bridge_deliveries_total{action="sale",outcome="tracked"} 1"#,
            #"bridge_retries_total{action="sale"} 1"#,
            #"bridge_deliveries{status="delivered"} 1"#,
            #"bridge_outbox_depth 0"#,
            #"bridge_oldest_pending_seconds 0"#,
            #"bridge_reconcile_missing_total{provider="stripe"} 0"#,
        ] {
            #expect(text.contains(line), "no \(line) in:\n\(text)")
        }
        #expect(text.contains(#"bridge_webhook_answer_seconds_count{provider="stripe"} 3"#), "\(text)")
        // The shipped dashboard and alert rules only name metrics the service exports.
        for file in ["grafana-dashboard.json", "prometheus-alerts.yml"] {
            let shipped = try String(
                contentsOf: Fixtures.repository.appendingPathComponent("scripts/monitoring/\(file)"), encoding: .utf8)
            for match in shipped.matches(of: /bridge_[a-z_]+/) {
                #expect(text.contains("\n\(match.output)") || text.contains("\n\(match.output){"), "\(file) names \(match.output)")
            }
        }
        #expect(text.contains(#"bridge_firstpromoter_call_seconds_count{action="sale"} 2"#), "\(text)")
        // Each alert rule has its promtool unit test (CI runs `promtool test rules` on them).
        let monitoring = Fixtures.repository.appendingPathComponent("scripts/monitoring")
        let rules = try String(contentsOf: monitoring.appendingPathComponent("prometheus-alerts.yml"), encoding: .utf8)
        let tests = try String(contentsOf: monitoring.appendingPathComponent("prometheus-alerts.test.yml"), encoding: .utf8)
        let alerts = rules.matches(of: /- alert: (\w+)/).map { String($0.output.1) }
        #expect(alerts.count == 6)
        for alert in alerts { #expect(tests.contains("alertname: \(alert)\n"), "no promtool test for \(alert)") }
    }

    @Test func metricsAskForTheirTokenWhenOneIsSet() async throws {
        let harness = try await BridgeHarness()
        let token = "metrics-token-0123456789"
        let (without, with) = try await harness.withBridge(firstPromoter: FakeFirstPromoter(), extra: ["BRIDGE_METRICS_TOKEN": token]) {
            client in
            (
                try await client.execute(uri: "/metrics", method: .get).status,
                try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(token)"]).status
            )
        }
        #expect(without == .unauthorized)
        #expect(with == .ok)
    }
}
