// Paddle Billing's payloads as Decodable types, with Paddle's wire names. Amounts are strings of
// minor units ("65215" is 652.15 USD); `PaddleAmount` reads them as integers or names the field.

/// A notification: `event_id`, `event_type`, `occurred_at`, and `data` decoded as `Object`.
struct PaddleEvent<Object: Decodable>: Decodable {
    let event_id: String
    let event_type: String
    let occurred_at: String?
    let data: Object
}

/// Decodes from any JSON object: for reading only the envelope.
struct PaddleAnyObject: Decodable {}

struct PaddleTransaction: Decodable {
    let id: String
    let status: String?
    let customer_id: String?
    let subscription_id: String?
    let currency_code: String
    let custom_data: LooseStrings?
    let billed_at: String?
    let items: [Item]?
    let details: Details

    struct Item: Decodable {
        let price: PaddlePrice?
        let quantity: Int?
    }

    struct Details: Decodable {
        let totals: PaddleTotals
    }
}

struct PaddlePrice: Decodable {
    let id: String
    let unit_price: PaddleMoney?
    let billing_cycle: BillingCycle?

    struct BillingCycle: Decodable {
        let interval: String
        let frequency: Int?
    }
}

struct PaddleMoney: Decodable {
    let amount: String
}

/// `details.totals` of a transaction, and `totals` of an adjustment (which has no `discount`).
struct PaddleTotals: Decodable {
    let subtotal: String?
    let discount: String?
    let tax: String?
    let total: String?
    let grand_total: String?
    let fee: String?
    let earnings: String?
}

struct PaddleAdjustment: Decodable {
    let id: String
    let action: String
    let status: String
    let transaction_id: String
    let customer_id: String?
    let subscription_id: String?
    let currency_code: String
    let totals: PaddleTotals
    let created_at: String?
}

struct PaddleSubscription: Decodable {
    let id: String
    let status: String?
    let customer_id: String?
    let currency_code: String?
    let canceled_at: String?
    let items: [Item]?

    struct Item: Decodable {
        let price: PaddlePrice?
        let quantity: Int?
    }
}

struct PaddleCustomer: Decodable {
    let id: String
    let email: String?
    let custom_data: LooseStrings?
}
