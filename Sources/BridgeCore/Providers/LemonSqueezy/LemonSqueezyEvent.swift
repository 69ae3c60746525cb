import Foundation

// Lemon Squeezy's webhook bodies (JSON:API): `meta` and one `data` object. Ids are strings in
// `data.id` and integers inside `attributes`; amounts are integers of minor units.

struct LemonSqueezyEvent<Attributes: Decodable>: Decodable {
    let meta: Meta
    let data: Resource

    struct Meta: Decodable {
        let event_name: String?
        let test_mode: Bool?
        let custom_data: LooseStrings?
    }

    struct Resource: Decodable {
        let type: String
        let id: String
        let attributes: Attributes
    }
}

/// Attributes every object carries, for the envelope.
struct LemonSqueezyCommon: Decodable {
    let updated_at: String?
    let created_at: String?
    let test_mode: Bool?
    let refunded_amount: Int?
}

/// An order (`order_created`, `order_refunded`) or a subscription invoice
/// (`subscription_payment_success`, `subscription_payment_refunded`): the same amounts.
struct LemonSqueezyPayment: Decodable {
    let customer_id: Int?
    let subscription_id: Int?
    let user_email: String?
    let currency: String
    let subtotal: Int
    let discount_total: Int?
    let tax: Int?
    let tax_inclusive: Bool?
    let total: Int
    let refunded_amount: Int?
    let status: String?
    let billing_reason: String?
    let created_at: String?
    let updated_at: String?
    let test_mode: Bool?
    let first_order_item: OrderItem?

    struct OrderItem: Decodable {
        let variant_id: Int?
        let price_id: Int?
    }
}

/// `subscription_created` / `subscription_cancelled` / ...
struct LemonSqueezySubscription: Decodable {
    let customer_id: Int?
    let order_id: Int?
    let user_email: String?
    let variant_id: Int?
    let status: String?
    let ends_at: String?
    let updated_at: String?
    let test_mode: Bool?
}
