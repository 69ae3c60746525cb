/// A sale as the bridge queued it, remembered so that its refunds and disputes find the lead and
/// exclude tax in the same proportion.
public struct SaleRecord: Sendable, Equatable, Codable {
    public var eventID: String
    public var uid: String?
    public var email: String?
    public var currency: String?
    /// The amount sent to FirstPromoter: after discounts, before tax.
    public var amount: Int
    /// What the customer was charged for it, tax included (nil: the same as `amount`).
    public var charged: Int?

    public init(eventID: String, uid: String?, email: String?, currency: String?, amount: Int, charged: Int?) {
        self.eventID = eventID
        self.uid = uid
        self.email = email
        self.currency = currency
        self.amount = amount
        self.charged = charged
    }
}

/// What has been taken back from one sale so far: as charged (refunded and disputed amounts,
/// tax included) and as sent to FirstPromoter (tax excluded). Both only grow.
public struct Clawback: Sendable, Equatable, Codable {
    public var charged: Int
    public var sent: Int

    public init(charged: Int, sent: Int) {
        self.charged = charged
        self.sent = sent
    }
}

/// What a customer carries that its sales need: FirstPromoter referral data and an email.
public struct CustomerRecord: Sendable, Equatable, Codable {
    public var tid: String?
    public var refID: String?
    /// `fp_uid`: the id FirstPromoter knows the lead by; replaces the provider's customer id.
    public var uid: String?
    public var email: String?

    public init(tid: String? = nil, refID: String? = nil, uid: String? = nil, email: String? = nil) {
        self.tid = tid
        self.refID = refID
        self.uid = uid
        self.email = email
    }

    /// Later values win; a value a later event leaves out is kept.
    public func merged(with later: CustomerRecord) -> CustomerRecord {
        CustomerRecord(
            tid: later.tid ?? tid, refID: later.refID ?? refID, uid: later.uid ?? uid, email: later.email ?? email)
    }

    public var hasReferral: Bool { tid != nil || refID != nil }
}

/// What an invoice charged whom, and when: how a payment event that names no invoice is still
/// recognised as the invoice's (API 2025-03-31 and later, without `invoice_payment.paid`).
public struct InvoiceCharge: Sendable, Equatable, Codable {
    public var customerID: String
    public var currency: String
    public var amount: Int
    /// Unix seconds.
    public var at: Int
    public var invoiceID: String?

    public init(customerID: String, currency: String, amount: Int, at: Int, invoiceID: String? = nil) {
        self.customerID = customerID
        self.currency = currency
        self.amount = amount
        self.at = at
        self.invoiceID = invoiceID
    }

    /// The memory entry: one per customer, currency and amount.
    public var key: String { "invoice-charge:\(customerID):\(currency):\(amount)" }

    /// Charges this close in time are taken for the same payment.
    public static let sameTimeSeconds = 600

    public func isSamePayment(as other: InvoiceCharge) -> Bool {
        guard key == other.key else { return false }
        let (gap, overflow) = at.subtractingReportingOverflow(other.at)
        return !overflow && gap.magnitude <= UInt(Self.sameTimeSeconds)
    }
}
