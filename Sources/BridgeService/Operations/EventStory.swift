import BridgeCore
import Foundation

/// One event's whole story, as an operator reads it: what came in (raw body and the headers
/// kept), where it stands, every delivery it produced, and each attempt and replay.
public struct EventStory: Sendable, Codable {
    public var event: EventView
    public var deliveries: [DeliveryStory]
}

public struct DeliveryStory: Sendable, Codable {
    public var delivery: Delivery
    public var attempts: [Attempt]
}

/// A stored event for reading: the body as text when it is UTF-8, else base64 (and says so).
public struct EventView: Sendable, Codable {
    public var row: Int64
    public var provider: String
    public var eventID: String
    public var eventType: String
    public var receivedAt: Date
    public var state: EventState
    /// Why it failed, or what it waits for.
    public var error: String?
    public var headers: [String: String]
    public var body: String
    public var bodyEncoding: String

    public init(_ event: StoredEvent) {
        row = event.row
        provider = event.provider.rawValue
        eventID = event.eventID
        eventType = event.eventType
        receivedAt = event.receivedAt
        state = event.state
        error = event.error
        headers = event.headers
        if let text = String(validating: event.body, as: UTF8.self) {
            body = text
            bodyEncoding = "utf-8"
        } else {
            body = Data(event.body).base64EncodedString()
            bodyEncoding = "base64"
        }
    }
}
