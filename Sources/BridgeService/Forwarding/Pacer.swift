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

    /// Waits for this call's slot.
    func waitForSlot() async throws {
        let slot = try await budget.reserveSlot(Self.budgetName, interval: interval, now: Date())
        let wait = slot.timeIntervalSinceNow
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up)))) }
    }

    /// A 429 asks everyone to hold off: no call before `delay` from now.
    func holdOff(for delay: Duration) async throws {
        try await budget.holdOff(Self.budgetName, until: Date().addingTimeInterval(Double(delay.components.seconds)
            + Double(delay.components.attoseconds) / 1e18))
    }
}
