import CoreMetrics
import Foundation
import Metrics
import Prometheus
import Synchronization

/// The service's metrics, recorded through swift-metrics into its own Prometheus registry (not
/// the process-wide one, so that tests can run several bridges) and served on `GET /metrics`.
public final class BridgeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// Made once per label set: making one goes through the registry's lock and label checks,
    /// too much on every webhook.
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: Metrics.Timer]>([:])

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let seconds: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                   .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30)]
        factory.defaultDurationHistogramBuckets = seconds
        self.factory = factory
    }

    /// One webhook answered: `stored`, `duplicate`, `rejected` (with why), `kept_undecodable`
    /// or `unavailable` (the store could not commit; answered 503).
    func webhook(provider: String, outcome: String, reason: String, duration: Duration) {
        counter("bridge_webhooks_total", [("provider", provider), ("outcome", outcome), ("reason", reason)]).increment()
        timer("bridge_webhook_answer_seconds", [("provider", provider)]).record(duration: duration)
    }

    /// One delivery attempt's result: tracked, duplicate, not_referral…, retry, dead or dry_run.
    func delivery(action: String, outcome: String) {
        counter("bridge_deliveries_total", [("action", action), ("outcome", outcome)]).increment()
        if outcome == "retry" { counter("bridge_retries_total", [("action", action)]).increment() }
    }

    /// Missed webhooks a reconcile found (and imported) for a provider; a provider that can be
    /// reconciled is exported at 0 before its first.
    func reconciled(provider: String, missing: Int) {
        counter("bridge_reconcile_missing_total", [("provider", provider)]).increment(by: missing)
    }

    func firstPromoterCall(action: String, duration: Duration) {
        timer("bridge_firstpromoter_call_seconds", [("action", action)]).record(duration: duration)
    }

    /// The outbox as it stands, read from the store at each scrape.
    func outbox(_ summary: StoreSummary, now: Date) {
        var byStatus: [String: Int] = [:]
        for count in summary.deliveries { byStatus[count.status, default: 0] += count.count }
        for status in ["pending", "held", "dead", "delivered", "dry_run", "ignored"] {
            Gauge(label: "bridge_deliveries", dimensions: [("status", status)], factory: factory).record(byStatus[status] ?? 0)
        }
        Gauge(label: "bridge_outbox_depth", factory: factory).record(byStatus["pending"] ?? 0)
        Gauge(label: "bridge_held_deliveries", factory: factory).record(summary.held)
        let age = summary.oldestPendingSince.map { max(now.timeIntervalSince($0), 0) } ?? 0
        Gauge(label: "bridge_oldest_pending_seconds", factory: factory).record(age)
        for (state, count) in summary.events {
            Gauge(label: "bridge_events", dimensions: [("state", state)], factory: factory).record(count)
        }
        if let last = summary.lastDeliveredAt {
            Gauge(label: "bridge_last_delivered_timestamp_seconds", factory: factory).record(last.timeIntervalSince1970)
        }
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Counter {
        Self.made(label, dimensions, in: counters) { CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory) }
    }

    private func timer(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Timer {
        Self.made(label, dimensions, in: timers) { Metrics.Timer(label: label, dimensions: dimensions, factory: factory) }
    }

    private static func made<Metric>(
        _ label: String, _ dimensions: [(String, String)], in cache: borrowing Mutex<[String: Metric]>, make: () -> Metric
    ) -> Metric {
        let key = label + dimensions.map { "|\($0.0)=\($0.1)" }.joined()
        return cache.withLock { made in
            if let metric = made[key] { return metric }
            let metric = make()
            made[key] = metric
            return metric
        }
    }

    /// The Prometheus text format.
    public func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
