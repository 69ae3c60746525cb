import Foundation

/// Payments without an invoice: Checkout in payment mode, Payment Links, a bare PaymentIntent or
/// charge. One payment is one sale, `event_id` = its payment intent id (the charge id for a charge
/// without one), whichever of its events arrive and in whatever order:
///
/// - a Checkout Session decides at once (it says whether an invoice exists, and has the totals
///   without tax and the referral data), so it is sent without waiting;
/// - a payment intent or charge is held (`holds.payment_seconds`) for an invoice or a Checkout
///   Session that claims the same payment, then sent as a one-time sale.
extension StripeMapper {
    func checkoutSession(_ event: StripeEvent<StripeCheckoutSession>, sale routed: Bool, rules: MappingRules) throws -> Mapping {
        let session = event.data.object
        let email = session.customer_details?.email ?? session.customer_email
        let customerID = session.customer?.id
        var referral = referral(in: [session.metadata], rules: rules)
        if let reference = session.client_reference_id, !reference.isEmpty {
            switch rules.clientReferenceID {
            case .tid: referral.tid = referral.tid ?? reference
            case .refID: referral.refID = referral.refID ?? reference
            case .none: break
            }
        }
        var facts: [Fact] = []
        if let customerID {
            facts.append(.customer(id: customerID, CustomerRecord(tid: referral.tid, refID: referral.refID, uid: referral.uid, email: email)))
        }
        let intent = references(intent: session.payment_intent, charge: nil)
        if let invoice = session.invoice {
            facts += intent.map { Fact.salePaidBy($0, saleEventID: invoice.id) }
        }
        var actions: [Action] = []
        if let signup = signup(referral, customerID: customerID, email: email, at: event.created, rules: rules) {
            actions.append(signup)
        }
        let what = "checkout session \(session.id)"
        switch (routed, session.mode, session.invoice, session.payment_status) {
        case (false, _, _, _):
            actions.append(.ignored(reason: "\(event.type) is not routed to a sale in mappings/stripe.yaml; its referral data is recorded"))
        case (_, let mode, _, _) where mode != nil && mode != "payment":
            actions.append(.ignored(reason: "\(what) is in \(mode ?? "?") mode: its invoice is the sale"))
        case (_, _, let invoice?, _):
            actions.append(.ignored(reason: "\(what) created invoice \(invoice.id): the invoice is the sale"))
        case (_, _, _, "no_payment_required"):
            actions.append(.ignored(reason: "\(what) required no payment: not a sale"))
        case (_, _, _, let status) where status != "paid":
            actions.append(.ignored(
                reason: "\(what) is \(status ?? "not paid"): the sale comes with checkout.session.async_payment_succeeded"))
        default:
            let currency = try Self.reader.currency(session.currency, field: "currency")
            let basis = try rules.amountBasis.choice(StripeAmountBasis.self)
            let total = try require(session.amount_total, "amount_total", of: what)
            let charged = StripeMoney.minorUnits(total, currency: currency)
            let amount: Int
            switch basis {
            case .amountPaid: amount = charged
            case .subtotal: amount = StripeMoney.minorUnits(try require(session.amount_subtotal, "amount_subtotal", of: what), currency: currency)
            case .paidExcludingTax, .totalExcludingTax:
                let (excluding, overflow) = total.subtractingReportingOverflow(
                    try Self.reader.money(session.total_details?.amount_tax, "total_details.amount_tax", of: what))
                guard !overflow else { throw PayloadError("\(what): amount_total minus total_details.amount_tax does not fit") }
                amount = StripeMoney.minorUnits(excluding, currency: currency)
            }
            let sale = SaleParameters(
                email: email, uid: referral.uid ?? customerID, eventID: session.payment_intent?.id ?? session.id, amount: amount,
                currency: currency, createdAt: event.created.map(\.date), tid: referral.tid, refID: referral.refID,
                customerID: customerID, charged: charged,
                oneTime: OneTimePayment(paidWith: intent, holdForOtherSources: false))
            actions.append(oneTimeSale(sale, of: what, rules: rules))
        }
        return Mapping(actions: actions, facts: facts)
    }

