import BridgeCore
import Foundation

/// An outbox row: one call to FirstPromoter (or the reason an event made none), with its history.
public struct Delivery: Sendable, Codable {
    public var id: Int64
    public var eventRow: Int64
    public var provider: String
    public var providerEventID: String
    public var eventType: String
    public var call: FirstPromoterCall?
    public var status: DeliveryStatus
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastHTTPStatus: Int?
    public var lastResponse: String?
    /// tracked, not_referral, duplicate; or why it was ignored, retried or dead.
    public var outcome: String?
    public var note: String?
    public var createdAt: Date
    public var updatedAt: Date
}

public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    case pending
    case delivered
    case dead
    case ignored
    /// No API key was configured: the call was logged, not sent. Replay sends it.
    case dryRun = "dry_run"
}

/// What happened to one delivery attempt.
public enum DeliveryUpdate: Sendable {
    case delivered(DeliveredOutcome, httpStatus: Int, response: String?)
    case retry(at: Date, httpStatus: Int?, reason: String, response: String?)
    case dead(httpStatus: Int?, reason: String, response: String?)
    case dryRun
}
