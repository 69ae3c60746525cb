/// Monthly recurring revenue, in minor units per month.
public enum MonthlyRecurringRevenue {
    /// The monthly value of `amount` billed once every `count` × `interval`.
    /// A year is 12 months, a week 52/12 of a month and a day 365/12 of a month.
    public static func monthly(amount: Int, every count: Int = 1, _ interval: BillingInterval) -> Int {
        let count = max(count, 1)
        switch interval {
        case .month: return MinorUnits.scale(amount, by: 1, over: count)
        case .year: return MinorUnits.scale(amount, by: 1, over: 12 * count)
        case .week: return MinorUnits.scale(amount, by: 52, over: 12 * count)
        case .day: return MinorUnits.scale(amount, by: 365, over: 12 * count)
        }
    }

    /// The billing period a span of days most likely is: whole years, months or weeks, else days.
    /// Used when a payload names a period but no interval (a newer Stripe invoice line).
    public static func interval(spanningDays days: Int) -> (count: Int, interval: BillingInterval) {
        guard days > 0 else { return (1, .month) }
        let years = Int((Double(days) / 365.25).rounded())
        if years >= 1, abs(days - years * 365) <= years + 1 { return (years, .year) }
        let months = Int((Double(days) / 30.436875).rounded())
        if months >= 1, abs(days - Int((Double(months) * 30.436875).rounded())) <= 2 { return (months, .month) }
        if days % 7 == 0 { return (days / 7, .week) }
        return (days, .day)
    }
}
