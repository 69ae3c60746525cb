import Foundation

/// A JSON webhook as Recurly sends it: ids only. The event is `object_type.event_type`.
struct RecurlyWebhook: Decodable {
    let id: String
    let object_type: String
    let event_type: String
    let event_time: String?
    /// Invoice events name the invoice by number; payment and subscription events by uuid.
    let invoice_number: RecurlyLooseNumber?
    let uuid: String?

    var type: String { "\(object_type).\(event_type)" }
}

/// Recurly's invoice numbers: an integer in webhooks, a string (with a site's prefix) in the API.
struct RecurlyLooseNumber: Decodable, Sendable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            text = String(number)
        } else {
            text = try container.decode(String.self)
        }
    }
}


/// `GET /invoices/{id}`, the fields a sale needs.
struct RecurlyInvoice: Decodable {
    let id: String?
    let number: RecurlyLooseNumber
    let type: String?
    let state: String?
    let currency: String
    let subtotal: MajorAmount?
    let discount: MajorAmount?
    let tax: MajorAmount?
    let total: MajorAmount
    let account: RecurlyAccount?
    let subscription_ids: [String]?
    let line_items: RecurlyList<RecurlyLineItem>?
    let closed_at: String?
    let created_at: String?
}

struct RecurlyAccount: Decodable {
    let code: String?
    let email: String?
}

struct RecurlyLineItem: Decodable {
    let type: String?
    let plan_code: String?
    let subscription_id: String?
    let refund: Bool?
    let start_date: String?
    let end_date: String?
}

/// `GET /transactions/{id}`: a payment or a refund.
struct RecurlyTransaction: Decodable {
    let id: String
    let uuid: String?
    let type: String?
    let status: String?
    let success: Bool?
    let amount: MajorAmount
    let currency: String
    let account: RecurlyAccount?
    let invoice: RecurlyInvoiceMini?
    let original_transaction_id: String?
    let collected_at: String?
    let created_at: String?
}

struct RecurlyInvoiceMini: Decodable {
    let id: String?
    let number: RecurlyLooseNumber?
}

/// `GET /subscriptions/{id}`.
struct RecurlySubscription: Decodable {
    let id: String?
    let uuid: String
    let state: String?
    let account: RecurlyAccount?
    let canceled_at: String?
    let expires_at: String?
}

/// A list in a v3 document: an array, or a `{"object": "list", "data": [...]}` page.
struct RecurlyList<Element: Decodable>: Decodable {
    let items: [Element]

    init(from decoder: any Decoder) throws {
        if let items = try? decoder.singleValueContainer().decode([Element].self) {
            self.items = items
        } else {
            items = try decoder.container(keyedBy: Keys.self).decode([Element].self, forKey: .data)
        }
    }

    enum Keys: String, CodingKey { case data }
}
