import Foundation

/// Lemon Squeezy events to FirstPromoter actions, under `mappings/lemonsqueezy.yaml`. Bodies
/// carry no event id: the dedup key is the event name, the object and its `updated_at` (and, for
/// refunds, the refunded total), so a retried delivery is one event and two payments are two.
///
/// - `subscription_payment_success`: a sale per subscription invoice (`event_id` =
///   `subscription_invoice_{id}`), for the first payment and every renewal.
/// - `order_created`: a one-time sale (`event_id` = `order_{id}`), unless the order is a
///   subscription's first: a new subscription fires `order_created`, `subscription_created` and
///   `subscription_payment_success` together, in any order. The order is held
///   (`holds.payment_seconds`) for a `subscription_created` naming it, or an invoice that charged
///   the same customer the same total at the same time; either claims it, and only the invoice is
///   the sale.
/// - `order_refunded`, `subscription_payment_refunded`: a refund of the newly refunded amount
///   (`refunded_amount` is cumulative), tax excluded in the sale's proportion.
/// - `subscription_cancelled`: a cancellation.
///
/// A subscription invoice names its subscription but not its plan or billing interval. With
/// `LEMONSQUEEZY_API_KEY` set, the subscription and its price are fetched from the API, and the
/// sale gets the variant as its plan and an MRR; without it, the sale goes with neither.
public struct LemonSqueezyMapper: EventMapper {
    static let reader = PayloadReader(what: "Lemon Squeezy event")

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["order_created", "subscription_payment_success"],
        .refund: ["order_refunded", "subscription_payment_refunded"],
        .cancellation: ["subscription_cancelled", "subscription_expired"],
    ]
    static let defaultEvents: [ActionKind: [String]] = [
        .sale: ["order_created", "subscription_payment_success"],
        .refund: ["order_refunded", "subscription_payment_refunded"],
        .cancellation: ["subscription_cancelled"],
    ]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents, amountBasis: LemonSqueezyAmountBasis.self,
        defaults: MappingRules(events: defaultEvents, amountBasis: AmountBasis(LemonSqueezyAmountBasis.subtotalExcludingTax)))

    /// Statuses of an order or invoice that was paid: since refunded in full or in part, too.
    static let paidStatuses: Set<String> = ["paid", "refunded", "partial_refund"]

    public init() {}

    public func envelope(of body: [UInt8], headers: WebhookHeaders) throws -> EventEnvelope {
        let event = try Self.reader.decode(LemonSqueezyEvent<LemonSqueezyCommon>.self, from: body)
        guard let name = event.meta.event_name ?? headers["X-Event-Name"], !name.isEmpty else {
            throw PayloadError("Lemon Squeezy event: meta.event_name is missing (and no X-Event-Name header)")
        }
        let attributes = event.data.attributes
        var key = "\(name):\(event.data.type):\(event.data.id)"
        if let updated = attributes.updated_at { key += ":\(updated)" }
        if name.hasSuffix("_refunded"), let refunded = attributes.refunded_amount { key += ":refunded-\(refunded)" }
        return EventEnvelope(id: key, type: name, occurredAt: (attributes.updated_at ?? attributes.created_at).flatMap(PayloadTime.rfc3339))
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        try map(ProviderEvent(body: body), rules: rules)
    }

    /// The subscription, then its price, for a paid subscription invoice that will be a sale.
    public func lookups(for event: ProviderEvent, rules: MappingRules) throws -> [String] {
        let envelope = try Self.reader.decode(LemonSqueezyEvent<LemonSqueezyCommon>.self, from: event.body)
        let name = envelope.meta.event_name ?? ""
        guard name == "subscription_payment_success", rules.action(forEventType: name) == .sale,
            !Self.skipsAsTestMode(envelope, rules)
        else { return [] }
        let invoice = try Self.reader.decode(LemonSqueezyEvent<LemonSqueezyPayment>.self, from: event.body).data.attributes
        guard invoice.status == nil || Self.paidStatuses.contains(invoice.status ?? ""), let subscription = invoice.subscription_id else { return [] }
        let path = Self.subscriptionPath(subscription)
        guard let item = try subscriptionDocument(subscription, in: event)?.first_subscription_item, let price = item.price_id
        else { return [path] }
        return [path, Self.pricePath(price)]
    }

    // Integer ids: nothing in them to encode.
    static func subscriptionPath(_ id: Int) -> String { "/v1/subscriptions/\(id)" }
    static func pricePath(_ id: Int) -> String { "/v1/prices/\(id)" }

    /// The subscription as the API answered, when it was fetched.
    func subscriptionDocument(_ id: Int, in event: ProviderEvent) throws -> LemonSqueezySubscriptionDocument? {
        guard let bytes = event.fetched[Self.subscriptionPath(id)] else { return nil }
        return try Self.reader.decode(LemonSqueezyDocument<LemonSqueezySubscriptionDocument>.self, from: bytes).data.attributes
    }

    static func skipsAsTestMode(_ event: LemonSqueezyEvent<LemonSqueezyCommon>, _ rules: MappingRules) -> Bool {
        (event.data.attributes.test_mode ?? event.meta.test_mode) == true && rules.testMode == .ignore
    }

    public func map(_ event: ProviderEvent, rules: MappingRules) throws -> Mapping {
        let body = event.body
        let envelope = try Self.reader.decode(LemonSqueezyEvent<LemonSqueezyCommon>.self, from: body)
        let name = envelope.meta.event_name ?? ""
        if Self.skipsAsTestMode(envelope, rules) {
            return .ignored("test-mode event (test_mode: true); mappings/lemonsqueezy.yaml has test_mode: ignore")
        }
        let routed = rules.action(forEventType: name)
        switch name {
        case "order_created" where routed == .sale:
            return try sale(Self.reader.decode(LemonSqueezyEvent<LemonSqueezyPayment>.self, from: body), order: true, rules: rules)
        case "subscription_payment_success" where routed == .sale:
            let invoice = try Self.reader.decode(LemonSqueezyEvent<LemonSqueezyPayment>.self, from: body)
            return try sale(invoice, order: false, rules: rules, plan: try plan(of: invoice.data.attributes.subscription_id, in: event))
        case "order_refunded" where routed == .refund, "subscription_payment_refunded" where routed == .refund:
            return try refund(Self.reader.decode(LemonSqueezyEvent<LemonSqueezyPayment>.self, from: body), order: name == "order_refunded")
        case "subscription_cancelled" where routed == .cancellation, "subscription_expired" where routed == .cancellation:
            return try cancellation(Self.reader.decode(LemonSqueezyEvent<LemonSqueezySubscription>.self, from: body))
        case "subscription_created":
            return try subscriptionCreated(Self.reader.decode(LemonSqueezyEvent<LemonSqueezySubscription>.self, from: body))
        default: break
        }
        return .ignored("\(name) is not routed to a FirstPromoter call in mappings/lemonsqueezy.yaml")
    }

    /// FirstPromoter's `event_id` for an order or a subscription invoice.
    static func saleEventID(order: Bool, id: String) -> String { order ? "order_\(id)" : "subscription_invoice_\(id)" }

    /// What the API said of a subscription invoice's plan: the variant, and the price's interval.
    struct SubscriptionPlan {
        var variantID: Int?
        var interval: (count: Int, unit: BillingInterval)?
    }

    func plan(of subscriptionID: Int?, in event: ProviderEvent) throws -> SubscriptionPlan? {
        guard let subscriptionID, let subscription = try subscriptionDocument(subscriptionID, in: event) else { return nil }
        var plan = SubscriptionPlan(variantID: subscription.variant_id)
        if let id = subscription.first_subscription_item?.price_id, let bytes = event.fetched[Self.pricePath(id)] {
            let price = try Self.reader.decode(LemonSqueezyDocument<LemonSqueezyPrice>.self, from: bytes).data.attributes
            if let unit = price.renewal_interval_unit.flatMap(BillingInterval.init(rawValue:)) {
                plan.interval = (price.renewal_interval_quantity ?? 1, unit)
            }
        }
        return plan
    }

    func sale(
        _ event: LemonSqueezyEvent<LemonSqueezyPayment>, order: Bool, rules: MappingRules, plan: SubscriptionPlan? = nil
    ) throws -> Mapping {
        let payment = event.data.attributes
        let id = event.data.id
        let what = order ? "order \(id)" : "subscription invoice \(id)"
        // A refunded payment was paid first: its sale stands, and its refund follows it (an order
        // read from the API after a refund says `refunded`).
        guard payment.status == nil || Self.paidStatuses.contains(payment.status ?? "") else {
            return .ignored("\(what) is \(payment.status ?? "?"), not paid")
        }
        let currency = try Self.reader.currency(payment.currency, field: "currency")
        let amount = try amount(of: payment, basis: rules.amountBasis.choice(LemonSqueezyAmountBasis.self), what: what)
        let customerID = payment.customer_id.map(String.init)
        let at = try Self.reader.time(("created_at", payment.created_at))?.date
        var facts: [Fact] = []
        if !order, payment.billing_reason == "initial", let subscription = payment.subscription_id {
            // The subscription's first order names the subscription (subscription_created): a
            // refund of that order finds this sale through it.
            facts.append(.salePaidBy(.firstSale(of: "subscription_\(subscription)"), saleEventID: Self.saleEventID(order: false, id: id)))
        }
        if !order, let customerID, let at {
            // An order of the same customer, total and time is this invoice's first order.
            facts.append(.invoiceCharged(InvoiceCharge(
                customerID: customerID, currency: currency, amount: payment.total, at: Int(at.timeIntervalSince1970),
                invoiceID: Self.saleEventID(order: false, id: id))))
        }
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) {
            return .ignored(reason, facts: facts)
        }
        let referral = rules.referral { event.meta.custom_data?.values[$0] }
        let sale = SaleParameters(
            email: payment.user_email, uid: referral.uid ?? customerID, eventID: Self.saleEventID(order: order, id: id),
            amount: amount, plan: rules.plan(for: (payment.first_order_item?.variant_id ?? plan?.variantID).map(String.init)),
            currency: currency,
            mrr: plan?.interval.flatMap { MonthlyRecurringRevenue.monthly(amount: amount, every: $0.count, $0.unit) }.map { .known($0) },
            subscriptionID: payment.subscription_id.map(String.init), createdAt: at, tid: referral.tid, refID: referral.refID,
            customerID: customerID, charged: payment.total,
            oneTime: order
                ? OneTimePayment(
                    paidWith: [PaymentReference(kind: "order", id: id)], holdForOtherSources: true,
                    charge: customerID.flatMap { customer in
                        at.map { InvoiceCharge(customerID: customer, currency: currency, amount: payment.total, at: Int($0.timeIntervalSince1970)) }
                    },
                    claimants: "a subscription (subscription_created) or its first invoice")
                : nil)
        return Mapping(actions: [.sale(sale)], facts: facts)
    }

    /// After discounts, before tax: `subtotal - discount_total`, less the tax when prices include it.
    func amount(of payment: LemonSqueezyPayment, basis: LemonSqueezyAmountBasis, what: String) throws -> Int {
        if basis == .total { return payment.total }
        var amount = payment.subtotal
        let discount = try Self.reader.money(payment.discount_total, "discount_total", of: what)
        let tax = try Self.reader.money(payment.tax, "tax", of: what)
        // Absent means not included: Lemon Squeezy's own order sample (fixture
        // order_created.one-time) has no tax_inclusive, and its total is subtotal plus tax.
        let taxIncluded = payment.tax_inclusive ?? false
        for part in [discount, taxIncluded ? tax : 0] {
            let (next, overflow) = amount.subtractingReportingOverflow(part)
            guard !overflow else { throw PayloadError("\(what): subtotal less discount and tax does not fit") }
            amount = next
        }
        return amount
    }

    func refund(_ event: LemonSqueezyEvent<LemonSqueezyPayment>, order: Bool) throws -> Mapping {
        let payment = event.data.attributes
        let id = event.data.id
        let what = order ? "order \(id)" : "subscription invoice \(id)"
        guard let refunded = payment.refunded_amount, refunded > 0 else {
            return .ignored("\(what): refunded_amount is \(payment.refunded_amount.map(String.init) ?? "missing"): nothing refunded")
        }
        let saleEventID = Self.saleEventID(order: order, id: id)
        // An order is a sale of its own, or the first payment of a subscription whose invoice is
        // the sale: found through what the bridge recorded the order paid.
        let refund = RefundParameters(
            email: payment.user_email, uid: payment.customer_id.map(String.init),
            eventID: "\(saleEventID)-refunded-\(refunded)",
            amount: .cumulative(paymentID: saleEventID, total: refunded),
            currency: try Self.reader.currency(payment.currency, field: "currency"), saleEventID: order ? nil : saleEventID,
            saleReferences: order ? [PaymentReference(kind: "order", id: id)] : [],
            createdAt: try Self.reader.time(("updated_at", payment.updated_at))?.date, customerID: payment.customer_id.map(String.init))
        return Mapping(actions: [.refund(refund)], facts: [.refundedTotal(paymentID: saleEventID, total: refunded)])
    }

    func cancellation(_ event: LemonSqueezyEvent<LemonSqueezySubscription>) throws -> Mapping {
        let subscription = event.data.attributes
        guard let customer = subscription.customer_id.map(String.init) else {
            return .ignored("subscription \(event.data.id) names no customer; FirstPromoter needs a uid")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                email: subscription.user_email, uid: customer, eventID: "subscription_\(event.data.id)",
                createdAt: try Self.reader.time(("updated_at", subscription.updated_at))?.date, customerID: customer))
        ])
    }

    /// A new subscription names the order that started it: that order is not a one-time sale.
    func subscriptionCreated(_ event: LemonSqueezyEvent<LemonSqueezySubscription>) throws -> Mapping {
        guard let order = event.data.attributes.order_id else {
            return .ignored("subscription \(event.data.id) names no order")
        }
        return .ignored(
            "recorded: order \(order) started subscription \(event.data.id); its invoices are the sales",
            facts: [.salePaidBy(
                PaymentReference(kind: "order", id: String(order)), saleEventID: "subscription_\(event.data.id)")])
    }
}
