import Foundation

/// A Braintree webhook notification as decoded from `bt_payload` (base64 XML, read through
/// `XMLTree.json`, so dashed and underscored element names read alike). Amounts are decimal
/// text in major units.
struct BraintreeDocument: Decodable {
    let notification: BraintreeNotification
}

struct BraintreeNotification: Decodable {
    let timestamp: String?
    let kind: String
    let subject: BraintreeSubject
}

struct BraintreeSubject: Decodable {
    let subscription: BraintreeSubscription?
    let dispute: BraintreeDispute?
    let transaction: BraintreeTransaction?

    /// The id of whatever the notification is about, for the dedup key.
    var id: String? { subscription?.id ?? dispute?.id ?? transaction?.id }
}

struct BraintreeSubscription: Decodable {
    let id: String
    let plan_id: String?
    let status: String?
    let billing_period_start_date: String?
    let billing_period_end_date: String?
    let transactions: [BraintreeTransaction]?

    /// The charge a `subscription_charged_successfully` is about: Braintree lists recent
    /// transactions with no documented order, so the newest by `created_at`.
    var latestTransaction: BraintreeTransaction? {
        transactions?.max { ($0.created_at ?? "") < ($1.created_at ?? "") }
    }
}

struct BraintreeTransaction: Decodable {
    let id: String
    let type: String?
    let status: String?
    let amount: String?
    let tax_amount: String?
    let currency_iso_code: String?
    let plan_id: String?
    let subscription_id: String?
    let created_at: String?
    let customer: BraintreeCustomer?
}

struct BraintreeCustomer: Decodable {
    let id: String?
    let email: String?
    /// The merchant's custom fields (`<custom-fields>`), where FirstPromoter's tid can be kept.
    let custom_fields: LooseStrings?
}

struct BraintreeDispute: Decodable {
    let id: String
    let amount: String?
    let amount_disputed: String?
    let currency_iso_code: String?
    let kind: String?
    let status: String?
    let received_date: String?
    let transaction: BraintreeDisputedTransaction?
}

struct BraintreeDisputedTransaction: Decodable {
    let id: String
    let amount: String?
}
