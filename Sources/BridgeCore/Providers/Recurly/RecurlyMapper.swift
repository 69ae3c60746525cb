import Foundation

/// Recurly events to FirstPromoter actions, under `mappings/recurly.yaml`, from both formats:
/// - JSON webhooks name an object only; `lookups` asks for it from the v3 API (the invoice, the
///   refund transaction and the payment it refunds, the subscription), and `map` reads those.
/// - XML notifications carry the object (amounts in integer cents); read as they come.
///
/// Sales are paid charge invoices with a positive total (legacy: closed invoices `collected`),
/// `event_id` = `recurly-invoice-{number}`, which a refund's invoice number names again.
/// Amounts from the API are major-unit numbers, made exact minor units by the currency.
public struct RecurlyMapper: Sendable {
    static let reader = PayloadReader(what: "Recurly event")

    static let supportedEvents: [ActionKind: [String]] = [
        .sale: ["charge_invoice.paid", "paid_charge_invoice_notification", "closed_invoice_notification"],
        .refund: ["payment.refunded", "successful_refund_notification", "void_payment_notification"],
        .cancellation: [
            "subscription.canceled", "subscription.expired", "canceled_subscription_notification",
            "expired_subscription_notification",
        ],
    ]

    public static let schema = MappingSchema(
        supportedEvents: supportedEvents, amountBasis: RecurlyAmountBasis.self,
        defaults: MappingRules(
            events: [
                .sale: ["charge_invoice.paid", "paid_charge_invoice_notification", "closed_invoice_notification"],
                .refund: ["payment.refunded", "successful_refund_notification", "void_payment_notification"],
                .cancellation: ["subscription.canceled", "canceled_subscription_notification"],
            ], amountBasis: AmountBasis(RecurlyAmountBasis.totalExcludingTax), tidKey: nil, refIDKey: nil, uidKey: nil))

    /// The FirstPromoter `event_id` of an invoice's sale, from its number.
    static func saleEventID(invoiceNumber: String) -> String { "recurly-invoice-\(invoiceNumber)" }

    /// A major-unit API amount in minor units.
    static func minorUnits(_ amount: MajorAmount?, currency: String, field: String) throws -> Int {
        try reader.minorUnits(amount?.text, currency: currency, field: field)
    }

    /// The sale's tax-free amount from a total and its tax (nil: none), under the amount basis.
    static func amount(total: Int, tax: Int?, rules: MappingRules, of what: String) throws -> Int {
        guard try rules.amountBasis.choice(RecurlyAmountBasis.self) == .totalExcludingTax, let tax else { return total }
        let (excluding, overflow) = total.subtractingReportingOverflow(tax)
        guard !overflow else { throw PayloadError("\(what): total minus tax does not fit") }
        return excluding
    }

    static func ignoredKind(_ type: String) -> Mapping {
        .ignored("\(type) is not routed to a FirstPromoter call in mappings/recurly.yaml")
    }
}
