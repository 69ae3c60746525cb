import Foundation

/// JSON webhooks: which API documents each needs, and the actions from them.
extension RecurlyMapper {
    func webhook(_ body: [UInt8]) throws -> RecurlyWebhook {
        try Self.reader.decode(RecurlyWebhook.self, from: body)
    }

    func lookups(for event: ProviderEvent, rules: MappingRules) throws -> [String] {
        let webhook = try webhook(event.body)
        switch rules.action(forEventType: webhook.type) {
        case .sale:
            guard let number = webhook.invoice_number else { throw PayloadError("Recurly event: \(webhook.type) has no invoice_number") }
            return [try APIPath.under("/invoices", id: "number-\(number.text)", field: "invoice_number")]
        case .refund:
            let path = try Self.uuidPath("transactions", webhook)
            guard let refund = event.fetched[path] else { return [path] }
            let original = try Self.reader.decode(RecurlyTransaction.self, from: refund).original_transaction_id
            guard let original else { return [path] }
            return [path, try APIPath.under("/transactions", id: original, field: "the refund's original_transaction_id")]
        case .cancellation:
            return [try Self.uuidPath("subscriptions", webhook)]
        default:
            return []
        }
    }

    func mapJSON(_ event: ProviderEvent, rules: MappingRules) throws -> Mapping {
        let webhook = try webhook(event.body)
        let paths = try lookups(for: event, rules: rules)
        func document<T: Decodable>(_ type: T.Type, _ index: Int) throws -> T {
            guard let bytes = event.fetched[paths[index]] else {
                throw PayloadError("Recurly event: \(paths[index]) was not fetched from the Recurly API")
            }
            return try Self.reader.decode(T.self, from: bytes)
        }
        switch rules.action(forEventType: webhook.type) {
        case .sale: return try sale(document(RecurlyInvoice.self, 0), rules: rules)
        case .refund:
            let original = paths.count > 1 ? try document(RecurlyTransaction.self, 1) : nil
            return try refund(document(RecurlyTransaction.self, 0), of: original)
        case .cancellation: return try cancellation(document(RecurlySubscription.self, 0), type: webhook.type)
        default: return Self.ignoredKind(webhook.type)
        }
    }

    func sale(_ invoice: RecurlyInvoice, rules: MappingRules) throws -> Mapping {
        let what = "invoice \(invoice.number.text)"
        guard invoice.type != "credit" else { return .ignored("\(what) is a credit invoice, not a sale") }
        guard invoice.state == "paid" else { return .ignored("\(what) is \(invoice.state ?? "without a state"), not paid") }
        let currency = try Self.reader.currency(invoice.currency, field: "invoice.currency")
        let total = try Self.minorUnits(invoice.total, currency: currency, field: "invoice.total")
        let tax = try Self.minorUnits(Self.reader.money(invoice.tax, "invoice.tax", of: what), currency: currency, field: "invoice.tax")
        let amount = try Self.amount(total: total, tax: tax, rules: rules, of: what)
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        let account = invoice.account
        if let reason = SalePolicy.reasonToSkip(uid: account?.code, email: account?.email, of: what) { return .ignored(reason) }
        let line = invoice.line_items?.items.first { $0.plan_code != nil && $0.refund != true }
        return Mapping(actions: [
            .sale(SaleParameters(
                email: account?.email, uid: account?.code, eventID: Self.saleEventID(invoiceNumber: invoice.number.text),
                amount: amount, plan: rules.plan(for: line?.plan_code), currency: currency,
                mrr: try Self.monthly(amount, from: line?.start_date, to: line?.end_date).map { .known($0) },
                subscriptionID: invoice.subscription_ids?.first ?? line?.subscription_id,
                createdAt: try Self.reader.time(("invoice.closed_at", invoice.closed_at), ("invoice.created_at", invoice.created_at))?.date,
                customerID: account?.code,
                charged: total))
        ])
    }

    func refund(_ refund: RecurlyTransaction, of original: RecurlyTransaction?) throws -> Mapping {
        let what = "transaction \(refund.uuid ?? refund.id)"
        guard refund.type == "refund" else { return .ignored("\(what) is a \(refund.type ?? "?"), not a refund") }
        guard refund.status == "success" || refund.success == true else {
            return .ignored("\(what) is \(refund.status ?? "not a success"): nothing was refunded")
        }
        let currency = try Self.reader.currency(refund.currency, field: "transaction.currency")
        return Mapping(actions: [
            .refund(RefundParameters(
                email: refund.account?.email, uid: refund.account?.code, eventID: refund.uuid ?? refund.id,
                amount: .exact(try Self.minorUnits(refund.amount, currency: currency, field: "transaction.amount")),
                currency: currency,
                saleEventID: original?.invoice?.number.map { Self.saleEventID(invoiceNumber: $0.text) },
                createdAt: try Self.reader.time(("collected_at", refund.collected_at), ("created_at", refund.created_at))?.date,
                customerID: refund.account?.code))
        ])
    }

    func cancellation(_ subscription: RecurlySubscription, type: String) throws -> Mapping {
        let account = subscription.account
        guard account?.code != nil || account?.email != nil else {
            return .ignored("subscription \(subscription.uuid) names no account; FirstPromoter needs a uid or email")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                email: account?.email, uid: account?.code, eventID: subscription.uuid,
                createdAt: try Self.reader.time(("canceled_at", subscription.canceled_at), ("expires_at", subscription.expires_at))?.date,
                customerID: account?.code))
        ])
    }

    static func uuidPath(_ collection: String, _ webhook: RecurlyWebhook) throws -> String {
        guard let uuid = webhook.uuid else { throw PayloadError("Recurly event: \(webhook.type) has no uuid") }
        return try APIPath.under("/\(collection)", id: "uuid-\(uuid)", field: "uuid")
    }

    /// MRR from a subscription line's service period, since invoices carry no plan interval:
    /// none without its dates (or for a period of no length); a date that is not one, or a
    /// period ending before it starts, is an error.
    static func monthly(_ amount: Int, from start: String?, to end: String?) throws -> Int? {
        guard let start = try reader.time(("line_items.start_date", start)), let end = try reader.time(("line_items.end_date", end))
        else { return nil }
        guard end >= start else { throw PayloadError("Recurly event: a line item's service period ends before it starts") }
        guard end > start else { return nil }
        let period = MonthlyRecurringRevenue.interval(spanningDays: start.days(until: end))
        return MonthlyRecurringRevenue.monthly(amount: amount, every: period.count, period.interval)
    }
}
