import Foundation

/// Polar events to FirstPromoter actions, under `mappings/polar.yaml`.
///
/// - `order.paid`: a sale, `event_id` = the order id: `net_amount` (after discounts, before tax),
///   the product as plan, MRR from the subscription's recurring interval; uid = the customer's
///   `external_id` (else Polar's customer id), tid from the order's (or customer's) metadata.
/// - `order.refunded`: a refund of what was newly refunded (`refunded_amount` and its tax are
///   cumulative), tax excluded as the sale excluded it, linked to the order.
/// - `subscription.canceled` / `subscription.revoked`: one cancellation per subscription.
public struct PolarMapper: EventMapper {
    static let reader = PayloadReader(what: "Polar event")
    /// The header holding the event id: Standard Webhooks' `webhook-id`.
    let eventIDHeader: String

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["order.paid"], .refund: ["order.refunded"], .cancellation: ["subscription.canceled", "subscription.revoked"],
    ]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents, amountBasis: PolarAmountBasis.self,
        defaults: MappingRules(events: supportedEvents, amountBasis: AmountBasis(PolarAmountBasis.netAmount)))

    public init(eventIDHeader: String) {
        self.eventIDHeader = eventIDHeader
    }

    public func envelope(of body: [UInt8], headers: WebhookHeaders) throws -> EventEnvelope {
        let event = try Self.reader.decode(PolarEvent<PolarAnyData>.self, from: body)
        guard let id = headers[eventIDHeader], !id.isEmpty else {
            throw PayloadError("Polar event: the \(eventIDHeader) header, its dedup key, is missing")
        }
        guard !event.type.isEmpty else { throw PayloadError("Polar event: type is empty") }
        return EventEnvelope(id: id, type: event.type, occurredAt: event.timestamp.flatMap(PayloadTime.rfc3339))
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        let type = try Self.reader.decode(PolarEvent<PolarAnyData>.self, from: body).type
        switch (type, rules.action(forEventType: type)) {
        case ("order.paid", .sale?): return try sale(Self.reader.decode(PolarEvent<PolarOrder>.self, from: body).data, rules: rules)
        case ("order.refunded", .refund?): return try refund(Self.reader.decode(PolarEvent<PolarOrder>.self, from: body).data)
        case (_, .cancellation?) where type.hasPrefix("subscription."):
            return try cancellation(Self.reader.decode(PolarEvent<PolarSubscription>.self, from: body).data)
        default:
            return .ignored("\(type) is not routed to a FirstPromoter call in mappings/polar.yaml")
        }
    }

    func sale(_ order: PolarOrder, rules: MappingRules) throws -> Mapping {
        let what = "order \(order.id)"
        guard order.paid != false else { return .ignored("\(what) is \(order.status ?? "not paid"), not paid") }
        let currency = try Self.reader.currency(order.currency, field: "data.currency")
        let charged = try Self.reader.money(order.total_amount, "data.total_amount", of: what)
        let amount: Int
        switch try rules.amountBasis.choice(PolarAmountBasis.self) {
        case .netAmount: amount = try Self.reader.money(order.net_amount, "data.net_amount", of: what)
        case .totalAmount: amount = charged
        }
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        let customer = order.customer
        let referral = rules.referral { order.metadata?.values[$0] ?? customer?.metadata?.values[$0] }
        let customerID = customer?.external_id ?? order.customer_id ?? customer?.id
        if let reason = SalePolicy.reasonToSkip(uid: referral.uid ?? customerID, email: customer?.email, of: what) { return .ignored(reason) }
        let sale = SaleParameters(
            email: customer?.email, uid: referral.uid ?? customerID, eventID: order.id, amount: amount,
            plan: rules.plan(for: order.product_id), currency: currency,
            mrr: try order.subscription.flatMap {
                try Self.reader.monthly(
                    amount, every: $0.recurring_interval_count, unit: $0.recurring_interval, field: "data.subscription.recurring_interval")
            }.map { .known($0) },
            subscriptionID: order.subscription_id ?? order.subscription?.id,
            createdAt: try Self.reader.time(("data.created_at", order.created_at))?.date, tid: referral.tid, refID: referral.refID,
            customerID: customerID, charged: charged)
        return Mapping(actions: [.sale(sale)])
    }

    func refund(_ order: PolarOrder) throws -> Mapping {
        let what = "order \(order.id)"
        // As charged: the refunded amount and its tax, so that the resolver takes tax out in the
        // sale's proportion, as for every provider.
        let refunded = try Self.reader.money(order.refunded_amount, "data.refunded_amount", of: what)
        let tax = try Self.reader.money(order.refunded_tax_amount, "data.refunded_tax_amount", of: what)
        guard let total = MinorUnits.sum([refunded, tax]) else { throw PayloadError("\(what): refunded amount plus its tax does not fit") }
        guard total > 0 else { return .ignored("\(what): nothing refunded") }
        let customer = order.customer
        let refund = RefundParameters(
            email: customer?.email, uid: customer?.external_id ?? order.customer_id, eventID: "\(order.id)-refunded-\(total)",
            amount: .cumulative(paymentID: order.id, total: total),
            currency: try Self.reader.currency(order.currency, field: "data.currency"), saleEventID: order.id,
            createdAt: try Self.reader.time(("data.modified_at", order.modified_at))?.date,
            customerID: customer?.external_id ?? order.customer_id)
        return Mapping(actions: [.refund(refund)], facts: [.refundedTotal(paymentID: order.id, total: total)])
    }

    func cancellation(_ subscription: PolarSubscription) throws -> Mapping {
        let customer = subscription.customer
        guard let uid = customer?.external_id ?? subscription.customer_id else {
            return .ignored("subscription \(subscription.id) names no customer; FirstPromoter needs a uid")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                email: customer?.email, uid: uid, eventID: subscription.id,
                createdAt: try Self.reader.time(
                    ("data.canceled_at", subscription.canceled_at), ("data.ended_at", subscription.ended_at),
                    ("data.modified_at", subscription.modified_at))?.date,
                customerID: uid))
        ])
    }
}
