import Foundation

/// FastSpring events to FirstPromoter actions, under `mappings/fastspring.yaml`.
///
/// - `order.completed` (a new purchase, a subscription's first included) and
///   `subscription.charge.completed` (each rebill): a sale, `event_id` = the order id: `total -
///   tax` in exact minor units of the currency; plan = the first item's product; MRR from the
///   subscription's interval when the payload holds the subscription (webhook expansion).
/// - `return.created`: a refund of `totalReturn` (as charged; tax taken out in the sale's
///   proportion), linked to the original order.
/// - `subscription.canceled`: a cancellation.
/// Test orders (`live: false`) are ignored unless the mapping file accepts them.
public struct FastSpringMapper: EventMapper {
    static let reader = PayloadReader(what: "FastSpring event")

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["order.completed", "subscription.charge.completed"], .refund: ["return.created"],
        .cancellation: ["subscription.canceled", "subscription.deactivated"],
    ]
    static let defaultEvents: [ActionKind: [String]] = [
        .sale: ["order.completed", "subscription.charge.completed"], .refund: ["return.created"], .cancellation: ["subscription.canceled"],
    ]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents, amountBasis: FastSpringAmountBasis.self,
        defaults: MappingRules(events: defaultEvents, amountBasis: AmountBasis(FastSpringAmountBasis.totalExcludingTax)))

    public init() {}

    /// One event of a batch, from its own bytes.
    public func envelope(of body: [UInt8], headers: WebhookHeaders) throws -> EventEnvelope {
        let event = try Self.reader.decode(FastSpringEvent<FastSpringAnyData>.self, from: body)
        guard !event.id.isEmpty, !event.type.isEmpty else { throw PayloadError("FastSpring event: id or type is empty") }
        // Read loosely, as every provider's envelope time is: it is only kept and shown, and one
        // out of range must not refuse the whole batch it came in.
        var time: PayloadTime?
        if let milliseconds = event.created {
            do { time = try PayloadTime(unixMilliseconds: milliseconds, field: "created") } catch { time = nil }
        }
        return EventEnvelope(id: event.id, type: event.type, occurredAt: time, body: body)
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        let event = try Self.reader.decode(FastSpringEvent<FastSpringAnyData>.self, from: body)
        if event.live == false, rules.testMode == .ignore {
            return .ignored("test-mode event (live: false); mappings/fastspring.yaml has test_mode: ignore")
        }
        switch (event.type, rules.action(forEventType: event.type)) {
        case ("order.completed", .sale?):
            let order = try Self.reader.decode(FastSpringEvent<FastSpringOrder>.self, from: body).data
            return try sale(order, subscription: order.items?.first?.subscription, rules: rules)
        case ("subscription.charge.completed", .sale?):
            let charge = try Self.reader.decode(FastSpringEvent<FastSpringCharge>.self, from: body).data
            guard let order = charge.order.object else {
                throw PayloadError("FastSpring event: data.order is only an id (\(charge.order.id)): turn on webhook expansion in FastSpring")
            }
            return try sale(order, subscription: charge.subscription ?? order.items?.first?.subscription, rules: rules)
        case ("return.created", .refund?):
            return try refund(Self.reader.decode(FastSpringEvent<FastSpringReturn>.self, from: body).data)
        case (_, .cancellation?) where event.type.hasPrefix("subscription."):
            return try cancellation(Self.reader.decode(FastSpringEvent<FastSpringSubscription>.self, from: body).data)
        default:
            return .ignored("\(event.type) is not routed to a FirstPromoter call in mappings/fastspring.yaml")
        }
    }

    func sale(_ order: FastSpringOrder, subscription: FastSpringReference<FastSpringSubscription>?, rules: MappingRules) throws -> Mapping {
        let what = "order \(order.reference ?? order.id)"
        let currency = try Self.reader.currency(order.currency, field: "data.currency")
        let charged = try Self.reader.minorUnits(try Self.reader.money(order.total, "data.total", of: what).text, currency: currency, field: "data.total")
        let amount: Int
        switch try rules.amountBasis.choice(FastSpringAmountBasis.self) {
        case .total: amount = charged
        case .totalExcludingTax:
            let tax = try Self.reader.minorUnits(try Self.reader.money(order.tax, "data.tax", of: what).text, currency: currency, field: "data.tax")
            guard let excluding = MinorUnits.difference(charged, tax) else { throw PayloadError("\(what): total minus tax does not fit") }
            amount = excluding
        }
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        let referral = rules.referral { order.tags?.values[$0] }
        let account = order.account?.id
        let email = order.customer?.email ?? order.account?.object?.contact?.email
        if let reason = SalePolicy.reasonToSkip(uid: referral.uid ?? account, email: email, of: what) { return .ignored(reason) }
        let item = order.items?.first
        let sale = SaleParameters(
            email: email, uid: referral.uid ?? account, eventID: order.id, amount: amount, quantity: item?.quantity,
            plan: rules.plan(for: item?.product), currency: currency,
            mrr: try subscription?.object.flatMap {
                try Self.reader.monthly(amount, every: $0.intervalLength, unit: $0.intervalUnit, field: "the subscription's intervalUnit")
            }.map { .known($0) }, subscriptionID: subscription?.id,
            createdAt: try order.changed.map { milliseconds throws(PayloadError) in try PayloadTime(unixMilliseconds: milliseconds, field: "data.changed").date },
            tid: referral.tid, refID: referral.refID, customerID: account, charged: charged)
        return Mapping(actions: [.sale(sale)])
    }

    func refund(_ refund: FastSpringReturn) throws -> Mapping {
        let what = "return \(refund.id)"
        let currency = try Self.reader.currency(refund.currency, field: "data.currency")
        let amount = try Self.reader.minorUnits(
            try Self.reader.money(refund.totalReturn, "data.totalReturn", of: what).text, currency: currency, field: "data.totalReturn")
        guard let order = refund.original?.id ?? refund.original?.order else {
            throw PayloadError("FastSpring event: \(what): data.original names no order")
        }
        let account = refund.account?.id
        return Mapping(actions: [
            .refund(RefundParameters(
                email: refund.customer?.email ?? refund.account?.object?.contact?.email, uid: account, eventID: refund.id,
                amount: .exact(amount), currency: currency, saleEventID: order,
                createdAt: try refund.changed.map { milliseconds throws(PayloadError) in try PayloadTime(unixMilliseconds: milliseconds, field: "data.changed").date },
                customerID: account))
        ])
    }

    func cancellation(_ subscription: FastSpringSubscription) throws -> Mapping {
        guard let account = subscription.account?.id else {
            return .ignored("subscription \(subscription.id) names no account; FirstPromoter needs a uid")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                email: subscription.account?.object?.contact?.email, uid: account, eventID: subscription.id,
                createdAt: try subscription.changed.map { milliseconds throws(PayloadError) in
                    try PayloadTime(unixMilliseconds: milliseconds, field: "data.changed").date
                }, customerID: account))
        ])
    }
}
