import Foundation

/// Paddle Classic alerts to FirstPromoter actions, under `mappings/paddle-classic.yaml`.
///
/// - `subscription_payment_succeeded`, `payment_succeeded`: a sale, `event_id` = the order id
///   (which a refund names): `sale_gross - payment_tax`; plan = the subscription plan (or the
///   product); MRR from the time to `next_bill_date`; uid = Paddle's user id.
/// - `subscription_payment_refunded`, `payment_refunded`: a refund of `gross_refund - tax_refund`,
///   linked to the order; a VAT-only refund (`refund_type: vat`) gives back tax, not the sale.
/// - `subscription_cancelled`: a cancellation.
public struct PaddleClassicMapper: EventMapper {
    static let reader = PayloadReader(what: "Paddle Classic alert")

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["subscription_payment_succeeded", "payment_succeeded"],
        .refund: ["subscription_payment_refunded", "payment_refunded"],
        .cancellation: ["subscription_cancelled"],
    ]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents, amountBasis: PaddleClassicAmountBasis.self,
        defaults: MappingRules(
            events: supportedEvents, amountBasis: AmountBasis(PaddleClassicAmountBasis.saleGrossExcludingTax), uidKey: "fp_uid"))

    public init() {}

    public func envelope(of body: [UInt8], headers: WebhookHeaders) throws -> EventEnvelope {
        let alert = try PaddleClassicAlert(body)
        let name = try alert.required("alert_name")
        let id = try alert.required("alert_id")
        return EventEnvelope(id: id, type: name, occurredAt: PaddleClassicAlert.rfc3339(alert["event_time"]).flatMap(PayloadTime.rfc3339))
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        let alert = try PaddleClassicAlert(body)
        let name = try alert.required("alert_name")
        switch rules.action(forEventType: name) {
        case .sale? where name.hasSuffix("payment_succeeded"): return try sale(alert, subscription: name.hasPrefix("subscription_"), rules: rules)
        case .refund? where name.hasSuffix("payment_refunded"): return try refund(alert)
        case .cancellation? where name == "subscription_cancelled": return try cancellation(alert)
        default: return .ignored("\(name) is not routed to a FirstPromoter call in mappings/paddle-classic.yaml")
        }
    }

    func money(_ alert: PaddleClassicAlert, _ field: String, currency: String) throws -> Int {
        try Self.reader.minorUnits(alert[field], currency: currency, field: field)
    }

    func sale(_ alert: PaddleClassicAlert, subscription: Bool, rules: MappingRules) throws -> Mapping {
        let order = try alert.required("order_id")
        let what = "order \(order)"
        if subscription, let status = alert["status"], !["active", "trialing", "past_due"].contains(status) {
            return .ignored("\(what): the subscription is \(status)")
        }
        let currency = try Self.reader.currency(alert["currency"], field: "currency")
        let charged = try money(alert, "sale_gross", currency: currency)
        let amount: Int
        switch try rules.amountBasis.choice(PaddleClassicAmountBasis.self) {
        case .saleGross: amount = charged
        case .earnings: amount = try money(alert, "earnings", currency: currency)
        case .saleGrossExcludingTax:
            guard let excluding = MinorUnits.difference(charged, try money(alert, "payment_tax", currency: currency)) else {
                throw PayloadError("\(what): sale_gross minus payment_tax does not fit")
            }
            amount = excluding
        }
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        let passthrough = try alert.passthrough
        let referral = rules.referral { passthrough[$0] }
        let uid = referral.uid ?? alert["user_id"]
        if let reason = SalePolicy.reasonToSkip(uid: uid, email: alert["email"], of: what) { return .ignored(reason) }
        let paidAt = try Self.reader.time(("event_time", PaddleClassicAlert.rfc3339(alert["event_time"])))
        let sale = SaleParameters(
            email: alert["email"], uid: uid, eventID: order, amount: amount, quantity: try alert["quantity"].map(Self.count),
            plan: rules.plan(for: subscription ? alert["subscription_plan_id"] : alert["product_id"]), currency: currency,
            mrr: try subscription ? Self.monthly(amount, from: paidAt, to: alert["next_bill_date"]).map { .known($0) } : nil,
            subscriptionID: alert["subscription_id"], createdAt: paidAt?.date, promoCode: alert["coupon"], tid: referral.tid,
            refID: referral.refID, customerID: alert["user_id"], charged: charged)
        return Mapping(actions: [.sale(sale)])
    }

    static func count(_ text: String) throws -> Int {
        guard let value = Int(text), value > 0 else { throw PayloadError("Paddle Classic alert: quantity '\(text)' is not a count") }
        return value
    }

    /// MRR from the time between this payment and the next bill: a subscription alert names no
    /// interval. None without both dates; a next bill before the payment is an error.
    static func monthly(_ amount: Int, from paid: PayloadTime?, to next: String?) throws -> Int? {
        guard let paid, let nextTime = try reader.time(("next_bill_date", PaddleClassicAlert.rfc3339(next))) else { return nil }
        let days = paid.days(until: nextTime)
        guard days > 0 else { throw PayloadError("Paddle Classic alert: next_bill_date \(next ?? "") is not after the payment") }
        let period = MonthlyRecurringRevenue.interval(spanningDays: days)
        return MonthlyRecurringRevenue.monthly(amount: amount, every: period.count, period.interval)
    }

    func refund(_ alert: PaddleClassicAlert) throws -> Mapping {
        let order = try alert.required("order_id")
        let id = try alert.required("alert_id")
        if alert["refund_type"] == "vat" {
            return .ignored("order \(order): a VAT-only refund gives back tax, not the sale")
        }
        let currency = try Self.reader.currency(alert["currency"], field: "currency")
        let gross = try money(alert, "gross_refund", currency: currency)
        let tax = try money(alert, "tax_refund", currency: currency)
        guard let excluding = MinorUnits.difference(gross, tax) else {
            throw PayloadError("order \(order): gross_refund minus tax_refund does not fit")
        }
        return Mapping(actions: [
            .refund(RefundParameters(
                email: alert["email"], uid: alert["user_id"], eventID: "paddle-classic-refund-\(id)", amount: .taxFree(excluding),
                currency: currency, saleEventID: order,
                createdAt: try Self.reader.time(("event_time", PaddleClassicAlert.rfc3339(alert["event_time"])))?.date,
                customerID: alert["user_id"]))
        ])
    }

    func cancellation(_ alert: PaddleClassicAlert) throws -> Mapping {
        let subscription = try alert.required("subscription_id")
        guard let uid = alert["user_id"] else {
            return .ignored("subscription \(subscription) names no user; FirstPromoter needs a uid")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                email: alert["email"], uid: uid, eventID: subscription,
                createdAt: try Self.reader.time(("event_time", PaddleClassicAlert.rfc3339(alert["event_time"])))?.date,
                customerID: uid))
        ])
    }
}
