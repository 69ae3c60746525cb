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

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let mapped: Int
            do {
                mapped = try await mapWaitingEvents()
            } catch {
                logger.error("store unavailable while mapping; will retry", metadata: ["error": "\(error)"])
                mapped = 0
            }
            if mapped == 0 { await inbox.wait(upTo: idlePoll) }
        }
    }

    /// Maps one batch; returns how many events it took.
    func mapWaitingEvents(limit: Int = 100) async throws -> Int {
        let events = try await store.eventsToMap(at: Date(), limit: limit)
        for event in events {
            try await map(event)
        }
        if !events.isEmpty { outbox.ring() }
        return events.count
    }

    func map(_ event: StoredEvent) async throws {
        var metadata: Logger.Metadata = [
            "provider": "\(event.provider)", "event.id": "\(event.eventID)", "event.type": "\(event.eventType)",
        ]
        guard let provider = providers[event.provider] else {
            // Stored while this provider was configured; kept until it is again.
            let needed = ProviderRegistry.definition(for: event.provider)?.mountingRequirement
            try await store.recordMappingFailure(
                of: event, problem: "provider \(event.provider) is not configured (no \(needed ?? "such provider"))", at: Date())
            return
        }
        var providerEvent = ProviderEvent(body: event.body, headers: WebhookHeaders(event.headers))
        let mapping: Mapping
        do {
            if let failure = try await fetcher.fetchLookups(into: &providerEvent, for: provider.provider, rules: provider.rules) {
                // The provider's API did not answer: held, and asked again later; never lost.
                let now = Date()
                let delay = min(max(now.timeIntervalSince(event.receivedAt), 1), 3600)
                let until = now.addingTimeInterval(delay)
                try await store.recordWait(of: event, reason: "\(failure); asked again", until: until, keys: [], at: now)
                logger.warning(
                    "provider API lookup failed; event held and retried",
                    metadata: metadata.merging(["error": "\(failure)", "until": "\(until.ISO8601Format())"]) { $1 })
                return
            }
            mapping = try provider.provider.map(providerEvent, rules: provider.rules)
        } catch {
            logger.error("could not map event; kept as failed for replay", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            try await store.recordMappingFailure(of: event, problem: "\(error)", at: Date())
            return
        }
        // Resolved against memory before this event's own facts are written.
        let resolver = ActionResolver(
            memory: store.memory(for: event.provider), clock: ResolutionClock(receivedAt: event.receivedAt, now: Date()),
            holds: provider.rules.holds)
        let planned: [PlannedDelivery]
        switch try await resolver.resolve(mapping) {
        case .waiting(let reason, let until, let keys):
            try await store.recordWait(of: event, reason: reason, until: until, keys: keys, at: Date())
            logger.info(
                "event held", metadata: metadata.merging(["reason": "\(reason)", "until": "\(until.ISO8601Format())"]) { $1 })
            return
        case .decided(let deliveries, let facts):
            try await store.recordMapping(of: event, facts: facts, deliveries: deliveries, at: Date())
            planned = deliveries
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
