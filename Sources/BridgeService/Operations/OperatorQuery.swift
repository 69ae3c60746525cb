import BridgeCore
import Foundation

/// Which events an operator lists: every filter optional, newest first, a page at a time
/// (`beforeRow`: the last row of the previous page).
public struct EventQuery: Sendable, Equatable {
    public var provider: String?
    public var state: EventState?
    public var type: String?
    public var since: Date?
    public var until: Date?
    /// An id the event is known by (invoice, charge, customer, subscription, email, event_id…),
    /// found through the index of ids; when no event has it, a piece of the event id, type or error.
    public var text: String?
    public var beforeRow: Int64?
    public var limit: Int

    public init(
        provider: String? = nil, state: EventState? = nil, type: String? = nil, since: Date? = nil, until: Date? = nil,
        text: String? = nil, beforeRow: Int64? = nil, limit: Int = 50
    ) {
        self.provider = provider
        self.state = state
        self.type = type
        self.since = since
        self.until = until
        self.text = text
        self.beforeRow = beforeRow
        self.limit = limit
    }
}

/// Which deliveries an operator lists; `held` also matches calls waiting behind another.
public struct DeliveryQuery: Sendable, Equatable {
    /// Just this delivery.
    public var id: Int64?
    public var status: DeliveryStatus?
    public var provider: String?
    public var endpoint: ActionKind?
    public var firstPromoterEventID: String?
    public var since: Date?
    public var until: Date?
    public var beforeID: Int64?
    public var limit: Int
    /// Operators read newest first; the oldest-first order is for tests and scripts.
    public var newestFirst: Bool

    public init(
        status: DeliveryStatus? = nil, provider: String? = nil, endpoint: ActionKind? = nil,
        firstPromoterEventID: String? = nil, since: Date? = nil, until: Date? = nil, beforeID: Int64? = nil, limit: Int = 50,
        newestFirst: Bool = true
    ) {
        self.status = status
        self.provider = provider
        self.endpoint = endpoint
        self.firstPromoterEventID = firstPromoterEventID
        self.since = since
        self.until = until
        self.beforeID = beforeID
        self.limit = limit
        self.newestFirst = newestFirst
    }
}

/// The store at a glance: what an operator checks first.
public struct StoreSummary: Sendable, Codable, Equatable {
    public struct Count: Sendable, Codable, Equatable {
        public var provider: String
        /// sale, refund, cancellation, signup; `none` for an event that makes no call.
        public var action: String
        public var status: String
        public var count: Int
    }

    public var deliveries: [Count]
    public var events: [String: Int]
    /// The delivery waiting longest to be sent (pending, not held), and since when.
    public var oldestPendingSince: Date?
    public var held: Int
    public var lastDeliveredAt: Date?
    /// The last call that failed (retried or dead-lettered).
    public var lastFailureAt: Date?
    public var lastFailure: String?
}
