import BridgeCore
import Foundation

/// What an operator can see and do, from the command line or the admin API alike: one
/// implementation, so the two never disagree.
public struct Operations: Sendable {
    let queries: any OperatorQueries
    /// Replays go through the outbox's own rules.
    let outbox: any Outbox
    /// Backfills and reconciles as recorded.
    let imports: any ImportRuns

    public init(queries: any OperatorQueries, outbox: any Outbox, imports: any ImportRuns) {
        self.queries = queries
        self.outbox = outbox
        self.imports = imports
    }

    /// Every role from one store.
    public init(store: some OperatorQueries & Outbox & ImportRuns) {
        self.init(queries: store, outbox: store, imports: store)
    }

    /// The latest backfill and reconcile of each provider, newest first.
    public func importRuns() async throws -> [ImportRun] {
        try await imports.latestImportRuns()
    }

    public func summary(at date: Date = Date()) async throws -> StoreSummary {
        try await queries.summary(at: date)
    }

    public func events(_ query: EventQuery) async throws -> [StoredEvent] {
        try await queries.events(query)
    }

    public func deliveries(_ query: DeliveryQuery) async throws -> [Delivery] {
        try await queries.deliveries(query)
    }

    public func story(ofEvent row: Int64) async throws -> EventStory? {
        guard let event = try await queries.event(row: row) else { return nil }
        return try await story(of: event)
    }

    /// Every event any id names (invoice, charge, payment, customer, subscription, the
    /// provider's event id, FirstPromoter's event_id), each with its story; newest first.
    public func find(_ id: String, limit: Int = 20) async throws -> [EventStory] {
        var stories: [EventStory] = []
        for event in try await queries.events(mentioning: id, limit: limit) { stories.append(try await story(of: event)) }
        return stories
    }

    private func story(of event: StoredEvent) async throws -> EventStory {
        var deliveries: [DeliveryStory] = []
        for delivery in try await queries.deliveries(ofEvent: event.row) {
            deliveries.append(DeliveryStory(delivery: delivery, attempts: try await queries.attempts(ofDelivery: delivery.id)))
        }
        return EventStory(event: EventView(event), deliveries: deliveries)
    }

    /// Requeues each id, in batches so that thousands report progress (`progress(done, total)`).
    public func replay(
        ids: [Int64], force: Bool, by who: String, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> [ReplayResult] {
        var results: [ReplayResult] = []
        for start in stride(from: 0, to: ids.count, by: Self.batch) {
            let batch = Array(ids[start..<min(start + Self.batch, ids.count)])
            results += try await outbox.requeue(ids: batch, force: force, by: who, at: Date())
            progress?(results.count, ids.count)
        }
        return results
    }

    /// Every dead letter and dry run, or those of one provider, created in a time range.
    public func replayDead(provider: String? = nil, since: Date? = nil, until: Date? = nil, by who: String) async throws -> Int {
        try await outbox.requeueDead(provider: provider, since: since, until: until, by: who, at: Date())
    }

    /// Maps events again through the current mapping file (nil: every failed one); calls
    /// already queued for an event are not queued again.
    public func remap(rows: [Int64]?, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Int {
        guard let rows else { return try await queries.requeueForMapping(rows: nil) }
        var count = 0
        for start in stride(from: 0, to: rows.count, by: Self.batch) {
            count += try await queries.requeueForMapping(rows: Array(rows[start..<min(start + Self.batch, rows.count)]))
            progress?(min(start + Self.batch, rows.count), rows.count)
        }
        return count
    }

    static let batch = 500
    /// Commands report progress when they work on more than this many.
    public static let progressEvery = 1000
}
