import Foundation

/// Paddle Billing events to FirstPromoter actions, under `mappings/paddle.yaml`.
///
/// - `transaction.completed`: a sale (`event_id` = the transaction id), amount from
///   `details.totals` without tax (or Paddle's earnings, after its fee), plan = the price id,
///   MRR from the prices' billing cycles, referral fields from `custom_data`.
/// - `adjustment.created` / `.updated`, action refund or chargeback, once approved: a refund of
///   the adjustment's tax-free total, linked to its transaction.
/// - `subscription.canceled`: a cancellation.
/// - `customer.created` / `.updated`: the customer's email (transactions carry none) and
///   referral data, remembered; a signup the first time it carries a tid.
/// - `subscription.created` / `.updated` / `.activated`: the subscription's MRR, remembered.
public struct PaddleMapper: EventMapper {
    static let reader = PayloadReader(what: "Paddle event")

    /// Events that make no call but teach the bridge what later ones need (a customer's email and
    /// referral data, a subscription's MRR): a backfill lists them with the routed ones.
    static let rememberedEvents = [
        "customer.created", "customer.updated", "subscription.created", "subscription.updated", "subscription.activated",
    ]

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["transaction.completed"],
        .refund: ["adjustment.created", "adjustment.updated"],
        .cancellation: ["subscription.canceled"],
    ]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents,
        amountBasis: PaddleAmountBasis.self,
        defaults: MappingRules(events: supportedEvents, amountBasis: AmountBasis(PaddleAmountBasis.totalExcludingTax))
    )

    public init() {}

    public func envelope(of body: [UInt8], headers: WebhookHeaders = WebhookHeaders()) throws -> EventEnvelope {
        let event = try Self.reader.decode(PaddleEvent<PaddleAnyObject>.self, from: body)
        guard !event.event_id.isEmpty, !event.event_type.isEmpty else {
            throw PayloadError("Paddle event: event_id or event_type is empty")
        }
        return EventEnvelope(id: event.event_id, type: event.event_type, occurredAt: event.occurred_at.flatMap(PayloadTime.rfc3339))
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        let envelope = try Self.reader.decode(PaddleEvent<PaddleAnyObject>.self, from: body)
        let routed = rules.action(forEventType: envelope.event_type)
        switch envelope.event_type {
        case "transaction.completed" where routed == .sale:
            return try sale(from: Self.reader.decode(PaddleEvent<PaddleTransaction>.self, from: body), rules: rules)
        case "adjustment.created", "adjustment.updated":
            guard routed == .refund else { break }
            return try refund(from: Self.reader.decode(PaddleEvent<PaddleAdjustment>.self, from: body), rules: rules)
        case "subscription.canceled" where routed == .cancellation:
            return try cancellation(from: Self.reader.decode(PaddleEvent<PaddleSubscription>.self, from: body))
        case "subscription.created", "subscription.updated", "subscription.activated":
            return try subscriptionItems(Self.reader.decode(PaddleEvent<PaddleSubscription>.self, from: body))
        case "customer.created", "customer.updated":
            return try customer(Self.reader.decode(PaddleEvent<PaddleCustomer>.self, from: body), rules: rules)
        default: break
        }
        return .ignored("\(envelope.event_type) is not routed to a FirstPromoter call in mappings/paddle.yaml")
    }

    // MARK: Sale

    func sale(from event: PaddleEvent<PaddleTransaction>, rules: MappingRules) throws -> Mapping {
        let transaction = event.data
        let what = "transaction \(transaction.id)"
        guard transaction.status == nil || transaction.status == "completed" else {
            return .ignored("\(what) is \(transaction.status ?? "?"), not completed")
        }
        let currency = try Self.reader.currency(transaction.currency_code, field: "currency_code")
        let totals = transaction.details.totals
        let basis = try rules.amountBasis.choice(PaddleAmountBasis.self)
        let amount = try basis.amount(of: totals, what: "\(what) details.totals")
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: "\(what) (\(basis.rawValue))", rules: rules) {
            return .ignored(reason)
        }
        let referral = rules.referral { transaction.custom_data?.values[$0] }
        let email = transaction.custom_data?.values["email"]
        let customerID = transaction.customer_id
        let items = transaction.items ?? []
        let recurring = try items.compactMap { item -> Int? in
            guard let price = item.price else { return nil }
            return try monthly(price, quantity: item.quantity ?? 1)
        }
        let sale = SaleParameters(
            email: email,
            uid: referral.uid ?? customerID,
            eventID: transaction.id,
            amount: amount,
            plan: rules.plan(for: items.first?.price?.id),
            currency: currency,
            mrr: transaction.subscription_id == nil || recurring.isEmpty ? nil : MinorUnits.sum(recurring).map { .known($0) },
            subscriptionID: transaction.subscription_id,
            createdAt: try Self.reader.time(("billed_at", transaction.billed_at), ("occurred_at", event.occurred_at))?.date,
            tid: referral.tid,
            refID: referral.refID,
            customerID: customerID,
            charged: try PaddleAmount.read(totals.grand_total ?? totals.total, "\(what) details.totals.grand_total")
        )
        return Mapping(actions: [.sale(sale)])
    }

    /// Minor units per month of one price × quantity; nil for a one-time price.
    func monthly(_ price: PaddlePrice, quantity: Int) throws -> Int? {
        guard let cycle = price.billing_cycle, let interval = BillingInterval(rawValue: cycle.interval),
            let unit = price.unit_price
        else { return nil }
        let amount = try PaddleAmount.read(unit.amount, "price \(price.id) unit_price.amount")
        guard let total = MinorUnits.product(amount, quantity) else {
            throw PayloadError("price \(price.id): unit_price.amount × quantity does not fit")
        }
        return MonthlyRecurringRevenue.monthly(amount: total, every: cycle.frequency ?? 1, interval)
    }

    // MARK: Refund

    /// Refunds and chargebacks count once approved; pending, rejected and reversed ones do not.
    func refund(from event: PaddleEvent<PaddleAdjustment>, rules: MappingRules) throws -> Mapping {
        let adjustment = event.data
        let what = "adjustment \(adjustment.id) (\(adjustment.action))"
        guard adjustment.action == "refund" || adjustment.action == "chargeback" else {
            return .ignored("\(what): only refunds and chargebacks take back a sale")
        }
        guard adjustment.status == "approved" else {
            return .ignored("\(what) is \(adjustment.status), not approved: nothing is refunded yet")
        }
        let currency = try Self.reader.currency(adjustment.currency_code, field: "currency_code")
        let basis = try rules.amountBasis.choice(PaddleAmountBasis.self)
        let amount = try basis.amount(of: adjustment.totals, what: "\(what) totals")
        let refund = RefundParameters(
            uid: adjustment.customer_id,
            eventID: adjustment.id,
            amount: .taxFree(amount),
            currency: currency,
            saleEventID: adjustment.transaction_id,
            createdAt: try Self.reader.time(("created_at", adjustment.created_at), ("occurred_at", event.occurred_at))?.date,
            customerID: adjustment.customer_id,
            what: adjustment.action
        )
        return Mapping(actions: [.refund(refund)])
    }

    // MARK: Cancellation, memory

    func cancellation(from event: PaddleEvent<PaddleSubscription>) throws -> Mapping {
        let subscription = event.data
        guard let customer = subscription.customer_id else {
            return .ignored("subscription \(subscription.id) names no customer; FirstPromoter needs a uid")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                uid: customer, eventID: subscription.id,
                createdAt: try Self.reader.time(("canceled_at", subscription.canceled_at), ("occurred_at", event.occurred_at))?.date,
                customerID: customer))
        ])
    }

    func subscriptionItems(_ event: PaddleEvent<PaddleSubscription>) throws -> Mapping {
        let subscription = event.data
        let monthly = try (subscription.items ?? []).compactMap { item -> Int? in
            guard let price = item.price else { return nil }
            return try self.monthly(price, quantity: item.quantity ?? 1)
        }
        guard !monthly.isEmpty, let mrr = MinorUnits.sum(monthly) else {
            return .ignored("subscription \(subscription.id): no recurring prices to take MRR from")
        }
        // The newest MRR wins (`MemoryMerge`): an MRR without its time could not be ordered.
        guard let asOf = try Self.reader.time(("occurred_at", event.occurred_at)) else {
            throw PayloadError("Paddle event: occurred_at is missing, needed to order subscription \(subscription.id)'s MRR")
        }
        return .ignored(
            "recorded: subscription \(subscription.id) has MRR \(mrr); not a sale by itself",
            facts: [.subscriptionMRR(subscriptionID: subscription.id, mrr: mrr, asOf: asOf.seconds)])
    }

    func customer(_ event: PaddleEvent<PaddleCustomer>, rules: MappingRules) throws -> Mapping {
        let customer = event.data
        var record = rules.referral { customer.custom_data?.values[$0] }
        record.email = customer.email
        let facts: [Fact] = [.customer(id: customer.id, record)]
        guard record.hasReferral, rules.signups == .send else {
            return .ignored("recorded: customer \(customer.id)'s email (transactions carry none)", facts: facts)
        }
        let signup = SignupParameters(
            email: customer.email, uid: record.uid ?? customer.id, tid: record.tid, refID: record.refID,
            createdAt: try Self.reader.time(("occurred_at", event.occurred_at))?.date)
        return Mapping(actions: [.signup(signup)], facts: facts)
    }

    // MARK: Shared

}
