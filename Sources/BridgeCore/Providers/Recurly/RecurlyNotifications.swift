/// Recurly's legacy XML notifications (unsigned, behind HTTP Basic authentication), read through
/// `XMLTree.json`: the root element names the notification. Amounts are integer minor units.
struct RecurlyXMLAccount: Decodable {
    let account_code: String?
    let email: String?
}

struct RecurlyXMLInvoice: Decodable {
    let uuid: String
    let state: String?
    let invoice_number_prefix: String?
    let invoice_number: Int?
    let currency: String?
    let total_in_cents: Int?
    let tax_in_cents: Int?
    let subscription_ids: [String]?
    let subscription_id: String?
    let closed_at: String?
    let date: String?
}

struct RecurlyXMLTransaction: Decodable {
    let id: String
    let invoice_id: String?
    let invoice_number: Int?
    let action: String?
    let amount_in_cents: Int?
    let status: String?
    let date: String?
}

struct RecurlyXMLSubscription: Decodable {
    let uuid: String
    let state: String?
    let canceled_at: String?
    let expires_at: String?
}

/// Every notification the bridge reads has an account and one of these.
struct RecurlyXMLNotification: Decodable {
    let account: RecurlyXMLAccount?
    let invoice: RecurlyXMLInvoice?
    let transaction: RecurlyXMLTransaction?
    let subscription: RecurlyXMLSubscription?

    /// The object's id, for the dedup key (XML notifications carry no event id).
    var objectID: String? { invoice?.uuid ?? transaction?.id ?? subscription?.uuid }
}
