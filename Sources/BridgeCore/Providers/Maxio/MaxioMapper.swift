/// Maxio webhooks to FirstPromoter actions, under `mappings/maxio.yaml`.
///
/// - `payment_success`, `renewal_success`: a sale of the payment transaction, `event_id` = its id
///   (what a refund's `payment_id` names); one payment is one sale whichever event names it first
///   (a renewal sends both); a `renewal_success` without a payment is ignored. Amount: the
///   payment, after discounts; tax is not itemized (`MaxioAmountBasis`). Plan = the product's
///   handle; MRR from the product's interval; uid = the customer's reference, else Maxio's id.
/// - `refund_success`: a refund of `amount_in_cents`, linked to `payment_id`'s sale.
/// - `subscription_state_change` to `canceled`: a cancellation.
///
/// A payload names its currency only on newer sites; `MAXIO_CURRENCY` (the site's currency)
/// stands in, else the event fails naming what is missing.
public struct MaxioMapper: EventMapper {
    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["payment_success", "renewal_success"],
        .refund: ["refund_success"],
        .cancellation: ["subscription_state_change"],
    ]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents, amountBasis: MaxioAmountBasis.self,
        defaults: MappingRules(
            events: supportedEvents, amountBasis: AmountBasis(MaxioAmountBasis.payment), tidKey: nil, refIDKey: nil, uidKey: nil))

    /// The site's currency (`MAXIO_CURRENCY`), for payloads that name none.
    let siteCurrency: String?

    public init(siteCurrency: String? = nil) {
        self.siteCurrency = siteCurrency
    }

    public func envelope(of body: [UInt8], headers: WebhookHeaders) throws -> EventEnvelope {
        let webhook = try MaxioWebhook(body)
        // Read loosely, as every provider's envelope time is: a bad time fails the mapping instead.
        let time = (webhook["payload[transaction][created_at]"] ?? webhook["payload[subscription][updated_at]"])
            .flatMap { PayloadTime.rfc3339(PayloadDateText.rfc3339($0)) }
        return EventEnvelope(id: try webhook.required("id"), type: try webhook.required("event"), occurredAt: time)
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        let webhook = try MaxioWebhook(body)
        let event = try webhook.required("event")
        switch rules.action(forEventType: event) {
        case .sale? where event == "payment_success" || event == "renewal_success": return try sale(webhook, event: event, rules: rules)
        case .refund? where event == "refund_success": return try refund(webhook)
        case .cancellation? where event == "subscription_state_change": return try cancellation(webhook)
        default: return .ignored("\(event) is not routed to a FirstPromoter call in mappings/maxio.yaml")
        }
    }

    /// The payload's currency, else the site's; never a guess.
    func currency(_ webhook: MaxioWebhook) throws -> String {
        let fields = ["payload[transaction][currency]", "payload[currency]", "payload[subscription][currency]"]
        if let field = fields.first(where: { webhook[$0] != nil }) {
            return try MaxioWebhook.reader.currency(webhook[field], field: field)
        }
        guard let siteCurrency else {
            throw PayloadError(
                "Maxio webhook: names no currency (\(fields.joined(separator: ", "))) and MAXIO_CURRENCY, the site's currency, is not set")
        }
        return try MaxioWebhook.reader.currency(siteCurrency, field: "MAXIO_CURRENCY")
    }

    /// Cents of `currency`: Maxio's `amount_in_cents` for a currency without two decimals (JPY)
    /// is not confirmed to be whole yen, so it is not guessed.
    func cents(_ webhook: MaxioWebhook, _ field: String, currency: String) throws -> Int {
        guard CurrencyCode.exponent(of: currency) == 2 else {
            throw PayloadError(
                "Maxio webhook: \(field) is in \(currency), a currency without two decimals; what Maxio's cents are "
                    + "for it is not confirmed, and the bridge does not guess")
        }
        return try webhook.cents(field)
    }

    func sale(_ webhook: MaxioWebhook, event: String, rules: MappingRules) throws -> Mapping {
        let subscription = try webhook.required("payload[subscription][id]")
        guard let payment = webhook["payload[transaction][id]"] else {
            if event == "renewal_success" {
                return .ignored("renewal_success for subscription \(subscription) carries no payment: its payment_success is the sale")
            }
            throw PayloadError("Maxio webhook: payload[transaction][id] is missing")
        }
        let what = "payment \(payment)"
        let kind = webhook["payload[transaction][transaction_type]"] ?? webhook["payload[transaction][type]"]
        guard kind?.lowercased() == "payment" else {
            return .ignored("\(what) is a \(kind ?? "transaction of no type"), not a payment")
        }
        if try webhook.flag("payload[transaction][success]") == false { return .ignored("\(what) did not succeed") }
        let currency = try currency(webhook)
        let amount = try cents(webhook, "payload[transaction][amount_in_cents]", currency: currency)
        switch try rules.amountBasis.choice(MaxioAmountBasis.self) {
        case .paymentIncludingTax: break
        case .payment:
            let taxable = try MaxioWebhook.reader.money(
                try webhook.flag("payload[subscription][product][taxable]"), "payload[subscription][product][taxable]", of: what)
            if taxable, try webhook.flag("payload[subscription][customer][tax_exempt]") != true {
                throw PayloadError(
                    "Maxio webhook: \(what): the product is taxable (payload[subscription][product][taxable]) and a payment "
                        + "webhook does not say how much of it was tax; set amount.basis: payment_including_tax in "
                        + "mappings/maxio.yaml to send payments with their tax")
            }
        }
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        let customer = webhook.customer
        if let reason = SalePolicy.reasonToSkip(uid: customer.uid, email: customer.email, of: what) { return .ignored(reason) }
        let every = try webhook["payload[subscription][product][interval]"].map { text in
            guard let count = Int(text), count > 0 else {
                throw PayloadError("Maxio webhook: payload[subscription][product][interval] '\(text)' is not a count")
            }
            return count
        }
        let mrr = try MaxioWebhook.reader.monthly(
            amount, every: every, unit: webhook["payload[subscription][product][interval_unit]"],
            field: "payload[subscription][product][interval_unit]")
        let sale = SaleParameters(
            email: customer.email, uid: customer.uid, eventID: payment, amount: amount,
            plan: rules.plan(for: webhook["payload[subscription][product][handle]"]), currency: currency, mrr: mrr.map { .known($0) },
            subscriptionID: subscription, createdAt: try webhook.time("payload[transaction][created_at]")?.date,
            promoCode: rules.promoCode == .couponID ? webhook["payload[subscription][coupon_code]"] : nil,
            customerID: customer.id, charged: amount,
            // A renewal sends renewal_success and payment_success: whichever comes first is the sale.
            oneTime: OneTimePayment(paidWith: [Self.reference(payment)], holdForOtherSources: false))
        return Mapping(actions: [.sale(sale)])
    }

    static func reference(_ payment: String) -> PaymentReference { PaymentReference(kind: "Maxio payment", id: payment) }

    func refund(_ webhook: MaxioWebhook) throws -> Mapping {
        let payment = try webhook.required("payload[payment_id]")
        let currency = try currency(webhook)
        let amount = try cents(webhook, "payload[amount_in_cents]", currency: currency)
        // The refund's own id when the payload has one, else the webhook's (kept on a retry).
        let id = try webhook["payload[refund_id]"].map { "maxio-refund-\($0)" } ?? "maxio-refund-webhook-\(webhook.required("id"))"
        let customer = webhook.customer
        return Mapping(actions: [
            .refund(RefundParameters(
                email: customer.email, uid: customer.uid, eventID: id, amount: .exact(amount), currency: currency,
                saleEventID: payment, saleReferences: [Self.reference(payment)],
                createdAt: try webhook.time("payload[timestamp]", "payload[created_at]")?.date, customerID: customer.id))
        ])
    }

    func cancellation(_ webhook: MaxioWebhook) throws -> Mapping {
        let subscription = try webhook.required("payload[subscription][id]")
        let state = try webhook.required("payload[subscription][state]")
        guard state == "canceled" else { return .ignored("subscription \(subscription) is now \(state), not canceled") }
        let customer = webhook.customer
        guard customer.uid != nil || customer.email != nil else {
            return .ignored("subscription \(subscription) names no customer; FirstPromoter needs one")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                email: customer.email, uid: customer.uid, eventID: subscription,
                createdAt: try webhook.time("payload[subscription][canceled_at]", "payload[subscription][updated_at]")?.date,
                customerID: customer.id))
        ])
    }
}
