/// Something an event teaches the bridge that later events need: kept in the store's memory.
public enum Fact: Sendable, Equatable {
    /// This payment paid the sale with this FirstPromoter `event_id`.
    case salePaidBy(PaymentReference, saleEventID: String)
    /// A subscription's MRR, as of the event that described its items.
    case subscriptionMRR(subscriptionID: String, mrr: Int, asOf: Int)
    /// The cumulative amount refunded on a payment so far.
    case refundedTotal(paymentID: String, total: Int)
}
