/// The pace of calls to FirstPromoter, as every store keeps it: each call reserves the next free
/// slot, `interval` after the one before, so that workers and replicas together never go faster.
///
/// A worker that comes for its slot late (its last call took longer than its share of the pace)
/// may take one of the last `catchUp` slots that went unused, so that a backlog drains at the
/// configured pace rather than below it; never more, so that any window holds at most its share
/// of calls plus `catchUp`, inside the margin the default keeps under FirstPromoter's limit (360
/// against 400 a minute).
public struct PaceRule: Sendable, Equatable {
    /// Unused slots a late worker may still take.
    public static let catchUp: Int64 = 10

    /// Milliseconds between slots.
    public let interval: Int64

    public init(intervalMilliseconds: Int64) {
        interval = max(intervalMilliseconds, 1)
    }

    /// The slot for a reservation made at `now` (both in milliseconds), over the next free slot
    /// as stored (nil: none yet), and the next free slot to store after it.
    public func reserve(storedNext: Int64?, now: Int64) -> (slot: Int64, next: Int64) {
        guard let storedNext else { return (now, Self.adding(now, interval)) }
        // The oldest unused slot still to be had; both factors are small (10 and at most a minute).
        let earliest = Self.adding(now, -(Self.catchUp * interval))
        let slot = max(storedNext, earliest)
        return (slot, Self.adding(slot, interval))
    }

    /// Saturating: a stored value is never trusted to leave room.
    private static func adding(_ value: Int64, _ step: Int64) -> Int64 {
        let (sum, overflow) = value.addingReportingOverflow(step)
        guard overflow else { return sum }
        return step > 0 ? .max : .min
    }
}
