/// The pace of calls to FirstPromoter, as every store keeps it: each call reserves the next free
/// slot, `interval` after the one before, so that workers and replicas together never go faster.
///
/// A worker that comes for its slot late (its last call took longer than its share of the pace)
/// may take one of the last `catchUp` slots that went unused, so that a backlog drains at the
/// configured pace rather than below it; never more, so that any window holds at most its share
/// of calls plus `catchUp`, inside the margin the default keeps under FirstPromoter's limit (360
/// against 400 a minute).
///
/// A call must also go out close to its slot: one that was held up after its slot (a claim that
/// waited on a busy store) would land together with the calls of the slots after it, and a
/// burst of them crosses the limit. So a call later than `catchUp` slots past its own takes a
/// new slot instead, so that any window still holds its share plus `catchUp` and one at most.
public struct PaceRule: Sendable, Equatable {
    /// Unused slots a late worker may still take.
    public static let catchUp: Int64 = 10

    /// Milliseconds between slots.
    public let interval: Int64

    /// At least a millisecond; at most an hour, so that `catchUp` intervals never overflow.
    public init(intervalMilliseconds: Int64) {
        interval = min(max(intervalMilliseconds, 1), 3_600_000)
    }

    /// The slot for a reservation made at `now` (both in milliseconds), over the next free slot
    /// as stored (nil: none yet), and the next free slot to store after it.
    public func reserve(storedNext: Int64?, now: Int64) -> (slot: Int64, next: Int64) {
        guard let storedNext else { return (now, Self.adding(now, interval)) }
        // The oldest unused slot still to be had; both factors are small (10 and at most an hour).
        let earliest = Self.adding(now, -(Self.catchUp * interval))
        let slot = max(storedNext, earliest)
        return (slot, Self.adding(slot, interval))
    }

    /// Whether a call made at `now` is too far past its `slot` to go out on it.
    public func isLate(slot: Int64, now: Int64) -> Bool {
        let (lateness, overflow) = now.subtractingReportingOverflow(slot)
        // Only a slot near Int64.min (a stored value not to trust) overflows: late by any measure.
        return overflow || lateness > Self.catchUp * interval
    }

    /// Saturating: a stored value is never trusted to leave room.
    private static func adding(_ value: Int64, _ step: Int64) -> Int64 {
        let (sum, overflow) = value.addingReportingOverflow(step)
        guard overflow else { return sum }
        return step > 0 ? .max : .min
    }
}
