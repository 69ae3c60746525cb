import Foundation

/// When a delivery that failed for a transient reason is tried again: the schedule's delays in
/// turn, the last repeating (by default 10 s, 1 m, 5 m, 30 m, 2 h, then every 6 h, like the
/// providers' own retries), each with ±10 % jitter so that a recovered FirstPromoter is not hit
/// by every delivery at once; never sooner than a `Retry-After`, which is itself capped at the
/// longest delay. No attempt is scheduled later than `giveUpAfter` from when the delivery was
/// queued (by default 3 days): then it is a dead letter, to replay by hand.
public struct RetrySchedule: Sendable, Equatable {
    public var delaysMilliseconds: [Int]
    public var giveUpAfterMilliseconds: Int

    public static let defaultSchedule = "10s,1m,5m,30m,2h,6h"
    public static let defaultGiveUpAfter = "72h"

    public init(delaysMilliseconds: [Int], giveUpAfterMilliseconds: Int) {
        precondition(!delaysMilliseconds.isEmpty && delaysMilliseconds.allSatisfy { $0 > 0 }, "a schedule of positive delays")
        self.delaysMilliseconds = delaysMilliseconds
        self.giveUpAfterMilliseconds = giveUpAfterMilliseconds
    }

    /// `"10s,1m,5m,30m,2h,6h"` and `"72h"`; an error names the part that is not a duration.
    public init(schedule: String, giveUpAfter: String) throws(DurationError) {
        let delays = try schedule.split(separator: ",").map { (part) throws(DurationError) in try Self.milliseconds(String(part)) }
        guard !delays.isEmpty else { throw DurationError(text: schedule, problem: "no delays") }
        self.init(delaysMilliseconds: delays, giveUpAfterMilliseconds: try Self.milliseconds(giveUpAfter))
    }

    /// Milliseconds to wait after `attempt` failures (1-based). `jitter` is in [−1, 1): pass a
    /// random one; tests pass fixed ones.
    public func delayMilliseconds(afterAttempt attempt: Int, jitter: Double, retryAfterSeconds: Int? = nil) -> Int {
        let delay = delaysMilliseconds[min(max(attempt, 1), delaysMilliseconds.count) - 1]
        let jittered = delay + Int(Double(delay) * 0.1 * min(max(jitter, -1), 1))
        let longest = delaysMilliseconds.max() ?? delay
        let (asked, overflow) = max(retryAfterSeconds ?? 0, 0).multipliedReportingOverflow(by: 1000)
        return max(jittered, overflow ? longest : min(asked, longest), 1)
    }

    /// When to try again after `attempt` failures, or nil when that would be past the give-up
    /// point counted from `queuedAt`.
    public func nextAttempt(afterAttempt attempt: Int, queuedAt: Date, now: Date, jitter: Double, retryAfterSeconds: Int? = nil) -> Date? {
        let delay = delayMilliseconds(afterAttempt: attempt, jitter: jitter, retryAfterSeconds: retryAfterSeconds)
        let next = now.addingTimeInterval(TimeInterval(delay) / 1000)
        return next.timeIntervalSince(queuedAt) * 1000 > Double(giveUpAfterMilliseconds) ? nil : next
    }

    /// `500ms`, `10s`, `5m`, `2h`, `3d` in milliseconds.
    public static func milliseconds(_ text: String) throws(DurationError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            let digits = trimmed.dropLast(suffix.count)
            // "5ms" also ends in "s": only a number may come before the unit.
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else { continue }
            let (milliseconds, overflow) = value.multipliedReportingOverflow(by: factor)
            guard !overflow, milliseconds > 0 else { throw DurationError(text: text, problem: "out of range") }
            return milliseconds
        }
        throw DurationError(text: text, problem: "expected a number and ms, s, m, h or d, such as 10s or 2h")
    }
}

public struct DurationError: Error, Equatable, CustomStringConvertible {
    public var text: String
    public var problem: String
    public var description: String { "'\(text)': \(problem)" }
}
