import Foundation

/// The pace of calls to an API, kept where every replica sees it: each call reserves the next
/// free slot, `interval` after the one before, so that together they never go faster.
public protocol RateBudget: Sendable {
    /// Reserves the next slot at or after `now`, and moves the next free one `interval` later.
    func reserveSlot(_ name: String, interval: Duration, now: Date) async throws -> Date
    /// No slot before `until` (a 429 asks everyone to hold off).
    func holdOff(_ name: String, until: Date) async throws
}
