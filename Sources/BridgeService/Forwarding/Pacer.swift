import BridgeCore
import Foundation

/// Spaces calls evenly to stay under FirstPromoter's rate limit (400 a minute per account),
/// through the store's shared budget, so that replicas on one store share one pace.
struct Pacer: Sendable {
    static let budgetName = "firstpromoter"
    let budget: any RateBudget
    let interval: Duration

    init(budget: any RateBudget, requestsPerMinute: Int) {
        self.budget = budget
        // Rounded up: never faster than asked.
        let perMinute = max(requestsPerMinute, 1)
        interval = .milliseconds((60_000 + perMinute - 1) / perMinute)
    }

    /// Reserves this call's slot and waits for it; returns the slot.
    @discardableResult
    func waitForSlot() async throws -> Date {
        let slot = try await reserveSlot()
        try await wait(for: slot)
        return slot
    }

    func reserveSlot() async throws -> Date {
        try await budget.reserveSlot(Self.budgetName, interval: interval, now: Date())
    }

    func wait(for slot: Date) async throws {
        let wait = slot.timeIntervalSinceNow
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up)))) }
    }

    /// Whether a call about to go out now is too far past `slot` (see `PaceRule`): it takes a
    /// new one rather than land with the calls of the slots after it.
    func isLate(_ slot: Date, now: Date = Date()) -> Bool {
        PaceRule(intervalMilliseconds: Millis.of(interval)).isLate(slot: Millis.from(slot), now: Millis.from(now))
    }

    /// A 429 asks everyone to hold off: no call before `delay` from now.
    func holdOff(for delay: Duration) async throws {
        try await budget.holdOff(Self.budgetName, until: Date().addingTimeInterval(Double(delay.components.seconds)
            + Double(delay.components.attoseconds) / 1e18))
    }
}
