import BridgeCore
import Foundation

/// One event's mapping, as a mapper worker hands it to the store.
struct MappingCommit: Sendable {
    let event: StoredEvent
    let facts: [Fact]
    let calls: [(PlannedDelivery, String?)]
    let reads: [MemoryRead]
    let ids: Set<String>
    let at: Int64

    /// Each call encoded once, before the commit's transaction.
    init(event: StoredEvent, facts: [Fact], deliveries: [PlannedDelivery], reads: [MemoryRead], ids: Set<String>, at date: Date) throws {
        self.event = event
        self.facts = facts
        calls = try deliveries.map { planned -> (PlannedDelivery, String?) in
            guard case .call(let call) = planned else { return (planned, nil) }
            return (planned, String(decoding: try JSONEncoder.sorted.encode(call), as: UTF8.self))
        }
        self.reads = reads
        self.ids = ids
        at = Millis.from(date)
    }

    /// What a waiting event's held placeholder says.
    static func heldOutcome(_ reason: String, until: Date) -> String { "\(reason), until \(until.ISO8601Format())" }

    /// What the event is found by: the mapping's ids and each call's event_id.
    var indexed: Set<String> {
        ids.union(calls.compactMap { planned, _ in if case .call(let call) = planned { call.eventID } else { nil } })
    }
}
