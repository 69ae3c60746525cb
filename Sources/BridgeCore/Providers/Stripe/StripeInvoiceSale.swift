import Foundation

/// `invoice.paid` / `invoice.payment_succeeded`: a sale per invoice (`event_id` = invoice id).
extension StripeMapper {
    func invoiceSale(from event: StripeEvent<StripeInvoice>, rules: MappingRules) throws -> Mapping {
        let invoice = event.data.object
        let currency = try Self.reader.currency(invoice.currency, field: "currency")
        let basis = try rules.amountBasis.choice(StripeAmountBasis.self)
        let amount = StripeMoney.minorUnits(try basis.amount(of: invoice), currency: currency)

        // Each sale remembers the payments that paid it (older API versions name them), for
        // refunds and one-time payment events naming only those.
        var facts = references(intent: invoice.payment_intent, charge: invoice.charge)
            .map { Fact.salePaidBy($0, saleEventID: invoice.id) }
        // Since basil, an invoice a backfill lists names them in its expanded `payments`.
        for paid in invoice.payments?.data ?? [] where paid.status == nil || paid.status == "paid" {
            facts += references(intent: paid.payment.payment_intent, charge: paid.payment.charge).map { Fact.salePaidBy($0, saleEventID: invoice.id) }
        }
        // Newer payloads name no payment: what was charged, to whom and when stands in for it.
        if let customer = invoice.customer?.id, let paid = invoice.amount_paid, paid > 0,
            let at = invoice.status_transitions?.paid_at ?? event.created
        {
            facts.append(.invoiceCharged(InvoiceCharge(
                customerID: customer, currency: currency, amount: StripeMoney.minorUnits(paid, currency: currency), at: at.seconds,
                invoiceID: invoice.id)))
        }
        let what = "invoice \(invoice.id)"
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: "\(what) (\(basis.rawValue))", rules: rules) {
            return .ignored(reason, facts: facts)
        }
        let uid = invoice.customer?.id
        let email = invoice.customer_email
        if let reason = SalePolicy.reasonToSkip(uid: uid, email: email, of: what) {
            return .ignored(reason, facts: facts)
        }

        let subscriptionID = invoice.parent?.subscription_details?.subscription?.id ?? invoice.subscription?.id
        let line = planLine(of: invoice)
        let priceID = line?.pricing?.price_details?.price?.id ?? line?.price?.id ?? line?.plan?.id
        let subscriptionMetadata =
            invoice.parent?.subscription_details?.metadata ?? invoice.subscription_details?.metadata
        let referral = referral(in: [invoice.metadata, subscriptionMetadata], rules: rules)
        let couponID =
            invoice.discount?.coupon?.id ?? invoice.discounts?.lazy.compactMap(\.couponID).first
        let sale = SaleParameters(
            email: email,
            uid: referral.uid ?? uid,
            eventID: invoice.id,
            amount: amount,
            plan: rules.plan(for: priceID),
            currency: currency,
            mrr: subscriptionID.map { monthlyRevenue(of: invoice, subscriptionID: $0, currency: currency) },
            subscriptionID: subscriptionID,
            createdAt: (invoice.status_transitions?.paid_at ?? event.created).map(\.date),
            promoCode: rules.promoCode == .couponID ? couponID : nil,
            tid: referral.tid,
            refID: referral.refID,
            customerID: uid,
            charged: invoice.amount_paid.map { StripeMoney.minorUnits($0, currency: currency) }
        )
        return Mapping(actions: [.sale(sale)], facts: facts)
    }

    /// The line whose price the customer is paying for: the subscription's own line, else (an
    /// upgrade billed as prorations) the charge for the new price rather than the credit for the
    /// old one, else the first line.
    func planLine(of invoice: StripeInvoice) -> StripeInvoiceLine? {
        let lines = invoice.lines?.data ?? []
        let subscriptionLines = lines.filter(isSubscriptionLine)
        return subscriptionLines.first { !isProration($0) }
            ?? subscriptionLines.filter { ($0.amount ?? 0) > 0 }.max { ($0.amount ?? 0) < ($1.amount ?? 0) }
            ?? subscriptionLines.first ?? lines.first
    }

    /// A line that bills a subscription, by any signal the payload's API version has: the line
    /// type, its parent, its subscription, or a recurring price or plan.
    func isSubscriptionLine(_ line: StripeInvoiceLine) -> Bool {
        line.type == "subscription" || line.parent?.type == "subscription_item_details"
            || line.subscription != nil || line.parent?.subscription_item_details?.subscription != nil
            || line.price?.recurring != nil || line.plan != nil
    }

    func isProration(_ line: StripeInvoiceLine) -> Bool {
        line.proration ?? line.parent?.subscription_item_details?.proration ?? false
    }

    /// From the lines' prices where older payloads carry them; else whatever the bridge recorded
    /// of the subscription's items, falling back to the lines' amounts over their periods. An
    /// invoice of prorations only (an upgrade) counts the new price's lines.
    func monthlyRevenue(of invoice: StripeInvoice, subscriptionID: String, currency: String) -> MonthlyRevenue {
        let subscriptionLines = (invoice.lines?.data ?? []).filter(isSubscriptionLine)
        let regular = subscriptionLines.filter { !isProration($0) }
        let lines = regular.isEmpty ? subscriptionLines.filter { ($0.amount ?? 0) > 0 } : regular
        let priced = lines.compactMap { line -> Int? in
            guard let recurring = StripeRecurring(price: line.price, plan: line.plan) else { return nil }
            return recurring.monthly(quantity: line.quantity ?? 1, lineAmount: line.amount)
        }
        if !priced.isEmpty, priced.count == lines.count, let total = MinorUnits.sum(priced) {
            return .known(StripeMoney.minorUnits(total, currency: currency))
        }
        // A proration's amount covers part of a period: no estimate from it.
        let fromPeriods = regular.compactMap { line -> Int? in
            guard let period = line.period, let amount = line.amount, period.end > period.start else { return nil }
            let (count, interval) = MonthlyRecurringRevenue.interval(spanningDays: period.start.days(until: period.end))
            return MonthlyRecurringRevenue.monthly(amount: amount, every: count, interval)
        }
        let estimate = fromPeriods.isEmpty ? nil : MinorUnits.sum(fromPeriods).map { StripeMoney.minorUnits($0, currency: currency) }
        return .recordedSubscription(id: subscriptionID, otherwise: estimate)
    }
}
