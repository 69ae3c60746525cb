import Foundation

/// A FirstPromoter sale: exactly the parameters `POST /api/v1/track/sale` accepts.
public struct SaleParameters: Sendable, Equatable {
    public var email: String?
    public var uid: String?
    /// The payment's id: FirstPromoter answers 409 to the same id again, so it is the idempotency key.
    public var eventID: String
    /// Minor units after discounts and before tax; zero-decimal currencies in whole units.
    public var amount: Int
    public var quantity: Int?
    public var plan: String?
    public var currency: String?
    /// Minor units per month.
    public var mrr: MonthlyRevenue?
    public var subscriptionID: String?
    public var createdAt: Date?
    public var promoCode: String?
    public var tid: String?
    public var refID: String?

    public init(
        email: String? = nil, uid: String? = nil, eventID: String, amount: Int, quantity: Int? = nil,
        plan: String? = nil, currency: String? = nil, mrr: MonthlyRevenue? = nil, subscriptionID: String? = nil,
        createdAt: Date? = nil, promoCode: String? = nil, tid: String? = nil, refID: String? = nil
    ) {
        self.email = email
        self.uid = uid
        self.eventID = eventID
        self.amount = amount
        self.quantity = quantity
        self.plan = plan
        self.currency = currency
        self.mrr = mrr
        self.subscriptionID = subscriptionID
        self.createdAt = createdAt
        self.promoCode = promoCode
        self.tid = tid
        self.refID = refID
    }
}

/// MRR as the mapper knows it: a figure, or a subscription whose recorded items the bridge
/// remembers better than this payload does (newer Stripe invoice lines carry no interval).
public enum MonthlyRevenue: Sendable, Equatable {
    case known(Int)
    case recordedSubscription(id: String, otherwise: Int?)
}
