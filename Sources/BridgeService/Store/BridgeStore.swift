import BridgeCore
import Foundation
import ServiceLifecycle

/// The store, by role: each part of the service sees only the role it uses, so that a store for
/// several replicas (PostgreSQL, next) implements the same narrow contracts. SQLite is the one
/// implementation today; `StoreContractTests` is the suite any implementation must pass.
///
/// Durability, the same on every store: a webhook's commit is synced before its 200, and so is
/// every write made after a call is sent, and the claim a call is sent under. Event claims and
/// mapping outcomes are not waited for: lost to a power cut, an event is only mapped again; and
/// since a database writes its log in order, the synced claim before any call takes every
/// mapping before it to disk too. Mapping then costs no disk wait per event.
public typealias BridgeStore = Inbox & MappingQueue & Outbox & RateBudget & OperatorQueries & ConsoleSessions & ImportRuns & Retention & StoreLifecycle

/// Forgetting what is settled (`RetentionRule`), in small batches.
public protocol Retention: Sendable {
    /// Prunes up to `limit` events received before `receivedBefore` that `RetentionRule` lets go,
    /// oldest first, with their calls, attempts and ids, in one transaction; returns how many.
    func pruneSettled(receivedBefore: Date, limit: Int) async throws -> Int
}

/// A store's life around the service's: opened by its initializer, `migrate()`d before anything
/// reads or writes, run as a `Service` beside the others (first in line, so that it stops last),
/// and closed once they have all stopped: commits already queued finish, later writes fail with
/// `StoreClosed`. A store with a connection pool or a background writer runs them in `run()`.
public protocol StoreLifecycle: Service {
    /// Brings the schema up to this build's version; returns the migrations it applied.
    func migrate() async throws -> [String]
    /// A synced write at start, so that a store that cannot be written stops the start, named.
    func proveWritable() async throws
    /// Finishes queued commits, then closes every connection.
    func close() async throws
    /// Calls `wake` whenever another process stores an event or queues a call, until cancelled.
    /// A store that only one process uses returns at once: its own workers are rung directly.
    func listenForWork(_ wake: @escaping @Sendable (WorkQueue) -> Void) async throws
}

/// Which workers new work is for.
public enum WorkQueue: String, Sendable {
    /// Events to map.
    case inbox
    /// Calls to send.
    case outbox
}

/// Where verified webhooks are committed, before the 200.
public protocol Inbox: Sendable {
    /// Fails when the store cannot commit a write (readiness).
    func checkWritable() async throws
    /// Commits a verified event durably, once per (provider, event id).
    func receive(_ event: IncomingEvent) async throws -> ReceiveResult
    /// Keeps a verified body that has no readable envelope, for inspection.
    func keepUndecodable(provider: ProviderID, body: [UInt8], headers: [String: String], problem: String, at: Date)
        async throws -> Int64
}

/// Stored events on their way to the outbox, and the bridge's memory they are resolved against.
public protocol MappingQueue: Sendable {
    /// Claims events for a mapper worker until `at + lease`: newly received ones, and waiting ones
    /// whose deadline has come or whose awaited memory entry was written. A claim that ran out (its
    /// worker died) is taken over; the record calls below write only for the current holder
    /// (else `ClaimLost`), and release the claim.
    func claimEventsToMap(owner: String, at: Date, lease: Duration, limit: Int) async throws -> [StoredEvent]
    /// Gives back every event `owner` holds (its worker is stopping).
    func releaseEventClaims(owner: String) async throws
    /// The event waits (nothing is queued or remembered from it yet), with a held placeholder
    /// delivery that says why; it is mapped again at `until`, or when a fact under `keys` is written.
    /// Like `recordMapping`, it first checks `reads` (else `MemoryChanged`): a fact written while
    /// the event was being resolved would otherwise never wake it.
    func recordWait(of event: StoredEvent, reason: String, until: Date, keys: [String], reads: [MemoryRead], ids: Set<String>, at: Date)
        async throws
    /// In one transaction: a check that every memory entry the resolution read (`reads`) is as it
    /// was read (else `MemoryChanged`: resolve again), the facts learnt (waking events waiting on
    /// them), the outbox rows, and the event marked mapped. So two workers can never both spend
    /// the same refunded total or memory entry. `ids` (and each call's event_id) go into the index
    /// of ids the event is found by; so does its own event id, when it is received.
    func recordMapping(
        of event: StoredEvent, facts: [Fact], deliveries: [PlannedDelivery], reads: [MemoryRead], ids: Set<String>, at: Date
    ) async throws
    func recordMappingFailure(of event: StoredEvent, problem: String, at: Date) async throws
    /// The bridge's memory, as one provider's mapper sees it; with `reads`, every entry read is
    /// noted there, for `recordMapping` to check.
    func memory(for provider: ProviderID, noting reads: MemoryReads?) -> any BridgeMemory
    /// Whether reading the memory holds a thread while it waits (SQLite's reads do; a network
    /// store's await): the mapper then reads only in one of its slots.
    var memoryReadsHoldThreads: Bool { get }
}

