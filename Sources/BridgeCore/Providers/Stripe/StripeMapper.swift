import Foundation

/// Stripe events to FirstPromoter actions, under `mappings/stripe.yaml`.
///
/// - `invoice.paid` / `invoice.payment_succeeded`: a sale per invoice (`event_id` = invoice id).
/// - `charge.refunded`: a refund of the newly refunded amount.
/// - `customer.subscription.deleted`: a cancellation.
/// - `invoice_payment.paid` and `customer.subscription.created` / `.updated` are not actions
///   but teach the bridge which payment paid which invoice and what a subscription's MRR is.
public struct StripeMapper: ProviderMapper {
    public static let provider: ProviderID = "stripe"

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["invoice.paid", "invoice.payment_succeeded"],
        .refund: ["charge.refunded"],
        .cancellation: ["customer.subscription.deleted"],
    ]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents,
        amountBases: StripeAmountBasis.allCases.map(\.rawValue),
        defaults: MappingRules(events: supportedEvents, amountBasis: StripeAmountBasis.paidExcludingTax.rawValue)
    )

    public init() {}

    public func envelope(of body: [UInt8]) throws -> EventEnvelope {
        let event = try decode(StripeEvent<StripeAnyObject>.self, from: body)
        guard !event.id.isEmpty, !event.type.isEmpty else { throw PayloadError("Stripe event: id or type is empty") }
        return EventEnvelope(id: event.id, type: event.type, occurredAt: event.created.map(date))
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        let envelope = try decode(StripeEvent<StripeAnyObject>.self, from: body)
        if envelope.livemode == false, rules.testMode == .ignore {
            return .ignored("test-mode event (livemode: false); mappings/stripe.yaml has test_mode: ignore")
        }
        switch rules.action(forEventType: envelope.type) {
        case .sale: return try sale(from: decode(StripeEvent<StripeInvoice>.self, from: body), rules: rules)
        case .refund: return try refund(from: decode(StripeEvent<StripeCharge>.self, from: body))
        case .cancellation: return try cancellation(from: decode(StripeEvent<StripeSubscription>.self, from: body))
        case nil: break
        }
        switch envelope.type {
        case "invoice_payment.paid":
            return try invoicePayment(decode(StripeEvent<StripeInvoicePayment>.self, from: body))
        case "customer.subscription.created", "customer.subscription.updated":
            return try subscriptionItems(decode(StripeEvent<StripeSubscription>.self, from: body))
        default:
            return .ignored("\(envelope.type) is not routed to a FirstPromoter call in mappings/stripe.yaml")
        }
    }

    // MARK: Sale

    func sale(from event: StripeEvent<StripeInvoice>, rules: MappingRules) throws -> Mapping {
        let invoice = event.data.object
        let currency = try currencyCode(invoice.currency)
        let basis = StripeAmountBasis(rawValue: rules.amountBasis) ?? .paidExcludingTax
        let amount = StripeMoney.minorUnits(try basis.amount(of: invoice), currency: currency)

        // Each sale remembers the payments that paid it, for refunds naming only those.
        let facts = references(intent: invoice.payment_intent, charge: invoice.charge)
            .map { Fact.salePaidBy($0, saleEventID: invoice.id) }

        if amount < 0 {
            return .ignored("invoice \(invoice.id): amount \(amount) is negative; not a sale", facts: facts)
        }
        if amount == 0, rules.zeroAmount == .ignore {
            return .ignored(
                "invoice \(invoice.id) paid 0 (\(basis.rawValue)): a trial or a full discount is not a sale",
                facts: facts)
        }
        let uid = invoice.customer?.id
        let email = invoice.customer_email
        guard uid != nil || email != nil else {
            return .ignored("invoice \(invoice.id) names no customer or customer_email; FirstPromoter needs one", facts: facts)
        }

        let subscriptionID = invoice.parent?.subscription_details?.subscription?.id ?? invoice.subscription?.id
        let line = subscriptionLine(of: invoice)
        let priceID = line?.pricing?.price_details?.price?.id ?? line?.price?.id ?? line?.plan?.id
        let subscriptionMetadata =
            invoice.parent?.subscription_details?.metadata ?? invoice.subscription_details?.metadata
        func referral(_ key: String?) -> String? {
            guard let key else { return nil }
            return invoice.metadata?[key] ?? subscriptionMetadata?[key]
        }
        let couponID =
            invoice.discount?.coupon?.id ?? invoice.discounts?.lazy.compactMap(\.couponID).first
        let sale = SaleParameters(
            email: email,
            uid: uid,
            eventID: invoice.id,
            amount: amount,
            plan: rules.plan(for: priceID),
            currency: currency,
            mrr: subscriptionID.map { monthlyRevenue(of: invoice, subscriptionID: $0, currency: currency) },
            subscriptionID: subscriptionID,
            createdAt: (invoice.status_transitions?.paid_at ?? event.created).map(date),
            promoCode: rules.promoCode == .couponID ? couponID : nil,
            tid: referral(rules.tidKey),
            refID: referral(rules.refIDKey)
        )
        return Mapping(actions: [.sale(sale)], facts: facts)
    }

    /// The line that bills the subscription itself: not a proration, not a one-off item.
    func subscriptionLine(of invoice: StripeInvoice) -> StripeInvoiceLine? {
        let lines = invoice.lines?.data ?? []
        return lines.first { isSubscriptionLine($0) && !isProration($0) }
            ?? lines.first(where: isSubscriptionLine) ?? lines.first
    }

    func isSubscriptionLine(_ line: StripeInvoiceLine) -> Bool {
        line.parent?.type == "subscription_item_details" || line.type == "subscription"
    }

    func isProration(_ line: StripeInvoiceLine) -> Bool {
        line.proration ?? line.parent?.subscription_item_details?.proration ?? false
    }

    /// From the lines' prices where older payloads carry them; else whatever the bridge recorded
    /// of the subscription's items, falling back to the lines' amounts over their periods.
    func monthlyRevenue(of invoice: StripeInvoice, subscriptionID: String, currency: String) -> MonthlyRevenue {
        let lines = (invoice.lines?.data ?? []).filter { isSubscriptionLine($0) && !isProration($0) }
        let priced = lines.compactMap { line -> Int? in
            guard let recurring = StripeRecurring(price: line.price, plan: line.plan) else { return nil }
            return recurring.monthly(quantity: line.quantity ?? 1, lineAmount: line.amount)
        }
        if !priced.isEmpty, priced.count == lines.count {
            return .known(StripeMoney.minorUnits(priced.reduce(0, +), currency: currency))
        }
        let fromPeriods = lines.compactMap { line -> Int? in
            guard let period = line.period, let amount = line.amount, period.end > period.start else { return nil }
            let days = Int((Double(period.end - period.start) / 86_400).rounded())
            let (count, interval) = MonthlyRecurringRevenue.interval(spanningDays: days)
            return MonthlyRecurringRevenue.monthly(amount: amount, every: count, interval)
        }
        let estimate = fromPeriods.isEmpty ? nil : StripeMoney.minorUnits(fromPeriods.reduce(0, +), currency: currency)
        return .recordedSubscription(id: subscriptionID, otherwise: estimate)
    }

    // MARK: Refund

    func refund(from event: StripeEvent<StripeCharge>) throws -> Mapping {
        let charge = event.data.object
        let currency = try currencyCode(charge.currency)
        let total = StripeMoney.minorUnits(charge.amount_refunded, currency: currency)
        let facts: [Fact] = [.refundedTotal(paymentID: charge.id, total: total)]
        let amount: RefundAmount
        if let previous = event.data.previous_attributes?.amount_refunded {
            let newly = total - StripeMoney.minorUnits(previous, currency: currency)
            guard newly > 0 else {
                return .ignored("charge \(charge.id): amount_refunded did not grow (\(previous) → \(charge.amount_refunded))", facts: facts)
            }
            amount = .exact(newly)
        } else {
            amount = .cumulative(paymentID: charge.id, total: total)
        }
        let email = charge.billing_details?.email ?? charge.receipt_email
        guard charge.customer != nil || email != nil else {
            return .ignored("charge \(charge.id) names no customer or email; FirstPromoter needs one", facts: facts)
        }
        let paidWith = references(intent: charge.payment_intent, charge: StripeExpandable(id: charge.id))
        let refund = RefundParameters(
            email: email,
            uid: charge.customer?.id,
            // One id per refund step: Stripe retries of this step collapse, the next step differs.
            eventID: "\(charge.id)-refunded-\(total)",
            amount: amount,
            currency: currency,
            saleEventID: charge.invoice?.id,
            saleReferences: paidWith,
            createdAt: event.created.map(date)
        )
        return Mapping(actions: [.refund(refund)], facts: facts)
    }

    // MARK: Cancellation

    func cancellation(from event: StripeEvent<StripeSubscription>) throws -> Mapping {
        let subscription = event.data.object
        guard let customer = subscription.customer?.id else {
            return .ignored("subscription \(subscription.id) names no customer; FirstPromoter needs a uid")
        }
        let endedAt = subscription.ended_at ?? subscription.canceled_at ?? event.created
        return Mapping(actions: [
            .cancellation(CancellationParameters(uid: customer, eventID: subscription.id, createdAt: endedAt.map(date)))
        ])
    }

    // MARK: Memory only

    func invoicePayment(_ event: StripeEvent<StripeInvoicePayment>) throws -> Mapping {
        let payment = event.data.object
        guard payment.status == nil || payment.status == "paid" else {
            return .ignored("invoice payment \(payment.id) is \(payment.status ?? "?"), not paid")
        }
        let paidWith = references(intent: payment.payment.payment_intent, charge: payment.payment.charge)
        let facts = paidWith.map { Fact.salePaidBy($0, saleEventID: payment.invoice.id) }
        let paidBy = paidWith.isEmpty ? "an unlinked payment" : paidWith.map(\.description).joined(separator: " and ")
        return .ignored("recorded: \(paidBy) paid invoice \(payment.invoice.id) (for refunds); not a sale by itself", facts: facts)
    }

    func subscriptionItems(_ event: StripeEvent<StripeSubscription>) throws -> Mapping {
        let subscription = event.data.object
        let items = subscription.items?.data ?? []
        let monthly = items.compactMap { item -> Int? in
            StripeRecurring(price: item.price, plan: item.plan)?.monthly(quantity: item.quantity ?? 1, lineAmount: nil)
        }
        guard !monthly.isEmpty else {
            return .ignored("subscription \(subscription.id): no licensed recurring prices to take MRR from")
        }
        let currency = CurrencyCode.normalized(subscription.currency ?? items.first?.price?.currency) ?? ""
        let mrr = StripeMoney.minorUnits(monthly.reduce(0, +), currency: currency)
        return .ignored(
            "recorded: subscription \(subscription.id) has MRR \(mrr) (for its invoices); not a sale by itself",
            facts: [.subscriptionMRR(subscriptionID: subscription.id, mrr: mrr, asOf: event.created ?? 0)])
    }

    /// The payments a sale or refund names, as the bridge remembers them.
    func references(intent: StripeExpandable?, charge: StripeExpandable?) -> [PaymentReference] {
        [
            intent.map { PaymentReference(kind: "payment_intent", id: $0.id) },
            charge.map { PaymentReference(kind: "charge", id: $0.id) },
        ].compactMap { $0 }
    }

    // MARK: Decoding

    func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw PayloadError.decoding(error, what: "Stripe event")
        }
    }

    func currencyCode(_ code: String) throws -> String {
        guard let normalized = CurrencyCode.normalized(code) else {
            throw PayloadError("Stripe event: currency '\(code)' is not an ISO 4217 code")
        }
        return normalized
    }

    func date(_ unixSeconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(unixSeconds)) }
}
