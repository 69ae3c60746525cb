// Chargebee's webhook events (API v2): `id` (the dedup key), `event_type`, `occurred_at` (Unix
// seconds) and `content` keyed by lower-case resource names. Amounts are integers of minor units
// (zero-decimal currencies in whole units).

struct ChargebeeEvent<Content: Decodable>: Decodable {
    let id: String
    let event_type: String
    let occurred_at: PayloadTime?
    let content: Content
}

struct ChargebeeAnyContent: Decodable {}

/// What the receiver reads of an event before it stores it; its time loosely (`PayloadTime.Loose`).
struct ChargebeeEnvelope: Decodable {
    let id: String
    let event_type: String
    let occurred_at: PayloadTime.Loose?
    let content: ChargebeeAnyContent
}

struct ChargebeePaymentContent: Decodable {
    let transaction: ChargebeeTransaction
    let invoice: ChargebeeInvoice?
    let customer: ChargebeeCustomer?
    let subscription: ChargebeeSubscription?
}

struct ChargebeeTransaction: Decodable {
    let id: String
    let type: String?
    let status: String?
    let amount: Int
    let currency_code: String
    let date: PayloadTime?
    /// On a refund: the payment it gives back.
    let refunded_txn_id: String?
    let customer_id: String?
}

struct ChargebeeInvoice: Decodable {
    let id: String
    let total: Int?
    let tax: Int?
    let sub_total: Int?
    let amount_paid: Int?
}

struct ChargebeeSubscription: Decodable {
    let id: String
    let customer_id: String?
    let plan_id: String?
    let mrr: Int?
    let cancelled_at: PayloadTime?
    let subscription_items: [Item]?

    struct Item: Decodable {
        let item_price_id: String?
        let item_type: String?
    }
}

struct ChargebeeCustomer: Decodable {
    let id: String
    let email: String?
}

struct ChargebeeCustomerContent: Decodable {
    let customer: ChargebeeCustomer
    /// Every string field of the customer, for its custom fields (`cf_tid`).
    let fields: LooseStrings

    enum Key: String, CodingKey { case customer }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        customer = try container.decode(ChargebeeCustomer.self, forKey: .customer)
        fields = try container.decode(LooseStrings.self, forKey: .customer)
    }
}

/// The payment events' customer custom fields, read the same way.
struct ChargebeePaymentCustomerFields: Decodable {
    let customer: LooseStrings?
}
