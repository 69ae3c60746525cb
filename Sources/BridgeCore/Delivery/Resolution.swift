import Foundation

/// What the resolver makes of one event's mapping, given the bridge's memory and the clock.
public enum Resolution: Sendable, Equatable {
    /// The outbox rows to queue and the facts to remember, written in one transaction.
    case decided([PlannedDelivery], facts: [Fact])
    /// Not yet: something the event needs may still arrive (an invoice that claims a payment, the
    /// link from a refund to its sale). Looked at again when a fact under one of `keys` is written,
    /// and at `until` at the latest, when it goes with what it has.
    case waiting(reason: String, until: Date, keys: [String])
}

/// How long the resolver holds an event for what may still arrive (`holds` in a mapping file).
public struct HoldRules: Sendable, Equatable {
    /// A payment without an invoice waits this long for an invoice or a Checkout Session that
    /// claims it, before it is sent as a one-time sale.
    public var paymentSeconds: Int
    /// A refund or dispute waits this long for the link to its sale, then goes without it.
    public var refundLinkSeconds: Int

    public init(paymentSeconds: Int = 30, refundLinkSeconds: Int = 900) {
        self.paymentSeconds = paymentSeconds
        self.refundLinkSeconds = refundLinkSeconds
    }
}

/// When the resolver runs: the event's arrival starts every hold.
public struct ResolutionClock: Sendable {
    public var receivedAt: Date
    public var now: Date

    public init(receivedAt: Date, now: Date) {
        self.receivedAt = receivedAt
        self.now = now
    }

    /// As if every hold had run out: what `billing-bridge map` and a late replay see.
    public static func lapsed(receivedAt: Date) -> ResolutionClock {
        ResolutionClock(receivedAt: receivedAt, now: .distantFuture)
    }

    func deadline(after seconds: Int) -> Date { receivedAt.addingTimeInterval(TimeInterval(seconds)) }
}
