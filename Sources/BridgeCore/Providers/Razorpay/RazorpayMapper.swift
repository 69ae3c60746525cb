import Foundation

/// Razorpay events to FirstPromoter actions, under `mappings/razorpay.yaml`.
///
/// One payment is one sale, `event_id` = the payment id, whichever of its events comes first
/// (`OneTimePayment` claims): `subscription.charged` (plan, subscription id, MRR from the period
/// charged) is the sale of a subscription's payment; `invoice.paid` (tax from the invoice) of an
/// invoice's; `payment.captured` of a payment with neither. A payment.captured that belongs to an
/// invoice, and an invoice.paid that belongs to a subscription, wait `holds.payment_seconds` for
/// the richer event, then are the sale if it never came.
/// - `refund.processed`: a refund of the refund's amount, linked to the payment's sale; a refund
///   of a payment never captured (Razorpay's own refund of an authorization) is not one.
/// - `payment.dispute.lost`: a refund of what the dispute took back.
/// - `subscription.cancelled`: a cancellation.
public struct RazorpayMapper: EventMapper {
    static let reader = PayloadReader(what: "Razorpay event")
    static let eventIDHeader = "x-razorpay-event-id"

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["payment.captured", "subscription.charged", "invoice.paid"],
        .refund: ["refund.processed", "payment.dispute.lost"],
        .cancellation: ["subscription.cancelled"],
    ]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents, amountBasis: RazorpayAmountBasis.self,
        defaults: MappingRules(events: supportedEvents, amountBasis: AmountBasis(RazorpayAmountBasis.totalExcludingTax)))

    public init() {}

    public func envelope(of body: [UInt8], headers: WebhookHeaders) throws -> EventEnvelope {
        let event = try Self.reader.decode(RazorpayEnvelope.self, from: body)
        guard let id = headers[Self.eventIDHeader], !id.isEmpty else {
            throw PayloadError("Razorpay event: the \(Self.eventIDHeader) header, its dedup key, is missing")
        }
        guard !event.event.isEmpty else { throw PayloadError("Razorpay event: event is empty") }
        return EventEnvelope(id: id, type: event.event, occurredAt: event.created_at?.time)
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        let type = try Self.reader.decode(RazorpayEvent<RazorpayAnyPayload>.self, from: body).event
        switch (type, rules.action(forEventType: type)) {
        case ("payment.captured", .sale?):
            return try sale(Self.reader.decode(RazorpayEvent<RazorpayPaymentPayload>.self, from: body), from: .payment, rules: rules)
        case ("subscription.charged", .sale?):
            return try sale(Self.reader.decode(RazorpayEvent<RazorpayPaymentPayload>.self, from: body), from: .subscription, rules: rules)
        case ("invoice.paid", .sale?):
            return try sale(Self.reader.decode(RazorpayEvent<RazorpayPaymentPayload>.self, from: body), from: .invoice, rules: rules)
        case ("refund.processed", .refund?):
            return try refund(Self.reader.decode(RazorpayEvent<RazorpayRefundPayload>.self, from: body))
        case ("payment.dispute.lost", .refund?):
            return try disputeLost(Self.reader.decode(RazorpayEvent<RazorpayDisputePayload>.self, from: body))
        case ("subscription.cancelled", .cancellation?):
            return try cancellation(Self.reader.decode(RazorpayEvent<RazorpaySubscriptionPayload>.self, from: body))
        default:
            return .ignored("\(type) is not routed to a FirstPromoter call in mappings/razorpay.yaml")
        }
    }

    /// The event a sale comes from: each says different things about the same payment.
    enum SaleSource { case payment, subscription, invoice }

    func sale(_ event: RazorpayEvent<RazorpayPaymentPayload>, from source: SaleSource, rules: MappingRules) throws -> Mapping {
        let payment = event.payload.payment.entity
        let invoice = event.payload.invoice?.entity
        let subscription = event.payload.subscription?.entity
        let what = "payment \(payment.id)"
        guard payment.status == nil || payment.status == "captured" else {
            return .ignored("\(what) is \(payment.status ?? "?"), not captured")
        }
        switch source {
        case .invoice where invoice == nil: throw PayloadError("Razorpay event: invoice.paid without payload.invoice.entity")
        case .subscription where subscription == nil:
            throw PayloadError("Razorpay event: subscription.charged without payload.subscription.entity")
        default: break
        }
        let currency = try Self.reader.currency(payment.currency, field: "payload.payment.entity.currency")
        let amount = try amount(of: payment, invoice: invoice, basis: rules.amountBasis.choice(RazorpayAmountBasis.self))
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        let referral = rules.referral { payment.notes?.values[$0] ?? subscription?.notes?.values[$0] }
        let customerID = payment.customer_id ?? subscription?.customer_id ?? invoice?.customer_id
        let email = payment.email ?? invoice?.customer_details?.email
        if let reason = SalePolicy.reasonToSkip(uid: referral.uid ?? customerID, email: email, of: what) { return .ignored(reason) }
        // Held only for an event the mapping file routes to a sale: one that cannot come is not
        // waited for.
        let routed = { (type: String) in rules.action(forEventType: type) == .sale }
        let hold: (Bool, String)
        switch source {
        case .payment:
            hold = (
                payment.invoice_id != nil && (routed("subscription.charged") || routed("invoice.paid")),
                "the subscription.charged or invoice.paid of invoice \(payment.invoice_id ?? "")"
            )
        case .subscription: hold = (false, "")
        case .invoice:
            hold = (
                invoice?.subscription_id != nil && routed("subscription.charged"),
                "the subscription.charged of subscription \(invoice?.subscription_id ?? "")"
            )
        }
        let sale = SaleParameters(
            email: email, uid: referral.uid ?? customerID, eventID: payment.id, amount: amount,
            plan: rules.plan(for: subscription?.plan_id), currency: currency,
            mrr: try subscription.flatMap { try Self.monthly(amount, $0) }.map { .known($0) },
            subscriptionID: subscription?.id ?? invoice?.subscription_id,
            createdAt: (payment.created_at ?? event.created_at).map(\.date), tid: referral.tid, refID: referral.refID,
            customerID: customerID, charged: payment.amount,
            oneTime: OneTimePayment(paidWith: [Self.reference(payment.id)], holdForOtherSources: hold.0, claimants: hold.1))
        return Mapping(actions: [.sale(sale)])
    }

    /// The sale's amount: the payment's share of its invoice without the invoice's tax, when the
    /// event carries the invoice; the payment's amount otherwise.
    func amount(of payment: RazorpayPayment, invoice: RazorpayInvoice?, basis: RazorpayAmountBasis) throws -> Int {
        guard basis == .totalExcludingTax, let invoice else { return payment.amount }
        let what = "invoice \(invoice.id)"
        let total = try Self.reader.money(invoice.amount, "payload.invoice.entity.amount", of: what)
        let tax = try Self.reader.money(invoice.tax_amount, "payload.invoice.entity.tax_amount", of: what)
        guard let excluding = MinorUnits.difference(total, tax) else { throw PayloadError("\(what): amount minus tax_amount does not fit") }
        guard total > 0 else { return 0 }
        guard let share = MinorUnits.scale(payment.amount, by: excluding, over: total) else {
            throw PayloadError("\(what): the payment's share of it without tax does not fit")
        }
        return share
    }

    func refund(_ event: RazorpayEvent<RazorpayRefundPayload>) throws -> Mapping {
        let refund = event.payload.refund.entity
        let payment = event.payload.payment?.entity
        if payment?.captured == false {
            return .ignored("refund \(refund.id) gives back payment \(refund.payment_id), which was never captured: it was no sale")
        }
        return Mapping(actions: [
            .refund(RefundParameters(
                email: payment?.email, uid: payment?.customer_id, eventID: refund.id, amount: .exact(refund.amount),
                currency: try Self.reader.currency(refund.currency, field: "payload.refund.entity.currency"),
                saleEventID: refund.payment_id, saleReferences: [Self.reference(refund.payment_id)],
                createdAt: (refund.created_at ?? event.created_at).map(\.date), customerID: payment?.customer_id))
        ])
    }

    func disputeLost(_ event: RazorpayEvent<RazorpayDisputePayload>) throws -> Mapping {
        let dispute = event.payload.dispute.entity
        let payment = event.payload.payment?.entity
        return Mapping(actions: [
            .refund(RefundParameters(
                email: payment?.email, uid: payment?.customer_id, eventID: dispute.id,
                amount: .exact(dispute.amount_deducted ?? dispute.amount),
                currency: try Self.reader.currency(dispute.currency, field: "payload.dispute.entity.currency"),
                saleEventID: dispute.payment_id, saleReferences: [Self.reference(dispute.payment_id)],
                createdAt: (dispute.created_at ?? event.created_at).map(\.date), customerID: payment?.customer_id,
                what: "dispute"))
        ])
    }

    func cancellation(_ event: RazorpayEvent<RazorpaySubscriptionPayload>) throws -> Mapping {
        let subscription = event.payload.subscription.entity
        guard let customer = subscription.customer_id else {
            return .ignored("subscription \(subscription.id) names no customer; FirstPromoter needs a uid")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                uid: customer, eventID: subscription.id, createdAt: (subscription.ended_at ?? event.created_at).map(\.date),
                customerID: customer))
        ])
    }

    static func reference(_ paymentID: String) -> PaymentReference { PaymentReference(kind: "payment", id: paymentID) }

    /// MRR from the length of the period just charged (`current_start` to `current_end`): none
    /// without both; a period ending before it starts is an error.
    static func monthly(_ amount: Int, _ subscription: RazorpaySubscription) throws -> Int? {
        guard let start = subscription.current_start, let end = subscription.current_end else { return nil }
        guard end > start else { throw PayloadError("Razorpay event: subscription \(subscription.id)'s current period ends before it starts") }
        let period = MonthlyRecurringRevenue.interval(spanningDays: start.days(until: end))
        return MonthlyRecurringRevenue.monthly(amount: amount, every: period.count, period.interval)
    }
}
