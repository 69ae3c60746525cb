import BridgeCore
import Foundation

/// A verified webhook on its way into the inbox.
public struct IncomingEvent: Sendable {
    public var provider: ProviderID
    public var envelope: EventEnvelope
    public var body: [UInt8]
    /// The request's headers, signature included, so a stored event can be verified again.
    public var headers: [String: String]
    public var receivedAt: Date

    public init(provider: ProviderID, envelope: EventEnvelope, body: [UInt8], headers: [String: String], receivedAt: Date) {
        self.provider = provider
        self.envelope = envelope
        self.body = body
        self.headers = headers
        self.receivedAt = receivedAt
    }
}

/// The inbox's answer: stored now, or already there under the same provider event id.
public enum ReceiveResult: Sendable, Equatable {
    case stored(eventRow: Int64)
    case duplicate(eventRow: Int64)
}
