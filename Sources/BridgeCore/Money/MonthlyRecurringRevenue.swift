/// Monthly recurring revenue, in minor units per month.
public enum MonthlyRecurringRevenue {
    /// The monthly value of `amount` billed once every `count` × `interval`; nil when a payload's
    /// numbers make it not fit. A year is 12 months, a week 52/12 of a month and a day 365/12.
    public static func monthly(amount: Int, every count: Int = 1, _ interval: BillingInterval) -> Int? {
        let count = max(count, 1)
        let (months, overflow) = count.multipliedReportingOverflow(by: interval == .month ? 1 : 12)
        // Once in more than Int.max/12 periods is nothing a month.
        guard !overflow else { return 0 }
        switch interval {
        case .month: return MinorUnits.scale(amount, by: 1, over: months)
        case .year: return MinorUnits.scale(amount, by: 1, over: months)
        case .week: return MinorUnits.scale(amount, by: 52, over: months)
        case .day: return MinorUnits.scale(amount, by: 365, over: months)
        }
    }

    /// 10,000 years.
    static let maxDays = 3_652_500

    /// The billing period a span of days most likely is: whole years, months or weeks, else days.
    /// Used when a payload names a period but no interval (a newer Stripe invoice line).
    public static func interval(spanningDays days: Int) -> (count: Int, interval: BillingInterval) {
        guard days > 0 else { return (1, .month) }
        // Longer than any calendar: days, so that the arithmetic below stays far from the limits.
        guard days <= maxDays else { return (days, .day) }
        let years = Int((Double(days) / 365.25).rounded())
        if years >= 1, abs(days - years * 365) <= years + 1 { return (years, .year) }
        let months = Int((Double(days) / 30.436875).rounded())
        if months >= 1, abs(days - Int((Double(months) * 30.436875).rounded())) <= 2 { return (months, .month) }
        if days % 7 == 0 { return (days / 7, .week) }
        return (days, .day)
    }
}