    func paymentIntent(_ event: StripeEvent<StripePaymentIntent>, sale routed: Bool, rules: MappingRules) throws -> Mapping {
        let intent = event.data.object
        let what = "payment intent \(intent.id)"
        return try barePayment(
            BarePayment(
                what: what, eventType: event.type, invoice: intent.invoice,
                paidWith: references(intent: StripeExpandable(id: intent.id), charge: intent.latest_charge),
                saleEventID: intent.id, currency: intent.currency,
                amount: try require(intent.amount_received ?? intent.amount, "amount_received", of: what),
                customerID: intent.customer?.id, email: intent.receipt_email, metadata: intent.metadata,
                created: intent.created ?? event.created),
            routed: routed, rules: rules)
    }

    func charge(_ event: StripeEvent<StripeCharge>, sale routed: Bool, rules: MappingRules) throws -> Mapping {
        let charge = event.data.object
        let what = "charge \(charge.id)"
        if charge.invoice == nil, charge.captured == false || (charge.status != nil && charge.status != "succeeded") {
            return .ignored("\(what) is \(charge.captured == false ? "not captured" : charge.status ?? "?"): not a sale yet")
        }
        return try barePayment(
            BarePayment(
                what: what, eventType: event.type, invoice: charge.invoice,
                paidWith: references(intent: charge.payment_intent, charge: StripeExpandable(id: charge.id)),
                saleEventID: charge.payment_intent?.id ?? charge.id, currency: charge.currency,
                amount: try require(charge.amount_captured ?? charge.amount, "amount_captured", of: what),
                customerID: charge.customer?.id, email: charge.billing_details?.email ?? charge.receipt_email,
                metadata: charge.metadata, created: charge.created ?? event.created),
            routed: routed, rules: rules)
    }

    /// What a payment intent or a charge says of a payment made without Checkout.
    struct BarePayment {
        var what: String
        var eventType: String
        /// Named on older API versions only: then the invoice is the sale.
        var invoice: StripeExpandable?
        var paidWith: [PaymentReference]
        var saleEventID: String
        var currency: String
        var amount: Int
        var customerID: String?
        var email: String?
        var metadata: [String: String]?
        var created: PayloadTime?
    }

    /// Not a sale if it names its invoice; else a one-time sale held for an invoice or session
    /// that claims it. No tax breakdown: the amount as charged.
    private func barePayment(_ payment: BarePayment, routed: Bool, rules: MappingRules) throws -> Mapping {
        if let invoice = payment.invoice {
            return .ignored(
                "\(payment.what) paid invoice \(invoice.id): the invoice is the sale",
                facts: payment.paidWith.map { Fact.salePaidBy($0, saleEventID: invoice.id) })
        }
        guard routed else { return .ignored("\(payment.eventType) is not routed to a sale in mappings/stripe.yaml") }
        let currency = try Self.reader.currency(payment.currency, field: "currency")
        let referral = referral(in: [payment.metadata], rules: rules)
        let amount = StripeMoney.minorUnits(payment.amount, currency: currency)
        let sale = SaleParameters(
            email: payment.email, uid: referral.uid ?? payment.customerID, eventID: payment.saleEventID, amount: amount,
            currency: currency, createdAt: payment.created.map(\.date), tid: referral.tid, refID: referral.refID,
            customerID: payment.customerID, charged: amount,
            oneTime: OneTimePayment(
                paidWith: payment.paidWith, holdForOtherSources: true,
                charge: payment.customerID.flatMap { customer in
                    payment.created.map { InvoiceCharge(customerID: customer, currency: currency, amount: amount, at: $0.seconds) }
                },
                claimants: "an invoice or Checkout Session"))
        return Mapping(actions: [oneTimeSale(sale, of: payment.what, rules: rules)])
    }

    /// The shared sale policy, applied to a one-time sale.
    private func oneTimeSale(_ sale: SaleParameters, of what: String, rules: MappingRules) -> Action {
        if let reason = SalePolicy.reasonToSkip(amount: sale.amount, of: what, rules: rules) { return .ignored(reason: reason) }
        return .sale(sale)
    }

    func require(_ value: Int?, _ field: String, of what: String) throws -> Int {
        guard let value else { throw PayloadError("\(what) has no \(field)") }
        return value
    }
}
