// Polar's webhook events: `{"type": …, "timestamp": …, "data": {…}}`, signed with Standard
// Webhooks headers; the event id is the `webhook-id` header (the body has none). Amounts are
// integers of cents; currencies lower-case; times RFC 3339.

struct PolarEvent<Payload: Decodable>: Decodable {
    let type: String
    let timestamp: String?
    let data: Payload
}

struct PolarAnyData: Decodable {}

struct PolarOrder: Decodable {
    let id: String
    let status: String?
    let paid: Bool?
    /// After discounts, before tax.
    let net_amount: Int?
    let tax_amount: Int?
    /// After discounts and tax: what was charged.
    let total_amount: Int?
    /// Cumulative, without tax; its tax apart.
    let refunded_amount: Int?
    let refunded_tax_amount: Int?
    let currency: String
    let billing_reason: String?
    let customer_id: String?
    let product_id: String?
    let subscription_id: String?
    let metadata: LooseStrings?
    let customer: PolarCustomer?
    let subscription: PolarSubscription?
    let created_at: String?
    let modified_at: String?
}

struct PolarCustomer: Decodable {
    let id: String?
    let email: String?
    /// The merchant's own id for the customer, given at checkout: FirstPromoter's uid.
    let external_id: String?
    let metadata: LooseStrings?
}

struct PolarSubscription: Decodable {
    let id: String
    let status: String?
    let recurring_interval: String?
    let recurring_interval_count: Int?
    let customer_id: String?
    let customer: PolarCustomer?
    let canceled_at: String?
    let ended_at: String?
    let modified_at: String?
}
