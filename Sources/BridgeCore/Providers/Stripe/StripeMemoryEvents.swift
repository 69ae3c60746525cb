import Foundation

/// Cancellations, signups, and the events that only teach the bridge's memory: which payment paid
/// which invoice, a subscription's MRR, a customer's referral data.
extension StripeMapper {
    func cancellation(from event: StripeEvent<StripeSubscription>) throws -> Mapping {
        let subscription = event.data.object
        guard let customer = subscription.customer?.id else {
            return .ignored("subscription \(subscription.id) names no customer; FirstPromoter needs a uid")
        }
        let endedAt = subscription.ended_at ?? subscription.canceled_at ?? event.created
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                uid: customer, eventID: subscription.id, createdAt: endedAt.map(\.date), customerID: customer))
        ])
    }

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
        guard !monthly.isEmpty, let total = MinorUnits.sum(monthly) else {
            return .ignored("subscription \(subscription.id): no licensed recurring prices to take MRR from")
        }
        let currency = CurrencyCode.normalized(subscription.currency ?? items.first?.price?.currency) ?? ""
        let mrr = StripeMoney.minorUnits(total, currency: currency)
        return .ignored(
            "recorded: subscription \(subscription.id) has MRR \(mrr) (for its invoices); not a sale by itself",
            facts: [.subscriptionMRR(subscriptionID: subscription.id, mrr: mrr, asOf: event.created?.seconds ?? 0)])
    }

    /// A Customer's referral metadata and email, remembered for its sales; the first time it
    /// carries a tid or ref id, a signup.
    func customer(_ event: StripeEvent<StripeCustomer>, rules: MappingRules) throws -> Mapping {
        let customer = event.data.object
        var record = referral(in: [customer.metadata], rules: rules)
        record.email = customer.email
        let facts: [Fact] = [.customer(id: customer.id, record)]
        let remembered = "recorded: customer \(customer.id)'s "
            + (record.hasReferral ? "referral data" : "email, no referral data") + " (for its sales)"
        guard let signup = signup(record, customerID: customer.id, email: customer.email, at: event.created, rules: rules) else {
            let off = record.hasReferral ? "; signups: ignore in mappings/stripe.yaml" : ""
            return .ignored(remembered + off, facts: facts)
        }
        return Mapping(actions: [signup], facts: facts)
    }
}
