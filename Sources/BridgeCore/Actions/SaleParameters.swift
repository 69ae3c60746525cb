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

    // Not sent: what the resolver needs from the bridge's memory.

    /// The provider's customer id, whose remembered referral data (tid, ref id, `fp_uid`, email)
    /// fill what this payload lacks.
    public var customerID: String?
    /// What the customer was charged for it, tax included, in minor units: refunds of this sale
    /// are scaled by `amount / charged` so that they exclude tax as the sale does.
    public var charged: Int?
    /// Set for a payment without an invoice: it is a sale only if no invoice or better source
    /// claims the same payment.
    public var oneTime: OneTimePayment?

    public init(
        email: String? = nil, uid: String? = nil, eventID: String, amount: Int, quantity: Int? = nil,
        plan: String? = nil, currency: String? = nil, mrr: MonthlyRevenue? = nil, subscriptionID: String? = nil,
        createdAt: Date? = nil, promoCode: String? = nil, tid: String? = nil, refID: String? = nil,
        customerID: String? = nil, charged: Int? = nil, oneTime: OneTimePayment? = nil
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
        self.customerID = customerID
        self.charged = charged
        self.oneTime = oneTime
    }
}

/// A payment that may be a sale of its own (Checkout in payment mode, a Payment Link, a bare
/// PaymentIntent or charge), or may belong to an invoice that is the sale.
public struct OneTimePayment: Sendable, Equatable {
    /// The payment's ids; a sale already recorded for any of them means this is not a new one.
    public var paidWith: [PaymentReference]
    /// True when the payload cannot rule out an invoice or a richer source (a Checkout Session)
    /// for the same payment: the resolver holds it for the mapping file's `holds.payment_seconds`.
    public var holdForOtherSources: Bool
    /// The customer, currency, amount and time of this payment: an invoice charged the same at
    /// the same time claims it, when no event links the two.
    public var charge: InvoiceCharge?
    /// What may claim the payment, in the provider's words, for the held reason.
    public var claimants: String

    public init(
        paidWith: [PaymentReference], holdForOtherSources: Bool, charge: InvoiceCharge? = nil,
        claimants: String = "an invoice"
    ) {
        self.paidWith = paidWith
        self.holdForOtherSources = holdForOtherSources
        self.charge = charge
        self.claimants = claimants
    }
}

/// MRR as the mapper knows it: a figure, or a subscription whose recorded items the bridge
/// remembers better than this payload does (newer Stripe invoice lines carry no interval).
public enum MonthlyRevenue: Sendable, Equatable {
    case known(Int)
    case recordedSubscription(id: String, otherwise: Int?)
}
