import Foundation

/// What every event says about itself, read before anything is stored: the dedup key and type.
public struct EventEnvelope: Sendable, Equatable {
    public var id: String
    public var type: String
    public var occurredAt: Date?

    public init(id: String, type: String, occurredAt: Date?) {
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
    }
}
