import Crypto
import Foundation

/// Paystack events to FirstPromoter actions, under `mappings/paystack.yaml`.
///
/// - `charge.success`: a sale, `event_id` = the charge's reference (which a refund names); plan =
///   the plan code, MRR from the plan's interval; tid from the charge's metadata.
/// - `refund.processed`: a refund of the refund's amount, linked to the charge it gives back.
/// - `subscription.disable`: a cancellation.
/// Test-domain events (`data.domain: test`) are ignored unless the mapping file accepts them.
public struct PaystackMapper: EventMapper {
    static let reader = PayloadReader(what: "Paystack event")

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["charge.success"], .refund: ["refund.processed"], .cancellation: ["subscription.disable", "subscription.not_renew"],
    ]
    static let defaultEvents: [ActionKind: [String]] = [
        .sale: ["charge.success"], .refund: ["refund.processed"], .cancellation: ["subscription.disable"],
    ]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents, amountBasis: PaystackAmountBasis.self,
        defaults: MappingRules(events: defaultEvents, amountBasis: AmountBasis(PaystackAmountBasis.amountPaid)))

    public init() {}

    /// No event id: the event and its object, so that a retried delivery is one event and two
    /// charges (or two refunds of one charge) are two. Other events: the body's digest.
    public func envelope(of body: [UInt8], headers: WebhookHeaders) throws -> EventEnvelope {
        let event = try Self.reader.decode(PaystackEvent<PaystackEnvelopeData>.self, from: body)
        guard !event.event.isEmpty else { throw PayloadError("Paystack event: event is empty") }
        let data = event.data
        let object: String
        switch event.event {
        case "charge.success" where data.reference != nil: object = data.reference ?? ""
        case _ where event.event.hasPrefix("refund.") && (data.refund_reference != nil || data.transaction_reference != nil):
            object = data.refund_reference ?? "\(data.transaction_reference ?? ""):\(data.amount.map { String($0.value) } ?? "")"
        case _ where event.event.hasPrefix("subscription.") && data.subscription_code != nil: object = data.subscription_code ?? ""
        default: object = "sha256-" + SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        }
        return EventEnvelope(
            id: "\(event.event):\(object)", type: event.event, occurredAt: (data.paid_at ?? data.created_at).flatMap(PayloadTime.rfc3339))
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        let type = try Self.reader.decode(PaystackEvent<PaystackAnyData>.self, from: body).event
        let domain = try Self.reader.decode(PaystackEvent<PaystackDomain>.self, from: body).data.domain
        if domain == "test", rules.testMode == .ignore {
            return .ignored("test-mode event (data.domain: test); mappings/paystack.yaml has test_mode: ignore")
        }
        switch (type, rules.action(forEventType: type)) {
        case ("charge.success", .sale?):
            return try sale(Self.reader.decode(PaystackEvent<PaystackCharge>.self, from: body).data, rules: rules)
        case (_, .refund?) where type.hasPrefix("refund."):
            return try refund(Self.reader.decode(PaystackEvent<PaystackRefund>.self, from: body).data, type: type)
        case (_, .cancellation?) where type.hasPrefix("subscription."):
            return try cancellation(Self.reader.decode(PaystackEvent<PaystackSubscription>.self, from: body).data)
        default:
            return .ignored("\(type) is not routed to a FirstPromoter call in mappings/paystack.yaml")
        }
    }

    func sale(_ charge: PaystackCharge, rules: MappingRules) throws -> Mapping {
        let what = "charge \(charge.reference)"
        guard charge.status == nil || charge.status == "success" else { return .ignored("\(what) is \(charge.status ?? "?"), not a success") }
        let currency = try Self.reader.currency(charge.currency, field: "data.currency")
        // Paystack writes amounts in subunits; for a currency without decimals (XOF, RWF) whether
        // that means whole francs or hundredths is not confirmed, so the bridge does not guess.
        guard CurrencyCode.exponent(of: currency) == 2 else {
            throw PayloadError(
                "Paystack event: \(what): data.amount is in \(currency), a currency without two decimals; the bridge does not "
                    + "know Paystack's subunit for it and does not guess")
        }
        _ = try rules.amountBasis.choice(PaystackAmountBasis.self)
        let amount = charge.amount
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        let referral = rules.referral { charge.metadata?.values[$0] }
        let customerID = charge.customer?.customer_code
        if let reason = SalePolicy.reasonToSkip(uid: referral.uid ?? customerID, email: charge.customer?.email, of: what) {
            return .ignored(reason)
        }
        let plan = charge.plan?.plan_code.flatMap { $0.isEmpty ? nil : $0 }
        let sale = SaleParameters(
            email: charge.customer?.email, uid: referral.uid ?? customerID, eventID: charge.reference, amount: amount,
            plan: rules.plan(for: plan), currency: currency,
            mrr: try plan == nil ? nil : Self.monthly(amount, interval: charge.plan?.interval).map { .known($0) },
            createdAt: try Self.reader.time(("data.paid_at", charge.paid_at), ("data.created_at", charge.created_at))?.date,
            tid: referral.tid, refID: referral.refID, customerID: customerID, charged: amount)
        return Mapping(actions: [.sale(sale)])
    }

    /// A plan's charge a month: hourly plans (Paystack's, for testing) have none.
    static func monthly(_ amount: Int, interval: String?) throws -> Int? {
        let period: (Int, BillingInterval)
        switch interval {
        case "daily": period = (1, .day)
        case "weekly": period = (1, .week)
        case "monthly": period = (1, .month)
        case "quarterly": period = (3, .month)
        case "biannually": period = (6, .month)
        case "annually": period = (1, .year)
        case "hourly", nil: return nil
        case let other?: throw PayloadError("Paystack event: data.plan.interval '\(other)' is not one of Paystack's intervals")
        }
        return MonthlyRecurringRevenue.monthly(amount: amount, every: period.0, period.1)
    }

    func refund(_ refund: PaystackRefund, type: String) throws -> Mapping {
        guard type == "refund.processed" || refund.status == "processed" else {
            return .ignored("refund of \(refund.transaction_reference) is \(refund.status ?? "?"), not processed")
        }
        let customer = refund.customer
        return Mapping(actions: [
            .refund(RefundParameters(
                email: customer?.email, uid: customer?.customer_code,
                eventID: refund.refund_reference ?? "\(refund.transaction_reference)-refund-\(refund.amount.value)",
                amount: .exact(refund.amount.value), currency: try Self.reader.currency(refund.currency, field: "data.currency"),
                saleEventID: refund.transaction_reference, customerID: customer?.customer_code))
        ])
    }

    func cancellation(_ subscription: PaystackSubscription) throws -> Mapping {
        let customer = subscription.customer
        guard customer?.customer_code != nil || customer?.email != nil else {
            return .ignored("subscription \(subscription.subscription_code) names no customer; FirstPromoter needs one")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                email: customer?.email, uid: customer?.customer_code, eventID: subscription.subscription_code,
                customerID: customer?.customer_code))
        ])
    }
}

struct PaystackDomain: Decodable {
    let domain: String?
}
