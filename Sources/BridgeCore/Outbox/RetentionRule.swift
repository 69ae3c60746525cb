import Foundation

/// What the store forgets, and when: an event that was mapped, and whose outbox rows are all
/// settled (its calls delivered, or it made none), once it is older than the retention period;
/// with it go its calls, their attempts and the ids it is found by. Everything an operator may
/// still act on stays until it is replayed or dropped by hand: dead letters, dry runs, failed,
/// waiting and undecodable events. The bridge's memory stays too: a refund may name a sale of
/// years ago.
public enum RetentionRule {
    /// Outbox statuses that leave nothing to do.
    public static let settled: [DeliveryStatus] = [.delivered, .ignored]
    /// 0 keeps everything.
    public static let defaultDays = 90
    /// Events pruned in one transaction: small, so that the writer is never held for long.
    public static let batchSize = 500

    /// Events received before this are pruned; nil when nothing is (`days` of 0).
    public static func cutoff(now: Date, days: Int) -> Date? {
        guard days > 0 else { return nil }
        return now.addingTimeInterval(-Double(days) * 86_400)
    }
}
