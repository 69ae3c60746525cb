import BridgeCore
import Foundation
import Logging
import ServiceLifecycle

/// Reconciles the providers whose API key is set over the last 3 days, their missed webhooks
/// imported (the mapper then delivers them): every `BRIDGE_RECONCILE_EVERY`, and whenever the
/// operator asks (`ReconcileRequests`, from the admin API or the console). A log line each,
/// `bridge_reconcile_missing_total{provider}` counting what was missed (an alert rule fires on
/// it), and the run recorded (`ImportRun`, kind reconcile) for the operator.
public struct ReconcileService: Service {
    public struct Target: Sendable {
        var provider: any Provider
        var listing: any BackfillListing
        var rules: MappingRules

        public init(provider: any Provider, listing: any BackfillListing, rules: MappingRules) {
            self.provider = provider
            self.listing = listing
            self.rules = rules
        }
    }

    let targets: [Target]
    let store: any BridgeStore
    let metrics: BridgeMetrics
    let logger: Logger
    /// nil: only when asked.
    let every: Duration?
    let requests: ReconcileRequests
    /// How far back each reconcile reads: past any provider's own retries of a failed webhook.
    public var lookback: TimeInterval = 3 * 86_400
    /// The first pass, soon after start rather than at once: start-up has other work.
    public var firstAfter: Duration = .seconds(60)
    /// How each reconcile reads the provider's API.
    public var fetcher: any ListingFetcher = ProviderAPIClient(timeoutSeconds: 30)

    public init(
        targets: [Target], store: any BridgeStore, metrics: BridgeMetrics, logger: Logger, every: Duration?,
        requests: ReconcileRequests? = nil
    ) {
        self.targets = targets
        self.store = store
        self.metrics = metrics
        self.logger = logger
        self.every = every
        self.requests = requests ?? ReconcileRequests(providers: targets.map(\.provider.id))
    }

    /// Runs requests in turn until shutdown; its timer asks for every provider's.
    public func run() async throws {
        for target in targets { metrics.reconciled(provider: target.provider.id.rawValue, missing: 0) }
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingDiscardingTaskGroup { group in
                    if let every {
                        group.addTask {
                            try await Task.sleep(for: firstAfter)
                            while true {
                                requests.askEvery()
                                try await Task.sleep(for: every)
                            }
                        }
                    }
                    for await request in requests.stream {
                        try Task.checkCancellation()
                        switch request {
                        case .every:
                            for target in targets where !Task.isCancelled { await reconcile(target, now: Date()) }
                        case .one(let provider):
                            guard let target = targets.first(where: { $0.provider.id == provider }) else { continue }
                            logger.notice("reconcile asked for", metadata: ["provider": "\(provider)"])
                            await reconcile(target, now: Date())
                        }
                    }
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// One provider's reconcile, logged and recorded whatever happens; never throws, so that one
    /// provider's outage does not stop the others'.
    public func reconcile(_ target: Target, now: Date) async {
        let provider = target.provider.id
        let started = Date()
        let since = now.addingTimeInterval(-lookback)
        var run = ImportRun(provider: provider, kind: .reconcile, since: since, until: now, doneUntil: since, startedAt: started, updatedAt: started)
        do {
            let window = try BackfillWindow(since: since, until: now)
            var reconciliation = Reconciliation(listing: target.listing, provider: target.provider, rules: target.rules, window: window, store: store)
            reconciliation.fetcher = fetcher
            reconciliation.now = { now }
            let report = try await reconciliation.run(importing: true, progress: { _ in })
            metrics.reconciled(provider: provider.rawValue, missing: report.missing)
            run.doneUntil = now
            run.events = report.listed
            run.imported = report.imported
            run.duplicates = report.listed - report.missing
            let level: Logger.Level = report.missing > 0 ? .warning : .info
            logger.log(
                level: level, "reconciled",
                metadata: [
                    "provider": "\(provider)", "listed": "\(report.listed)", "missing": "\(report.missing)", "imported": "\(report.imported)",
                    "undelivered": "\(report.undelivered)", "since": "\(since.ISO8601Format())",
                ])
        } catch {
            run.stopped = "\(error)"
            logger.error("could not reconcile; trying again next time", metadata: ["provider": "\(provider)", "error": "\(error)"])
        }
        run.updatedAt = Date()
        do {
            try await store.recordImportRun(run)
        } catch {
            logger.error("could not record the reconcile", metadata: ["provider": "\(provider)", "error": "\(error)"])
        }
    }
}
