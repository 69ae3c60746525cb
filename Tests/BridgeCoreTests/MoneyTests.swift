import BridgeCore
import Testing

@Suite struct MoneyTests {
    @Test(arguments: [
        (8000, 6000, 12000, 4000), (1, 1, 2, 1), (-1, 1, 2, -1), (5, 1, 3, 2), (10, 1, 3, 3), (999_999, 1, 100, 10_000),
        (Int.max / 2, 2, 2, Int.max / 2), (-5, 1, 2, -3), (5, -1, 2, -3), (-5, -1, 2, 3), (5, 1, -2, -3),
        (Int.max, Int.max, Int.max, Int.max), (Int.min, 1, 1, Int.min), (Int.min, -1, -1, Int.min), (Int.max, 1, -1, -Int.max),
        (Int.max, 3, 4, 6_917_529_027_641_081_855), (0, Int.max, 1, 0),
    ])
    func scaleRoundsHalfAwayFromZero(_ value: Int, _ numerator: Int, _ denominator: Int, _ expected: Int) {
        #expect(MinorUnits.scale(value, by: numerator, over: denominator) == expected)
    }

    /// A payload's numbers are untrusted: what does not fit is nil, never a trap.
    @Test(arguments: [(Int.max, 2, 1), (Int.min, -1, 1), (Int.min, 1, -1), (Int.max, Int.max, 1), (1, 1, 0), (Int.max, 52, 12)])
    func scaleThatDoesNotFitIsNil(_ value: Int, _ numerator: Int, _ denominator: Int) {
        #expect(MinorUnits.scale(value, by: numerator, over: denominator) == nil)
    }

    @Test func monthlyNeverTraps() {
        #expect(MonthlyRecurringRevenue.monthly(amount: Int.max, every: 1, .week) == nil)
        #expect(MonthlyRecurringRevenue.monthly(amount: Int.max, every: Int.max, .year) == 0)
        #expect(MonthlyRecurringRevenue.monthly(amount: Int.min, every: 1, .day) == nil)
        #expect(MonthlyRecurringRevenue.monthly(amount: 1200, every: Int.min, .month) == 1200)
    }

    @Test(arguments: [(150, 100, 2), (149, 100, 1), (-150, 100, -2), (Int.max, 100, 92_233_720_368_547_758), (Int.min, 100, -92_233_720_368_547_758)])
    func divideRoundsHalfAwayFromZero(_ value: Int, _ divisor: Int, _ expected: Int) {
        #expect(MinorUnits.divide(value, by: divisor) == expected)
    }

    @Test(arguments: [
        (1200, 1, BillingInterval.month, 1200), (12000, 1, .year, 1000), (1000, 1, .week, 4333),
        (100, 1, .day, 3042), (3000, 3, .month, 1000), (24000, 2, .year, 1000), (2000, 2, .week, 4333),
    ])
    func monthly(_ amount: Int, _ count: Int, _ interval: BillingInterval, _ expected: Int) {
        #expect(MonthlyRecurringRevenue.monthly(amount: amount, every: count, interval) == expected)
    }

    @Test(arguments: [
        (30, 1, BillingInterval.month), (31, 1, .month), (28, 1, .month), (365, 1, .year), (366, 1, .year),
        (7, 1, .week), (14, 2, .week), (91, 3, .month), (1, 1, .day), (730, 2, .year), (10, 10, .day),
    ])
    func periodLengths(_ days: Int, _ count: Int, _ interval: BillingInterval) {
        let found = MonthlyRecurringRevenue.interval(spanningDays: days)
        #expect(found.count == count && found.interval == interval, "\(days) days → \(found)")
    }

    @Test func currencyCodes() {
        #expect(CurrencyCode.normalized("usd") == "USD")
        #expect(CurrencyCode.normalized(" jpy ") == "JPY")
        #expect(CurrencyCode.normalized("dollars") == nil)
        #expect(CurrencyCode.normalized(nil) == nil)
    }
}
