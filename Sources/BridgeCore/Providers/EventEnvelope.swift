import Foundation

/// What every event says about itself, read before anything is stored: the dedup key and type.
public struct EventEnvelope: Sendable, Equatable {
    /// The dedup key: the provider's event id, or one derived from the event where it has none.
    public var id: String
    public var type: String
    public var occurredAt: PayloadTime?
    /// This event's own bytes when one request batches several; nil: the whole request body.
    public var body: [UInt8]?

    public init(id: String, type: String, occurredAt: PayloadTime?, body: [UInt8]? = nil) {
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
        self.body = body
    }
}
