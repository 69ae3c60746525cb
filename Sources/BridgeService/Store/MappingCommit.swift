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

    /// Parameters of a call whose values are ids an operator may search by.
    static let indexedParameters: Set<String> = ["sale_event_id", "uid", "email", "subscription_id"]

    /// What the event is found by: the mapping's ids and each call's event_id.
    var indexed: Set<String> {
        var found = ids
        for case (.call(let call), _) in calls {
            found.insert(call.eventID)
            // The call it follows (a refund's sale), and the ids it sends, known only once resolved.
            if let after = call.after { found.insert(after.eventID) }
            for field in call.parameters where MappingCommit.indexedParameters.contains(field.name) && !field.value.isEmpty {
                found.insert(field.value)
            }
        }
        return found
    }
}
