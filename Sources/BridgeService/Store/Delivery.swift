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
    /// Attempts since it was last queued (created or replayed); `Attempt` rows keep them all.
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastHTTPStatus: Int?
    public var lastResponse: String?
    /// tracked, not_referral, duplicate; or why it was ignored, retried or dead.
    public var outcome: String?
    public var note: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// Created, or last replayed: retries give up counting from here.
    public var queuedAt: Date
    /// The call this one must follow, and where that call stands (nil: not queued).
    public var afterID: Int64?
    public var afterStatus: DeliveryStatus?

    /// Why a pending call is not sent yet: the call it follows is still pending or dead.
    public var heldBy: String? {
        guard let after = call?.after, let afterID, let afterStatus,
            CallOrdering.holds(status, after: after.endpoint, whileItIs: afterStatus)
        else { return nil }
        let fix = afterStatus == .dead ? ": replay it first" : ""
        return "held: after \(after) (delivery \(afterID), \(afterStatus.rawValue)\(fix))"
    }

    /// The status an operator reads: `held` for a pending call that waits for another.
    public var shownStatus: String { heldBy == nil ? status.rawValue : DeliveryStatus.held.rawValue }
}
