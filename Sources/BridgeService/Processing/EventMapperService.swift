import BridgeCore
import Foundation
import Logging
import ServiceLifecycle

/// Maps stored events to outbox rows, oldest first, apart from the request that stored them: a
/// mapping bug never loses an event, it leaves it `failed` for a replay after the fix.
struct EventMapperService: Service {
    let store: any MappingQueue
    let providers: [ProviderID: MountedProvider]
    let inbox: Doorbell
    let outbox: Doorbell
    /// For providers whose webhooks only name objects (Recurly's JSON).
    let fetcher: any ProviderAPIFetcher
    let logger: Logger
    var idlePoll: Duration = .seconds(1)
    /// A resolution raced by another worker's commit is tried again this many times in all.
    static let resolutionAttempts = 5

    /// Mapper workers in this process; each claims one event at a time.
    var workers = 1
    /// The longest the provider API lookups of one event may take in all (each call is bounded
    /// too); past it, the event waits and is asked again, as after a failed lookup.
    var lookupDeadline: Duration = .seconds(30)
    /// How long a worker's claim on the events it took holds: it outlives the work it covers, since
    /// an event is started only with more than `lookupDeadline` of the lease left (the rest go
    /// back), and a dead worker's events are taken over after it.
    var claimLease: Duration { lookupDeadline * 2 + .seconds(10) }
    /// Names this process's workers in their claims.
    var ownerPrefix = ProcessIdentity.name
    /// How many workers map at once (`WorkSlots`); the others wait with their claims.
    var slots = WorkSlots(1)
    /// Webhooks being answered: each event waits up to `yieldToReceiver` for a pause in them.
    var receiverLoad: ReceiverLoad? = nil
    var yieldToReceiver: Duration = .milliseconds(20)
    /// Events of one claim mapped at once while no webhook is being answered.
    var idleWidth = 8

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<max(workers, 1) {
                group.addTask { await work(as: "\(ownerPrefix)-mapper-\(index)") }
            }
        }
    }

    func work(as owner: String) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let mapped: Int
            do {
                mapped = try await mapWaitingEvents(as: owner)
            } catch is CancellationError {
                break
            } catch {
                logger.error("store unavailable while mapping; will retry", metadata: ["error": "\(error)", "worker": "\(owner)"])
                mapped = 0
            }
            if mapped == 0 { await inbox.wait(upTo: idlePoll) }
        }
        // Stopping: what it still holds goes back at once, not when the claims run out. Detached:
        // this task may be cancelled.
        let store = store
        do {
            try await Task.detached { try await store.releaseEventClaims(owner: owner) }.value
        } catch {
            logger.warning("could not give back claimed events; they are mapped once the claims run out", metadata: ["error": "\(error)"])
        }
    }

    /// Claims and maps a few events; returns how many it took. While webhooks are being answered
    /// they are mapped one at a time; with none in flight, `idleWidth` at once, since an event's
    /// time is mostly spent waiting for its commit.
    func mapWaitingEvents(as owner: String = "\(ProcessIdentity.name)-mapper", limit: Int = 20) async throws -> Int {
        let claimedAt = ContinuousClock.now
        let events = try await store.claimEventsToMap(owner: owner, at: Date(), lease: claimLease, limit: limit)
        var next = 0
        while next < events.count {
            // Slow lookups used the lease up: what is left goes back, to this or another worker.
            if ContinuousClock.now - claimedAt > claimLease - lookupDeadline - .seconds(5) {
                try await store.releaseEventClaims(owner: owner)
                logger.info("gave back claimed events: too little of the lease left to map them", metadata: ["worker": "\(owner)"])
                break
            }
            let answering = receiverLoad?.busy == true
            let width = answering ? 1 : idleWidth
            let batch = events[next..<min(next + width, events.count)]
            next = batch.endIndex
            // Each event resolves against memory as committed; one committed beside it that
            // changes what it read sends it round again (`MemoryChanged`), so order within the
            // batch cannot change an outcome.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for event in batch { group.addTask { try await mapClaimed(event) } }
                try await group.waitForAll()
            }
        }
        if !events.isEmpty { outbox.ring() }
        return events.count
    }

    private func mapClaimed(_ event: StoredEvent) async throws {
        do {
            try await map(event)
        } catch let lost as ClaimLost {
            logger.warning("claim ran out while mapping; another worker has the event", metadata: ["error": "\(lost)"])
        }
    }

    func map(_ event: StoredEvent) async throws {
        let metadata: Logger.Metadata = [
            "provider": "\(event.provider)", "event.id": "\(event.eventID)", "event.type": "\(event.eventType)",
        ]
        guard let provider = providers[event.provider] else {
            // Stored while this provider was configured; kept until it is again.
            let needed = ProviderRegistry.definition(for: event.provider)?.mountingRequirement
            try await store.recordMappingFailure(
                of: event, problem: "provider \(event.provider) is not configured (no \(needed ?? "\(event.provider.variable("WEBHOOK_SECRET")) set, or no such provider"))", at: Date())
            return
        }
        var providerEvent = ProviderEvent(body: event.body, headers: WebhookHeaders(event.headers))
        do {
            if let failure = try await lookUp(into: &providerEvent, for: provider) {
                // The provider's API did not answer: held, and asked again later; never lost.
                let now = Date()
                let until = Self.lookupRetry(receivedAt: event.receivedAt, now: now)
                try await store.recordWait(of: event, reason: "\(failure); asked again", until: until, keys: [], reads: [], at: now)
                logger.warning(
                    "provider API lookup failed; event held and retried",
                    metadata: metadata.merging(["error": "\(failure)", "until": "\(until.ISO8601Format())"]) { $1 })
                return
            }
            for (path, refusal) in providerEvent.unavailable.sorted(by: { $0.key < $1.key }) {
                logger.warning(
                    "optional provider API document refused; mapped without it",
                    metadata: metadata.merging(["path": "\(path)", "error": "\(refusal)"]) { $1 })
            }
        } catch {
            try await recordFailure(of: event, error, metadata: metadata)
            return
        }
        try await resolveAndRecord(event, providerEvent, provider: provider, metadata: metadata)
    }

    /// When an event held by a failed lookup is asked again: after as long as it has waited so
    /// far (1 s to 1 h), rounded up to a shared grid of that size. Events held by one outage then
    /// come due together and are claimed together, in the order they arrived, so a sale is
    /// mapped before the cancellation that came after it.
    static func lookupRetry(receivedAt: Date, now: Date) -> Date {
        let delay = min(max(now.timeIntervalSince(receivedAt), 1), 3600)
        var grid = 1.0
        while grid < delay { grid *= 2 }
        let due = now.timeIntervalSince1970 + delay
        return Date(timeIntervalSince1970: (due / grid).rounded(.up) * grid)
    }

    /// The event's lookups within `lookupDeadline`; what failed (or that time ran out), or nil.
    private func lookUp(into event: inout ProviderEvent, for provider: MountedProvider) async throws -> String? {
        // A provider without an API has nothing to look up: no timer for it.
        guard provider.provider.api != nil else {
            return try await fetcher.fetchLookups(into: &event, for: provider.provider, rules: provider.rules)
        }
        let (fetcher, deadline, start) = (fetcher, lookupDeadline, event)
        let outcome = try await withThrowingTaskGroup(of: (ProviderEvent, String?)?.self) { group in
            group.addTask {
                var fetched = start
                let failure = try await fetcher.fetchLookups(into: &fetched, for: provider.provider, rules: provider.rules)
                return (fetched, failure)
            }
            group.addTask {
                try await EventLoopSleep.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let (fetched, failure) = outcome else { return "the lookups did not finish within \(deadline)" }
        event = fetched
        return failure
    }

    /// Pure CPU work (no store access) in a mapping slot while webhooks are being answered; with
    /// none in flight (a backlog after the burst), on every core.
    private func cpuWork<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        guard receiverLoad?.busy == true else { return try await body() }
        return try await slots.run(body)
    }

    private func recordFailure(of event: StoredEvent, _ error: any Error, metadata: Logger.Metadata) async throws {
        logger.error("could not map event; kept as failed for replay", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        try await store.recordMappingFailure(of: event, problem: "\(error)", at: Date())
    }

    private func resolveAndRecord(
        _ event: StoredEvent, _ providerEvent: ProviderEvent, provider: MountedProvider, metadata: Logger.Metadata
    ) async throws {
        var metadata = metadata
        let mapping: Mapping
        do {
            // Mapping and resolving are CPU work, done in one of the mapping slots; lookups before
            // and commits after only wait, outside it, so that commits of several workers share
            // one transaction (`GroupCommit`).
            await receiverLoad?.yieldWhileBusy(upTo: yieldToReceiver)
            mapping = try await cpuWork { try provider.provider.map(providerEvent, rules: provider.rules) }
        } catch {
            try await recordFailure(of: event, error, metadata: metadata)
            return
        }
        // Resolved against memory before this event's own facts are written; committed only if
        // nothing it read changed meanwhile (another worker's commit), else resolved again.
        var planned: [PlannedDelivery] = []
        for attempt in 1...Self.resolutionAttempts {
            let reads = MemoryReads()
            let resolver = ActionResolver(
                memory: store.memory(for: event.provider, noting: reads),
                clock: ResolutionClock(receivedAt: event.receivedAt, now: Date()), holds: provider.rules.holds)
            do {
                // Where the resolver's reads block their thread (`SQLiteMemory`), always in a slot:
                // with one thread fewer than the cores in them, one is always left to run the async
                // work that gives GRDB's readers back. Where they are queries that await a server,
                // never: a slot would hold every other event behind one's round trips.
                let resolve = { @Sendable in try await resolver.resolve(mapping) }
                switch try await store.memoryReadsHoldThreads ? slots.run(resolve) : resolve() {
                case .waiting(let reason, let until, let keys):
                    try await store.recordWait(
                        of: event, reason: reason, until: until, keys: keys, reads: reads.all, ids: mapping.searchableIDs, at: Date())
                    logger.info(
                        "event held", metadata: metadata.merging(["reason": "\(reason)", "until": "\(until.ISO8601Format())"]) { $1 })
                    return
                case .decided(let deliveries, let facts):
                    try await store.recordMapping(
                        of: event, facts: facts, deliveries: deliveries, reads: reads.all, ids: mapping.searchableIDs, at: Date())
                    planned = deliveries
                }
                break
            } catch let changed as MemoryChanged where attempt < Self.resolutionAttempts {
                logger.info("memory changed under the resolution; resolving again", metadata: metadata.merging(["why": "\(changed)"]) { $1 })
            } catch let problem as PayloadError {
                // The payload's fault (an id that would be cut, an amount that does not fit): the
                // event fails with the reason, kept for replay; it is not tried again and again.
                try await recordFailure(of: event, problem, metadata: metadata)
                return
            }
        }
        for delivery in planned {
            switch delivery {
            case .call(let call):
                metadata["call"] = "\(call.endpoint.rawValue) \(call.eventID)"
                if let note = call.note { metadata["note"] = "\(note)" }
                logger.info("mapped event to a FirstPromoter call", metadata: metadata)
            case .ignored(let reason):
                logger.info("event makes no FirstPromoter call", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
            }
        }
    }
}
