import Foundation

/// A FirstPromoter refund: the parameters `POST /api/v1/track/refund` accepts.
public struct RefundParameters: Sendable, Equatable {
    public var email: String?
    public var uid: String?
    /// The refund's own id, unique to this refund step.
    public var eventID: String
    public var amount: RefundAmount
    public var currency: String?
    /// The reversed sale's `event_id`, when the payload names it.
    public var saleEventID: String?
    /// Payments this refund came from, for finding the sale when the payload does not name it.
    public var saleReferences: [PaymentReference]
    public var createdAt: Date?
    /// The provider's customer id, whose remembered referral uid (`fp_uid`) replaces `uid`.
    public var customerID: String?
    /// What this refund is, for notes and reasons: "refund", "dispute".
    public var what: String

    public init(
        email: String? = nil, uid: String? = nil, eventID: String, amount: RefundAmount, currency: String? = nil,
        saleEventID: String? = nil, saleReferences: [PaymentReference] = [], createdAt: Date? = nil,
        customerID: String? = nil, what: String = "refund"
    ) {
        self.email = email
        self.uid = uid
        self.eventID = eventID
        self.amount = amount
        self.currency = currency
        self.saleEventID = saleEventID
        self.saleReferences = saleReferences
        self.createdAt = createdAt
        self.customerID = customerID
        self.what = what
    }
}

/// How much a refund step gives back, in minor units of what was charged (tax included): the
/// resolver scales it to the sale's tax-free share.
public enum RefundAmount: Sendable, Equatable {
    /// The payload says how much this step refunded.
    case exact(Int)
    /// The payload gives only the cumulative total refunded on a payment: this step is that
    /// total minus what the bridge recorded before.
    case cumulative(paymentID: String, total: Int)
    /// The payload gives this step's amount with tax already taken out (Paddle's adjustment
    /// totals): sent as it is, capped at what is left of the sale.
    case taxFree(Int)
}
