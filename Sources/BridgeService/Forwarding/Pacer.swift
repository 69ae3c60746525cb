import Synchronization

/// Spaces calls evenly to stay under FirstPromoter's rate limit (400 a minute per account).
final class Pacer: Sendable {
    private let interval: Duration
    private let next = Mutex<ContinuousClock.Instant?>(nil)

    init(requestsPerMinute: Int) {
        interval = .milliseconds(60_000 / max(requestsPerMinute, 1))
    }

    /// Waits for this call's slot.
    func waitForSlot() async throws {
        let now = ContinuousClock.now
        let slot = next.withLock { next -> ContinuousClock.Instant in
            let slot = max(next ?? now, now)
            next = slot + interval
            return slot
        }
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
    }

    /// A 429 asks everyone to hold off: no call before `delay` from now.
    func holdOff(for delay: Duration) {
        let until = ContinuousClock.now + delay
        next.withLock { next in next = max(next ?? until, until) }
    }
}
