/// Something an event teaches the bridge that later events need: kept in the store's memory.
public enum Fact: Sendable, Equatable {
    /// This payment paid the sale with this FirstPromoter `event_id`.
    case salePaidBy(PaymentReference, saleEventID: String)
    /// A sale as it was queued: who it was for, what it sent and what was charged.
    case saleRecorded(SaleRecord)
    /// A subscription's MRR, as of the event that described its items.
    case subscriptionMRR(subscriptionID: String, mrr: Int, asOf: Int)
    /// The cumulative amount refunded on a payment so far, as charged (tax included).
    case refundedTotal(paymentID: String, total: Int)
    /// What has been clawed back from a sale so far, as charged and as sent (tax excluded).
    case saleClawback(saleEventID: String, Clawback)
    /// Referral data and email a customer carries (Checkout Session or Customer metadata).
    case customer(id: String, CustomerRecord)
    /// An invoice charged this customer this amount at this time: a payment of the same customer,
    /// currency and amount at the same time is that invoice's, even with no link event.
    case invoiceCharged(InvoiceCharge)
    /// A refund with this `event_id` was queued: another event for the same refund adds nothing.
    case refundQueued(eventID: String)

    /// The key of the memory entry this fact writes: events waiting on it are looked at again.
    public var key: String {
        switch self {
        case .salePaidBy(let reference, _): MemoryKey.payment(reference)
        case .saleRecorded(let sale): MemoryKey.sale(sale.eventID)
        case .subscriptionMRR(let id, _, _): "subscription:\(id)"
        case .refundedTotal(let id, _): "refunded:\(id)"
        case .saleClawback(let id, _): "clawback:\(id)"
        case .customer(let id, _): MemoryKey.customer(id)
        case .invoiceCharged(let charge): charge.key
        case .refundQueued(let id): "refund:\(id)"
        }
    }
}

/// Names of memory entries, shared by facts and by the waits that look for them.
public enum MemoryKey {
    public static func payment(_ reference: PaymentReference) -> String { "\(reference.kind):\(reference.id)" }
    public static func sale(_ eventID: String) -> String { "sale:\(eventID)" }
    public static func customer(_ id: String) -> String { "customer:\(id)" }
}
