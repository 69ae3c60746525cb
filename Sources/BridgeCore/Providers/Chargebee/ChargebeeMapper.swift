import Foundation

/// Chargebee events to FirstPromoter actions, under `mappings/chargebee.yaml`.
///
/// - `payment_succeeded`: a sale per payment (`event_id` = the transaction id, which a refund's
///   `refunded_txn_id` names): the payment's share of the invoice without tax, `subscription.mrr`
///   as MRR, the first plan item price (or `plan_id`) as plan, the customer's `cf_tid` as tid.
/// - `payment_refunded`: a refund of the refund transaction's amount, tax excluded in the sale's
///   proportion, linked to the payment it gives back.
/// - `subscription_cancelled`: a cancellation.
/// - `customer_created` / `customer_changed`: a signup the first time the customer has `cf_tid`;
///   its email and referral data remembered.
public struct ChargebeeMapper: EventMapper {
    static let reader = PayloadReader(what: "Chargebee event")

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["payment_succeeded"], .refund: ["payment_refunded"], .cancellation: ["subscription_cancelled"],
    ]

    /// Events that make no call of their own but teach the bridge a customer's referral data: a
    /// backfill lists them with the routed ones.
    static let rememberedEvents = ["customer_created", "customer_changed"]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents, amountBasis: ChargebeeAmountBasis.self,
        defaults: MappingRules(
            events: supportedEvents, amountBasis: AmountBasis(ChargebeeAmountBasis.totalExcludingTax), tidKey: "cf_tid", refIDKey: "cf_ref_id",
            uidKey: "cf_fp_uid"))

    public init() {}

    public func envelope(of body: [UInt8], headers: WebhookHeaders) throws -> EventEnvelope {
        let event = try Self.reader.decode(ChargebeeEnvelope.self, from: body)
        guard !event.id.isEmpty, !event.event_type.isEmpty else { throw PayloadError("Chargebee event: id or event_type is empty") }
        return EventEnvelope(id: event.id, type: event.event_type, occurredAt: event.occurred_at?.time)
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        let envelope = try Self.reader.decode(ChargebeeEvent<ChargebeeAnyContent>.self, from: body)
        let routed = rules.action(forEventType: envelope.event_type)
        switch envelope.event_type {
        case "payment_succeeded" where routed == .sale:
            return try sale(Self.reader.decode(ChargebeeEvent<ChargebeePaymentContent>.self, from: body), body: body, rules: rules)
        case "payment_refunded" where routed == .refund:
            return try refund(Self.reader.decode(ChargebeeEvent<ChargebeePaymentContent>.self, from: body))
        case "subscription_cancelled" where routed == .cancellation:
            return try cancellation(Self.reader.decode(ChargebeeEvent<ChargebeeSubscriptionContent>.self, from: body))
        case "customer_created", "customer_changed":
            return try customer(Self.reader.decode(ChargebeeEvent<ChargebeeCustomerContent>.self, from: body), rules: rules)
        default: break
        }
        return .ignored("\(envelope.event_type) is not routed to a FirstPromoter call in mappings/chargebee.yaml")
    }

    func sale(_ event: ChargebeeEvent<ChargebeePaymentContent>, body: [UInt8], rules: MappingRules) throws -> Mapping {
        let content = event.content
        let transaction = content.transaction
        let what = "payment \(transaction.id)"
        guard transaction.status == nil || transaction.status == "success" else {
            return .ignored("\(what) is \(transaction.status ?? "?"), not a success")
        }
        let currency = try Self.reader.currency(transaction.currency_code, field: "currency_code")
        let amount: Int
        switch try rules.amountBasis.choice(ChargebeeAmountBasis.self) {
        case .amountPaid:
            amount = transaction.amount
        case .totalExcludingTax:
            // This payment's share of the invoice, tax excluded.
            guard let invoice = content.invoice, let total = invoice.total else {
                throw PayloadError("\(what): content.invoice.total is missing, needed to exclude tax")
            }
            let tax = try Self.reader.money(invoice.tax, "content.invoice.tax", of: what)
            let (excluding, overflow) = total.subtractingReportingOverflow(tax)
            guard !overflow else { throw PayloadError("\(what): invoice total minus tax does not fit") }
            if total > 0 {
                guard let share = MinorUnits.scale(transaction.amount, by: excluding, over: total) else {
                    throw PayloadError("\(what): its share of the invoice without tax does not fit")
                }
                amount = share
            } else {
                amount = 0
            }
        }
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        let customerFields = try Self.reader.decode(ChargebeeEvent<ChargebeePaymentCustomerFields>.self, from: body).content.customer
        let referral = rules.referral { customerFields?.values[$0] }
        let subscription = content.subscription
        let customerID = content.customer?.id ?? transaction.customer_id
        let plan = subscription?.subscription_items?.first { $0.item_type == "plan" }?.item_price_id ?? subscription?.plan_id
        let sale = SaleParameters(
            email: content.customer?.email, uid: referral.uid ?? customerID, eventID: transaction.id, amount: amount,
            plan: rules.plan(for: plan), currency: currency, mrr: subscription?.mrr.map { .known($0) },
            subscriptionID: subscription?.id, createdAt: (transaction.date ?? event.occurred_at).map(\.date),
            tid: referral.tid, refID: referral.refID, customerID: customerID, charged: transaction.amount)
        return Mapping(actions: [.sale(sale)])
    }

    func refund(_ event: ChargebeeEvent<ChargebeePaymentContent>) throws -> Mapping {
        let transaction = event.content.transaction
        guard transaction.type == nil || transaction.type == "refund" else {
            return .ignored("transaction \(transaction.id) is a \(transaction.type ?? "?"), not a refund")
        }
        let customerID = event.content.customer?.id ?? transaction.customer_id
        let refund = RefundParameters(
            email: event.content.customer?.email, uid: customerID, eventID: transaction.id,
            amount: .exact(transaction.amount), currency: try Self.reader.currency(transaction.currency_code, field: "currency_code"),
            saleEventID: transaction.refunded_txn_id, createdAt: (transaction.date ?? event.occurred_at).map(\.date),
            customerID: customerID)
        return Mapping(actions: [.refund(refund)])
    }

    func cancellation(_ event: ChargebeeEvent<ChargebeeSubscriptionContent>) throws -> Mapping {
        let subscription = event.content.subscription
        guard let customer = subscription.customer_id else {
            return .ignored("subscription \(subscription.id) names no customer; FirstPromoter needs a uid")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                uid: customer, eventID: subscription.id,
                createdAt: (subscription.cancelled_at ?? event.occurred_at).map(\.date), customerID: customer))
        ])
    }

    func customer(_ event: ChargebeeEvent<ChargebeeCustomerContent>, rules: MappingRules) throws -> Mapping {
        let customer = event.content.customer
        var record = rules.referral { event.content.fields.values[$0] }
        record.email = customer.email
        let facts: [Fact] = [.customer(id: customer.id, record)]
        guard record.hasReferral, rules.signups == .send else {
            return .ignored("recorded: customer \(customer.id)'s email, no referral data to sign up", facts: facts)
        }
        return Mapping(
            actions: [.signup(SignupParameters(
                email: customer.email, uid: record.uid ?? customer.id, tid: record.tid, refID: record.refID,
                createdAt: event.occurred_at.map(\.date)))],
            facts: facts)
    }

}

struct ChargebeeSubscriptionContent: Decodable {
    let subscription: ChargebeeSubscription
}
