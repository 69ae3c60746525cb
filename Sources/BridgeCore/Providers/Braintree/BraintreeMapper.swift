import Foundation

/// Braintree notifications to FirstPromoter actions, under `mappings/braintree.yaml`.
///
/// - `subscription_charged_successfully` (and `subscription_went_active`, which may be the first
///   charge's only notification): a sale of the subscription's newest transaction, `event_id` =
///   the transaction id (so both notifications of one charge are one sale), amount = `amount` −
///   `tax-amount`, plan = `plan-id`, MRR from the billing period, lead = the transaction's customer
///   (its `custom-fields` carry the referral fields under the mapping file's keys).
/// - `subscription_canceled` / `subscription_expired`: a cancellation, lead from the newest transaction.
/// - `dispute_lost`: a refund of the disputed amount, linked to the disputed transaction's sale
///   (FirstPromoter's native Braintree integration tracks no refunds at all).
/// Braintree has no refund-success notification: card refunds made in Braintree reach no webhook.
public struct BraintreeMapper: EventMapper {
    static let reader = PayloadReader(what: "Braintree notification")

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["subscription_charged_successfully", "subscription_went_active"],
        .refund: ["dispute_lost"],
        .cancellation: ["subscription_canceled", "subscription_expired"],
    ]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents, amountBasis: BraintreeAmountBasis.self,
        defaults: MappingRules(
            events: [
                .sale: ["subscription_charged_successfully", "subscription_went_active"], .refund: ["dispute_lost"],
                .cancellation: ["subscription_canceled", "subscription_expired"],
            ], amountBasis: AmountBasis(BraintreeAmountBasis.amountExcludingTax)))

    /// Transaction statuses of money taken (or about to be, once settled).
    static let chargedStatuses: Set<String> = ["authorized", "submitted_for_settlement", "settling", "settled", "settlement_pending"]

    public init() {}

    public func envelope(of body: [UInt8], headers: WebhookHeaders) throws -> EventEnvelope {
        let notification = try Self.notification(in: body)
        // Braintree sends no id: a retry repeats kind, subject and timestamp. A `check` (the
        // Control Panel's "Check URL") has no subject id: its kind and time are its id.
        let subject = notification.subject.id ?? ""
        let timestamp = notification.timestamp ?? ""
        guard !subject.isEmpty || notification.kind == "check" else {
            throw PayloadError("Braintree notification: \(notification.kind)'s subject has no id")
        }
        return EventEnvelope(
            id: "\(notification.kind):\(subject):\(timestamp)", type: notification.kind, occurredAt: PayloadTime.rfc3339(timestamp))
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        let notification = try Self.notification(in: body)
        let routed = rules.action(forEventType: notification.kind)
        let subject = notification.subject
        switch routed {
        case .sale:
            guard let subscription = subject.subscription else { break }
            return try sale(subscription, at: notification.timestamp, rules: rules)
        case .cancellation:
            guard let subscription = subject.subscription else { break }
            return try cancellation(subscription, at: notification.timestamp)
        case .refund:
            guard let dispute = subject.dispute else { break }
            return try refund(dispute)
        default:
            return .ignored("\(notification.kind) is not routed to a FirstPromoter call in mappings/braintree.yaml")
        }
        return .ignored("\(notification.kind) carries no subscription or dispute to map")
    }

    func sale(_ subscription: BraintreeSubscription, at timestamp: String?, rules: MappingRules) throws -> Mapping {
        guard let transaction = subscription.latestTransaction else {
            return .ignored("subscription \(subscription.id) lists no transaction: nothing was charged")
        }
        let what = "transaction \(transaction.id) of subscription \(subscription.id)"
        guard let status = transaction.status, Self.chargedStatuses.contains(status) else {
            return .ignored("\(what) is \(transaction.status ?? "without a status"), not charged")
        }
        let currency = try Self.reader.currency(transaction.currency_iso_code, field: "subscription.transactions.transaction.currency_iso_code")
        let charged = try Self.reader.minorUnits(transaction.amount, currency: currency, field: "transaction \(transaction.id) amount")
        var amount = charged
        let basis = try rules.amountBasis.choice(BraintreeAmountBasis.self)
        // Absent means zero: tax-amount is Level 2 data the merchant passes to Braintree, nil when
        // none was (fixture subscription_charged_successfully); the amount is then sent whole.
        if basis == .amountExcludingTax, let tax = transaction.tax_amount, !tax.isEmpty {
            let taxMinor = try Self.reader.minorUnits(tax, currency: currency, field: "transaction \(transaction.id) tax_amount")
            let (excluding, overflow) = charged.subtractingReportingOverflow(taxMinor)
            guard !overflow else { throw PayloadError("\(what): amount minus tax does not fit") }
            amount = excluding
        }
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        let customer = transaction.customer
        let referral = rules.referral { customer?.custom_fields?.values[$0] }
        let uid = referral.uid ?? customer?.id
        if let reason = SalePolicy.reasonToSkip(uid: uid, email: customer?.email, of: what) { return .ignored(reason) }
        let sale = SaleParameters(
            email: customer?.email, uid: uid, eventID: transaction.id, amount: amount,
            plan: rules.plan(for: subscription.plan_id ?? transaction.plan_id), currency: currency,
            mrr: try Self.monthly(amount, subscription).map { .known($0) }, subscriptionID: subscription.id,
            createdAt: try Self.reader.time(("transaction.created-at", transaction.created_at), ("timestamp", timestamp))?.date,
            tid: referral.tid, refID: referral.refID, customerID: customer?.id, charged: charged)
        return Mapping(actions: [.sale(sale)])
    }

    func cancellation(_ subscription: BraintreeSubscription, at timestamp: String?) throws -> Mapping {
        let customer = subscription.latestTransaction?.customer
        guard customer?.id != nil || customer?.email != nil else {
            return .ignored("subscription \(subscription.id) lists no transaction with a customer; FirstPromoter needs a uid or email")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                email: customer?.email, uid: customer?.id, eventID: subscription.id,
                createdAt: try Self.reader.time(("timestamp", timestamp))?.date, customerID: customer?.id))
        ])
    }

    func refund(_ dispute: BraintreeDispute) throws -> Mapping {
        let currency = try Self.reader.currency(dispute.currency_iso_code, field: "dispute.currency_iso_code")
        let amount = try Self.reader.minorUnits(
            dispute.amount_disputed ?? dispute.amount, currency: currency, field: "dispute \(dispute.id) amount_disputed")
        let refund = RefundParameters(
            eventID: dispute.id, amount: .exact(amount), currency: currency, saleEventID: dispute.transaction?.id,
            createdAt: try Self.reader.time(("dispute.received-date", Self.datetime(dispute.received_date)))?.date, what: "dispute")
        return Mapping(actions: [.refund(refund)])
    }

    /// MRR from the billing period's length (`billing-period-start-date` to `-end-date`,
    /// inclusive), since the subscription carries no interval of its own: none without the
    /// dates; a date that is not one, or a period ending before it starts, is an error.
    static func monthly(_ amount: Int, _ subscription: BraintreeSubscription) throws -> Int? {
        guard let start = try day(subscription.billing_period_start_date, field: "subscription.billing-period-start-date"),
            let end = try day(subscription.billing_period_end_date, field: "subscription.billing-period-end-date")
        else { return nil }
        guard end >= start else {
            throw PayloadError("Braintree notification: subscription \(subscription.id)'s billing period ends before it starts")
        }
        let period = MonthlyRecurringRevenue.interval(spanningDays: end - start + 1)
        return MonthlyRecurringRevenue.monthly(amount: amount, every: period.count, period.interval)
    }

    /// Days since 1970 of a `YYYY-MM-DD` date.
    static func day(_ text: String?, field: String) throws -> Int? {
        try reader.time((field, datetime(text))).map { Int($0.milliseconds.dividedRoundingDown(by: 86_400_000)) }
    }

    /// A `type="date"` value (`YYYY-MM-DD`) as midnight UTC; a `type="datetime"` one as it is.
    static func datetime(_ text: String?) -> String? {
        text.map(PayloadDateText.rfc3339)
    }

    static func notification(in body: [UInt8]) throws -> BraintreeNotification {
        let form = try FormBody(body, only: ["bt_payload"])
        guard let payload = form["bt_payload"] else { throw PayloadError("Braintree notification: the bt_payload field is missing") }
        guard let xml = Data(base64Encoded: payload, options: .ignoreUnknownCharacters) else {
            throw PayloadError("Braintree notification: bt_payload is not base64")
        }
        return try reader.decodeXML(BraintreeDocument.self, from: Array(xml)).notification
    }
}
