import Foundation

/// Stripe events to FirstPromoter actions, under `mappings/stripe.yaml`. Each event type has one
/// handler; the files beside this one hold them by what they become:
///
/// - sales: `invoice.paid` / `invoice.payment_succeeded` (StripeInvoiceSale), and one-time
///   payments from `checkout.session.completed`, `payment_intent.succeeded`, `charge.succeeded`
///   (StripeOneTimeSale);
/// - refunds: `charge.refunded`, and lost disputes (StripeRefunds);
/// - cancellations, signups and what the bridge only remembers: `customer.subscription.*`,
///   `customer.*`, `invoice_payment.paid` (StripeMemoryEvents).
public struct StripeMapper: EventMapper {
    static let reader = PayloadReader(what: "Stripe event")

    public static let provider: ProviderID = "stripe"

    static let invoiceSaleEvents = ["invoice.paid", "invoice.payment_succeeded"]
    static let checkoutEvents = ["checkout.session.completed", "checkout.session.async_payment_succeeded"]
    /// Events that make no call but teach the bridge what later ones need (StripeMemoryEvents):
    /// a backfill lists them with the routed ones.
    static let rememberedEvents = [
        "invoice_payment.paid", "customer.subscription.created", "customer.subscription.updated", "customer.created", "customer.updated",
    ]

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: invoiceSaleEvents + checkoutEvents + ["payment_intent.succeeded", "charge.succeeded"],
        .refund: ["charge.refunded", "charge.dispute.closed", "charge.dispute.created"],
        .cancellation: ["customer.subscription.deleted"],
    ]

    /// Everything supported, except refunding a dispute when it opens rather than when it is lost.
    static let defaultEvents: [ActionKind: [String]] = supportedEvents.mapValues { $0.filter { $0 != "charge.dispute.created" } }

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents,
        amountBasis: StripeAmountBasis.self,
        defaults: MappingRules(events: defaultEvents, amountBasis: AmountBasis(StripeAmountBasis.paidExcludingTax))
    )

    public init() {}

    public func envelope(of body: [UInt8], headers: WebhookHeaders = WebhookHeaders()) throws -> EventEnvelope {
        if let envelope = Self.scannedEnvelope(body) { return envelope }
        return try Self.decodedEnvelope(body)
    }

    /// The envelope as the decoder reads it: the answer the scan must agree with (the fuzzer and
    /// the tests compare them).
    public static func decodedEnvelope(_ body: [UInt8]) throws -> EventEnvelope {
        let event = try reader.decode(StripeEnvelope.self, from: body)
        guard !event.id.isEmpty, !event.type.isEmpty else { throw PayloadError("Stripe event: id or type is empty") }
        return EventEnvelope(id: event.id, type: event.type, occurredAt: event.created?.time)
    }

    /// What the scans read of an event's `data`: the object's id and kind, and the amount refunded
    /// before (all the decoders read of it).
    static let scannedData = JSONFieldScanner.Wanted(
        [], inside: ["object": ["id", "object"], "previous_attributes": ["amount_refunded"]])
    private static let scannedEnvelopeFields = JSONFieldScanner.Wanted(["id", "type", "created"], inside: ["data": scannedData])

    /// The envelope read without decoding the event (`JSONFieldScanner`), when the body is plainly
    /// one; nil sends it to the decoder, which gives the same envelope or names what is wrong.
    static func scannedEnvelope(_ body: [UInt8]) -> EventEnvelope? {
        guard let top = JSONFieldScanner.topLevel(body, wanted: scannedEnvelopeFields),
            case .string(let id)? = top["id"], !id.isEmpty, case .string(let type)? = top["type"], !type.isEmpty,
            case .object(let data)? = top["data"],
            case .object(let object)? = data["object"]
        else { return nil }
        // What the decoder reads of `previous_attributes`: an optional integer amount.
        switch data["previous_attributes"] {
        case nil: break
        case .object(let previous)?:
            switch previous["amount_refunded"] {
            case nil, .integer?: break
            default: return nil
            }
        default: return nil
        }
        // `id` and `object` are optional strings of the object: anything else is the decoder's to refuse.
        for value in object.values {
            guard case .string = value else { return nil }
        }
        let occurredAt: PayloadTime?
        switch top["created"] {
        case nil: occurredAt = nil
        case .integer(let seconds)?:
            // Loosely, as the decoder reads it here: out of range is no time, not an error.
            do { occurredAt = try PayloadTime(unixSeconds: seconds, field: "created") } catch { occurredAt = nil }
        default: return nil
        }
        return EventEnvelope(id: id, type: type, occurredAt: occurredAt)
    }

    public func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        // One scan reads the head and, for an invoice, the invoice; anything unusual is decoded.
        let scanned = StripeInvoiceScan.scan(body)
        let head = try scanned.flatMap(StripeEventHead.scanned(top:)) ?? StripeEventHead.of(body)
        if head.livemode == false, rules.testMode == .ignore {
            let about = head.objectName.map { " for \($0)" } ?? ""
            return .ignored("test-mode event\(about) (livemode: false); mappings/stripe.yaml has test_mode: ignore")
        }
        let routed = rules.action(forEventType: head.type)
        let type = head.type
        switch type {
        case _ where Self.invoiceSaleEvents.contains(type):
            guard routed == .sale else { break }
            return try invoiceSale(
                from: scanned.flatMap(StripeInvoiceScan.event(top:)) ?? Self.reader.decode(StripeEvent<StripeInvoice>.self, from: body),
                rules: rules)
        case _ where Self.checkoutEvents.contains(type):
            return try checkoutSession(Self.reader.decode(StripeEvent<StripeCheckoutSession>.self, from: body), sale: routed == .sale, rules: rules)
        case "payment_intent.succeeded":
            return try paymentIntent(Self.reader.decode(StripeEvent<StripePaymentIntent>.self, from: body), sale: routed == .sale, rules: rules)
        case "charge.succeeded":
            return try charge(Self.reader.decode(StripeEvent<StripeCharge>.self, from: body), sale: routed == .sale, rules: rules)
        case "charge.refunded":
            guard routed == .refund else { break }
            return try refund(from: Self.reader.decode(StripeEvent<StripeCharge>.self, from: body))
        case "charge.dispute.closed", "charge.dispute.created":
            guard routed == .refund else { break }
            return try dispute(Self.reader.decode(StripeEvent<StripeDispute>.self, from: body), rules: rules)
        case "customer.subscription.deleted":
            guard routed == .cancellation else { break }
            return try cancellation(from: Self.reader.decode(StripeEvent<StripeSubscription>.self, from: body))
        case "invoice_payment.paid":
            return try invoicePayment(Self.reader.decode(StripeEvent<StripeInvoicePayment>.self, from: body))
        case "customer.subscription.created", "customer.subscription.updated":
            return try subscriptionItems(Self.reader.decode(StripeEvent<StripeSubscription>.self, from: body))
        case "customer.created", "customer.updated":
            return try customer(Self.reader.decode(StripeEvent<StripeCustomer>.self, from: body), rules: rules)
        default: break
        }
        let about = head.objectName.map { " (\($0))" } ?? ""
        return .ignored("\(type)\(about) is not routed to a FirstPromoter call in mappings/stripe.yaml")
    }

    // MARK: Shared

    /// FirstPromoter's referral fields from the first metadata that has each key.
    func referral(in metadata: [[String: String]?], rules: MappingRules) -> CustomerRecord {
        rules.referral { key in metadata.lazy.compactMap { $0?[key] }.first { !$0.isEmpty } }
    }

    /// A signup when a customer carries referral data and the mapping file sends signups.
    func signup(_ referral: CustomerRecord, customerID: String?, email: String?, at created: PayloadTime?, rules: MappingRules)
        -> Action?
    {
        guard referral.hasReferral, rules.signups == .send else { return nil }
        return .signup(SignupParameters(
            email: email, uid: referral.uid ?? customerID, tid: referral.tid, refID: referral.refID,
            createdAt: created.map(\.date)))
    }

    /// The payments a sale or refund names, as the bridge remembers them.
    func references(intent: StripeExpandable?, charge: StripeExpandable?) -> [PaymentReference] {
        [
            intent.map { PaymentReference(kind: "payment_intent", id: $0.id) },
            charge.map { PaymentReference(kind: "charge", id: $0.id) },
        ].compactMap { $0 }
    }

}
