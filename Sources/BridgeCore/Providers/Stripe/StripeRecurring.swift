/// A Stripe recurring price (or older plan): what it bills and how often.
struct StripeRecurring {
    let unitAmount: Int?
    let interval: BillingInterval
    let count: Int

    /// From a price with `recurring`, else a plan; nil for one-off and metered prices, whose
    /// monthly value is not known in advance.
    init?(price: StripePrice?, plan: StripePlan?) {
        if let price, let recurring = price.recurring {
            guard recurring.usage_type != "metered", let interval = BillingInterval(rawValue: recurring.interval)
            else { return nil }
            self.unitAmount = price.unit_amount
            self.interval = interval
            self.count = recurring.interval_count ?? 1
        } else if let plan, let name = plan.interval, let interval = BillingInterval(rawValue: name) {
            self.unitAmount = plan.amount
            self.interval = interval
            self.count = plan.interval_count ?? 1
        } else {
            return nil
        }
    }

    /// Minor units per month in Stripe's units: unit amount × quantity, or the line's amount for
    /// prices without a unit amount (tiers).
    func monthly(quantity: Int, lineAmount: Int?) -> Int? {
        guard let amount = unitAmount.map({ MinorUnits.product($0, quantity) }) ?? lineAmount else { return nil }
        return MonthlyRecurringRevenue.monthly(amount: amount, every: count, interval)
    }
}
