import BridgeCore
import Foundation
import Synchronization

/// `reconcile`: what a provider's API has that the bridge never stored (missed webhooks), and what
/// the bridge stored but never delivered (failed events, held and dead calls), over a window;
/// with `importing`, the missing events are stored as `backfill` stores them.
public struct Reconciliation: Sendable {
    /// One thing found: a missing event and the call it would make, or a stored one not delivered.
    public struct Finding: Sendable, Equatable, Encodable {
        /// missing, failed, held or dead.
        public var kind: String
        public var eventID: String
        public var type: String
        public var at: Date?
        /// The FirstPromoter call (sale, refund, cancellation, signup); nil when it makes none.
        public var action: String?
        public var firstPromoterEventID: String?
        public var amount: Int?
        public var currency: String?
        /// Why it makes no call, why it failed, or why it is held or dead.
        public var note: String?
    }

    public struct Report: Sendable {
        public var provider: ProviderID
        public var window: BackfillWindow
        public var findings: [Finding]
        public var tally: ReconcileTally
        /// Missing events stored by this run (`--import`).
        public var imported: Int
        /// Events the listing holds in the window.
        public var listed: Int
        /// Of those, the ones the bridge had never stored (each may make several calls).
        public var missing: Int
        /// Stored but not delivered: failed events, held and dead calls.
        public var undelivered: Int { findings.count(where: { $0.kind != "missing" }) }
    }

    let listing: any BackfillListing
    let provider: any Provider
    let rules: MappingRules
    let window: BackfillWindow
    let store: any BridgeStore
    public var fetcher: any ListingFetcher = ProviderAPIClient(timeoutSeconds: 30)
    /// Fetches what a missing event names (Recurly's objects), to show its calls: a request per
    /// such event each run.
    public var lookups: any ProviderAPIFetcher = ProviderAPIClient(timeoutSeconds: 30)
    /// Most stored events and calls of each kind read back.
    var limit = 10_000
    /// Today, for what the API still keeps.
    public var now: @Sendable () -> Date = { Date() }

    public init(listing: any BackfillListing, provider: any Provider, rules: MappingRules, window: BackfillWindow, store: any BridgeStore) {
        self.listing = listing
        self.provider = provider
        self.rules = rules
        self.window = window
        self.store = store
    }

    public func run(importing: Bool, progress: @Sendable (String) -> Void) async throws -> Report {
        // The listing read as a dry-run backfill reads it: a day at a time, each in time order.
        let listed = Mutex<[BackfillRun.Listed]>([])
        let events = ActionKind.routable.flatMap { rules.events[$0] ?? [] }
        var reading = BackfillRun(listing: listing, provider: provider, window: window, eventTypes: events, fetcher: fetcher, inbox: nil)
        reading.now = now
        _ = try await reading.run(progress: progress) { event in listed.withLock { $0.append(event) } }
        let all = listed.withLock { $0 }
        let stored = try await store.storedEventIDs(provider: provider.id, among: all.map(\.envelope.id))

        var findings: [Finding] = []
        var imported = 0
        var missed = 0
        for event in all where !stored.contains(event.envelope.id) {
            let found = try await missing(event.envelope, body: event.body, headers: event.headers)
            // Made of an object, it has an id of its own: the webhook, if it came, was stored under
            // another. Missing only if a call it makes is not queued.
            if event.reconstructed, try await queued(found) { continue }
            missed += 1
            findings += found
            guard importing else { continue }
            let incoming = IncomingEvent(
                provider: provider.id, envelope: event.envelope, body: event.body, headers: event.headers, receivedAt: Date())
            if case .stored = try await store.receive(incoming) { imported += 1 }
        }
        findings += try await undelivered()
        var tally = ReconcileTally()
        for finding in findings { tally.add(kind: finding.kind, action: finding.action, amount: finding.amount, currency: finding.currency) }
        return Report(provider: provider.id, window: window, findings: findings, tally: tally, imported: imported, listed: all.count, missing: missed)
    }

    /// A missing event as the calls it would make on its own (the bridge's memory not consulted).
    func missing(_ envelope: EventEnvelope, body: [UInt8], headers: [String: String]) async throws -> [Finding] {
        let base = Finding(kind: "missing", eventID: envelope.id, type: envelope.type, at: envelope.occurredAt?.date)
        let planned: [PlannedDelivery]
        do {
            var event = ProviderEvent(body: body, headers: WebhookHeaders(headers))
            // Documents a call cannot be known without (Recurly's objects); optional ones (Lemon
            // Squeezy's plans) are left out, as the call is the same without them.
            if provider.api?.optional == false, let failure = try await lookups.fetchLookups(into: &event, for: provider, rules: rules) {
                return [with(base) { $0.note = "its documents could not be fetched: \(failure)" }]
            }
            let mapping = try provider.map(event, rules: rules)
            guard case .decided(let decided, _) = try await ActionResolver.standalone(mapping, receivedAt: Date(), holds: rules.holds) else {
                return [with(base) { $0.note = "still waits after every hold" }]
            }
            planned = decided
        } catch {
            return [with(base) { $0.note = "does not map: \(error)" }]
        }
        let findings = planned.map { delivery in
            switch delivery {
            case .call(let call):
                with(base) {
                    $0.action = call.endpoint.rawValue
                    $0.firstPromoterEventID = call.eventID
                    $0.amount = call.value(of: "amount").flatMap { Int($0) }
                    $0.currency = call.value(of: "currency")
                }
            case .ignored(let reason): with(base) { $0.note = reason }
            }
        }
        return findings.isEmpty ? [with(base) { $0.note = "makes no call" }] : findings
    }

    /// True when every call of `findings` is in the outbox already (under any event), or it makes
    /// none (an object read only for what the mapper learns of it).
    func queued(_ findings: [Finding]) async throws -> Bool {
        for finding in findings {
            guard let action = finding.action, let eventID = finding.firstPromoterEventID else { continue }
            let query = DeliveryQuery(endpoint: ActionKind(rawValue: action), firstPromoterEventID: eventID, limit: 1)
            if try await store.deliveries(query).isEmpty { return false }
        }
        return true
    }

    /// Stored but not delivered: failed events, held and dead calls, received or queued since the
    /// window's start (whatever their payment's own date).
    func undelivered() async throws -> [Finding] {
        var findings: [Finding] = []
        for event in try await store.events(
            EventQuery(provider: provider.id.rawValue, state: .failed, since: window.since, limit: limit))
        {
            findings.append(Finding(kind: "failed", eventID: event.eventID, type: event.eventType, at: event.receivedAt, note: event.error))
        }
        for status in [DeliveryStatus.held, .dead] {
            for delivery in try await store.deliveries(
                DeliveryQuery(status: status, provider: provider.id.rawValue, since: window.since, limit: limit))
            {
                findings.append(
                    Finding(
                        kind: status.rawValue, eventID: delivery.providerEventID, type: delivery.eventType, at: delivery.createdAt,
                        action: delivery.call?.endpoint.rawValue, firstPromoterEventID: delivery.call?.eventID,
                        amount: delivery.call?.value(of: "amount").flatMap { Int($0) }, currency: delivery.call?.value(of: "currency"),
                        note: delivery.outcome))
            }
        }
        return findings
    }

    func with(_ finding: Finding, _ change: (inout Finding) -> Void) -> Finding {
        var finding = finding
        change(&finding)
        return finding
    }
}
