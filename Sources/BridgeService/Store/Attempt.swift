import BridgeCore
import Foundation

/// One thing that happened to a delivery, kept for ever: each call to FirstPromoter (or the dry
/// run that stood for it) and each replay. A replay adds to this history; it never overwrites it.
public struct Attempt: Sendable, Codable, Equatable {
    public var id: Int64
    public var deliveryID: Int64
    public var at: Date
    public var kind: AttemptKind
    /// The URL called (or that a dry run would have called); no credential is ever in it.
    public var url: String?
    public var httpStatus: Int?
    public var durationMilliseconds: Int?
    /// FirstPromoter's answer, cut at `Attempt.maxResponseBytes`.
    public var response: String?
    /// tracked, not_referral…; the retry or dead-letter reason; or who replayed it and what it was.
    public var outcome: String

    /// Enough of an answer to see what FirstPromoter said, not a whole error page per attempt.
    public static let maxResponseBytes = 4096
}

/// What the forwarder saw of one call, written with its result.
public struct CallRecord: Sendable {
    public var url: String
    public var startedAt: Date
    public var durationMilliseconds: Int?

    public init(url: String, startedAt: Date, durationMilliseconds: Int?) {
        self.url = url
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
    }
}

/// What a replay did to one delivery id, so that the caller can say why one was not requeued.
public enum ReplayResult: Sendable, Equatable {
    case requeued(id: Int64, was: DeliveryStatus)
    case notFound(id: Int64)
    case refused(id: Int64, reason: String)

    public var isRequeued: Bool {
        if case .requeued = self { return true }
        return false
    }
}
