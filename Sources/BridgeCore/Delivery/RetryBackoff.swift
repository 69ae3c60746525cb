/// Exponential backoff with jitter: `min(base × 2^(attempt−1), max) × (1 + U[−½, ½))`, never
/// below a `Retry-After` the server asked for, which is itself capped at the maximum (a
/// `Retry-After: 99999` must not park a delivery for a day).
public struct RetryBackoff: Sendable, Equatable {
    public var baseMilliseconds: Int
    public var maxMilliseconds: Int

    public init(baseMilliseconds: Int, maxMilliseconds: Int) {
        self.baseMilliseconds = max(baseMilliseconds, 1)
        self.maxMilliseconds = max(maxMilliseconds, self.baseMilliseconds)
    }

    /// Milliseconds to wait before attempt `attempt + 1`, after `attempt` failures (1-based).
    /// `jitter` is in [−0.5, 0.5): pass a random one; tests pass fixed ones.
    public func delayMilliseconds(afterAttempt attempt: Int, jitter: Double, retryAfterSeconds: Int? = nil) -> Int {
        let exponent = min(max(attempt - 1, 0), 30)
        let capped = min(baseMilliseconds.multipliedReportingOverflow(by: 1 << exponent).partialValue, maxMilliseconds)
        let jittered = Int(Double(capped) * (1 + min(max(jitter, -0.5), 0.5)))
        let (askedMilliseconds, overflow) = max(retryAfterSeconds ?? 0, 0).multipliedReportingOverflow(by: 1000)
        let asked = overflow ? maxMilliseconds : min(askedMilliseconds, maxMilliseconds)
        return max(jittered, asked, 1)
    }
}
