import BridgeCore
import Foundation

/// An inbox row.
public struct StoredEvent: Sendable {
    public var row: Int64
    public var provider: ProviderID
    public var eventID: String
    public var eventType: String
    public var body: [UInt8]
    /// The request's headers as kept (credentials of the sender's left out).
    public var headers: [String: String]
    public var receivedAt: Date
    public var state: EventState
    public var error: String?
    /// The mapper worker this copy was claimed for (nil: read without a claim): only that claim's
    /// holder writes the event's mapping.
    public var claimedBy: String? = nil
}

/// Where an inbox row stands. `received` rows wait for the mapper.
public enum EventState: String, Sendable, Codable, CaseIterable {
    case received
    /// Held for something that may still arrive (see its `held` delivery); mapped again then.
    case waiting
    case mapped
    /// The mapper could not use the payload; the error says why. Replayable after a fix.
    case failed
    /// Verified, but not an event this provider's envelope describes; kept for inspection.
    case undecodable
}