extension MappingQueue {
    public func memory(for provider: ProviderID) -> any BridgeMemory { memory(for: provider, noting: nil) }

    public func recordMapping(of event: StoredEvent, facts: [Fact], deliveries: [PlannedDelivery], at date: Date) async throws {
        try await recordMapping(of: event, facts: facts, deliveries: deliveries, reads: [], ids: [], at: date)
    }

    public func recordMapping(
        of event: StoredEvent, facts: [Fact], deliveries: [PlannedDelivery], reads: [MemoryRead], at date: Date
    ) async throws {
        try await recordMapping(of: event, facts: facts, deliveries: deliveries, reads: reads, ids: [], at: date)
    }

    public func recordWait(of event: StoredEvent, reason: String, until: Date, keys: [String], reads: [MemoryRead], at date: Date)
        async throws
    {
        try await recordWait(of: event, reason: reason, until: until, keys: keys, reads: reads, ids: [], at: date)
    }
}

/// FirstPromoter calls waiting to be sent: claimed by one worker at a time.
public protocol Outbox: Sendable {
    /// Claims up to `limit` due deliveries for `owner` until `at + lease`: no other owner gets them
    /// while the claim holds; a claim that expired (its worker died) is taken over.
    func claimDueDeliveries(owner: String, at: Date, lease: Duration, limit: Int) async throws -> [Delivery]
    func nextDueDate() async throws -> Date?
    /// Gives a claimed delivery back untouched (its call was cut off at shutdown): due again now.
    func releaseClaim(delivery id: Int64, owner: String) async throws
    /// Writes an attempt's result, keeps the attempt (`record`: what was called, when, how
    /// long) in the delivery's history, and releases the claim; throws `ClaimLost` when `owner`
    /// no longer holds it (it expired and another worker took the delivery over).
    func update(delivery id: Int64, _ update: DeliveryUpdate, record: CallRecord, owner: String, at: Date) async throws
    /// Makes the given deliveries pending and due now, each replay kept in its history (`who`
    /// did it). A delivered one only with `force`; one that makes no call, or is pending, never:
    /// each result says which and why.
    func requeue(ids: [Int64], force: Bool, by who: String, at: Date) async throws -> [ReplayResult]
    /// Every dead letter and dry run, likewise: of one provider (nil: all), created in a time
    /// range (nil: open).
    func requeueDead(provider: String?, since: Date?, until: Date?, by who: String, at: Date) async throws -> Int
}

extension Outbox {
    public func requeueDead(by who: String, at date: Date) async throws -> Int {
        try await requeueDead(provider: nil, since: nil, until: nil, by: who, at: date)
    }
}

/// What operators read: the command line today, the admin API next.
public protocol OperatorQueries: Sendable {
    func events(in state: EventState, limit: Int) async throws -> [StoredEvent]
    func events(_ query: EventQuery) async throws -> [StoredEvent]
    func event(row: Int64) async throws -> StoredEvent?
    /// Events whose provider id, FirstPromoter calls (event_id, uid, subscription…) or body
    /// name `id`: any id an operator has at hand. Newest first.
    func events(mentioning id: String, limit: Int) async throws -> [StoredEvent]
    func deliveries(_ query: DeliveryQuery) async throws -> [Delivery]
    func deliveries(ofEvent row: Int64) async throws -> [Delivery]
    func attempts(ofDelivery id: Int64) async throws -> [Attempt]
    func summary(at: Date) async throws -> StoreSummary
    /// Puts mapped, failed or waiting events back in line to be mapped through the current
    /// mapping file: the given rows, or every failed one (nil). Calls already queued are not
    /// queued again. Returns how many went back.
    func requeueForMapping(rows: [Int64]?) async throws -> Int
    /// Which of these event ids of the provider are stored (`reconcile`: what a listing has that
    /// the bridge never received).
    func storedEventIDs(provider: ProviderID, among ids: [String]) async throws -> Set<String>
}

extension OperatorQueries {
    /// Oldest first, as tests and scripts read them.
    public func deliveries(status: DeliveryStatus?, limit: Int) async throws -> [Delivery] {
        try await deliveries(DeliveryQuery(status: status, limit: limit, newestFirst: false))
    }
}
