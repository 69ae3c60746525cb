import Foundation

// Paystack's webhook events: `{"event": …, "data": {…}}`. Amounts are integers of the currency's
// subunit (kobo; a refund's may be a string of one); times are RFC 3339. No event id: the
// mapper derives the dedup key from the event and its object.

struct PaystackEvent<Payload: Decodable>: Decodable {
    let event: String
    let data: Payload
}

struct PaystackAnyData: Decodable {}

/// What the receiver reads of an event before it stores it: the ids that make its dedup key.
struct PaystackEnvelopeData: Decodable {
    let reference: String?
    let subscription_code: String?
    let refund_reference: String?
    let transaction_reference: String?
    let amount: PaystackAmount?
    let paid_at: String?
    let created_at: String?
}

struct PaystackCharge: Decodable {
    let status: String?
    let reference: String
    let amount: Int
    let currency: String
    let domain: String?
    let paid_at: String?
    let created_at: String?
    let metadata: PaystackMetadata?
    let customer: PaystackCustomer?
    /// `{}` when the charge is not a plan's.
    let plan: PaystackPlan?
}

struct PaystackPlan: Decodable {
    let plan_code: String?
    /// hourly, daily, weekly, monthly, quarterly, biannually or annually.
    let interval: String?
}

struct PaystackCustomer: Decodable {
    let email: String?
    let customer_code: String?
}

struct PaystackRefund: Decodable {
    let status: String?
    /// The refunded charge's reference.
    let transaction_reference: String
    let refund_reference: String?
    let amount: PaystackAmount
    let currency: String
    let domain: String?
    let customer: PaystackCustomer?
}

struct PaystackSubscription: Decodable {
    let subscription_code: String
    let status: String?
    let domain: String?
    let customer: PaystackCustomer?
    let created_at: String?
}

/// An amount in subunits, as a JSON integer or (in refund events) a string of one.
struct PaystackAmount: Decodable {
    let value: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
            return
        }
        let text = try container.decode(String.self)
        guard let number = Int(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a whole number of subunits")
        }
        value = number
    }
}

/// A transaction's `metadata`: the merchant's key-value object, where FirstPromoter's tid is put
/// at checkout. Paystack also writes `0`, `""` or `null` there when there is none, and some
/// integrations send the object as a JSON string: both are read, as no keys and as the object.
struct PaystackMetadata: Decodable {
    let values: [String: String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let object = try? container.decode(LooseStrings.self) {
            values = object.values
        } else if let text = try? container.decode(String.self), text.hasPrefix("{") {
            values = try JSONDecoder().decode(LooseStrings.self, from: Data(text.utf8)).values
        } else {
            values = [:]
        }
    }
}
