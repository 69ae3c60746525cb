// Razorpay's webhook events: `{"entity":"event","event":…,"contains":[…],"payload":{"payment":
// {"entity":{…}},…},"created_at":…}`, one entity per kind the event contains. Amounts are integers
// of the currency's subunits (paise); times are Unix seconds. The event id is not in the body but
// in the `x-razorpay-event-id` header.

struct RazorpayEvent<Payload: Decodable>: Decodable {
    let event: String
    let created_at: PayloadTime?
    let payload: Payload
}

/// What the receiver reads of an event before it stores it; its time loosely (`PayloadTime.Loose`).
struct RazorpayEnvelope: Decodable {
    let event: String
    let created_at: PayloadTime.Loose?
}

struct RazorpayAnyPayload: Decodable {}

/// `payload.{kind}.entity`.
struct RazorpayEntity<Entity: Decodable>: Decodable {
    let entity: Entity
}

struct RazorpayPaymentPayload: Decodable {
    let payment: RazorpayEntity<RazorpayPayment>
    let invoice: RazorpayEntity<RazorpayInvoice>?
    let subscription: RazorpayEntity<RazorpaySubscription>?
}

struct RazorpayRefundPayload: Decodable {
    let refund: RazorpayEntity<RazorpayRefund>
    let payment: RazorpayEntity<RazorpayPayment>?
}

struct RazorpayDisputePayload: Decodable {
    let dispute: RazorpayEntity<RazorpayDispute>
    let payment: RazorpayEntity<RazorpayPayment>?
}

struct RazorpaySubscriptionPayload: Decodable {
    let subscription: RazorpayEntity<RazorpaySubscription>
}

struct RazorpayPayment: Decodable {
    let id: String
    let amount: Int
    let currency: String
    let status: String?
    /// False for a payment only authorized: Razorpay refunds it by itself, and it was never a sale.
    let captured: Bool?
    let order_id: String?
    let invoice_id: String?
    let customer_id: String?
    let email: String?
    /// The merchant's key-value notes (`[]` when empty): where FirstPromoter's tid is kept.
    let notes: LooseStrings?
    let created_at: PayloadTime?
}

struct RazorpayInvoice: Decodable {
    let id: String
    let status: String?
    /// The invoice's total, tax included.
    let amount: Int?
    let tax_amount: Int?
    let subscription_id: String?
    let customer_id: String?
    let customer_details: CustomerDetails?
    let paid_at: PayloadTime?

    struct CustomerDetails: Decodable {
        let email: String?
    }
}

struct RazorpaySubscription: Decodable {
    let id: String
    let plan_id: String?
    let customer_id: String?
    let status: String?
    /// The period just charged: its length gives the MRR.
    let current_start: PayloadTime?
    let current_end: PayloadTime?
    let ended_at: PayloadTime?
    let notes: LooseStrings?
}

struct RazorpayRefund: Decodable {
    let id: String
    let amount: Int
    let currency: String
    let payment_id: String
    let status: String?
    let created_at: PayloadTime?
}

struct RazorpayDispute: Decodable {
    let id: String
    let payment_id: String
    let amount: Int
    /// What Razorpay took back from the merchant, when it says.
    let amount_deducted: Int?
    let currency: String
    let status: String?
    let created_at: PayloadTime?
}
