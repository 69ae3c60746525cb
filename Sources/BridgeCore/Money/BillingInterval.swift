/// A recurring price's billing period, as billing providers name it.
public enum BillingInterval: String, Sendable, Codable, CaseIterable {
    case day, week, month, year
}
