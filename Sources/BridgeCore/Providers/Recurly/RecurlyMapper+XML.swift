import Foundation

/// XML notifications: the root element is the notification's name; amounts are integer cents.
extension RecurlyMapper {
    func notification(_ body: [UInt8]) throws -> (type: String, RecurlyXMLNotification) {
        let decoded = try Self.reader.decodeXML([String: RecurlyXMLNotification].self, from: body)
        guard decoded.count == 1, let (type, notification) = decoded.first else {
            throw PayloadError("Recurly notification: expected one root element")
        }
        return (type, notification)
    }

    func mapXML(_ body: [UInt8], rules: MappingRules) throws -> Mapping {
        let (type, notification) = try notification(body)
        let account = notification.account.map { RecurlyAccount(code: $0.account_code.nonEmpty, email: $0.email.nonEmpty) }
        switch rules.action(forEventType: type) {
        case .sale:
            guard let invoice = notification.invoice else { break }
            return try sale(invoice, account: account, type: type, rules: rules)
        case .refund:
            guard let transaction = notification.transaction else { break }
            return try refund(transaction, account: account, type: type)
        case .cancellation:
            guard let subscription = notification.subscription else { break }
            guard account?.code != nil || account?.email != nil else {
                return .ignored("subscription \(subscription.uuid) names no account; FirstPromoter needs a uid or email")
            }
            return Mapping(actions: [
                .cancellation(CancellationParameters(
                    email: account?.email, uid: account?.code, eventID: subscription.uuid,
                    createdAt: try Self.reader.time(("canceled_at", subscription.canceled_at), ("expires_at", subscription.expires_at))?.date,
                    customerID: account?.code))
            ])
        default:
            return Self.ignoredKind(type)
        }
        return .ignored("\(type) carries no invoice, transaction or subscription to map")
    }

    func sale(_ invoice: RecurlyXMLInvoice, account: RecurlyAccount?, type: String, rules: MappingRules) throws -> Mapping {
        guard let number = invoice.invoice_number else { throw PayloadError("Recurly notification: invoice.invoice_number is missing") }
        let what = "invoice \(number)"
        // A paid charge invoice is told by the notification's kind (its state may still read
        // pending); a legacy closed invoice is a sale only when collected.
        if type == "closed_invoice_notification", invoice.state != "collected" {
            return .ignored("\(what) closed \(invoice.state ?? "without a state"), not collected")
        }
        let currency = try Self.reader.currency(invoice.currency, field: "invoice.currency")
        guard let total = invoice.total_in_cents else { throw PayloadError("Recurly notification: invoice.total_in_cents is missing") }
        // Absent means zero: legacy closed invoices carry no tax_in_cents, and the total is sent
        // (fixture closed_invoice_notification).
        let amount = try Self.amount(total: total, tax: invoice.tax_in_cents, rules: rules, of: what)
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        if let reason = SalePolicy.reasonToSkip(uid: account?.code, email: account?.email, of: what) { return .ignored(reason) }
        return Mapping(actions: [
            .sale(SaleParameters(
                email: account?.email, uid: account?.code, eventID: Self.saleEventID(invoiceNumber: String(number)), amount: amount,
                currency: currency, subscriptionID: invoice.subscription_ids?.first ?? invoice.subscription_id,
                createdAt: try Self.reader.time(("invoice.closed_at", invoice.closed_at), ("invoice.date", invoice.date))?.date,
                customerID: account?.code, charged: total))
        ])
    }

    func refund(_ transaction: RecurlyXMLTransaction, account: RecurlyAccount?, type: String) throws -> Mapping {
        guard transaction.status == nil || transaction.status == "success" || type == "void_payment_notification" else {
            return .ignored("transaction \(transaction.id) is \(transaction.status ?? "?"): nothing was refunded")
        }
        guard let amount = transaction.amount_in_cents else {
            throw PayloadError("Recurly notification: transaction.amount_in_cents is missing")
        }
        return Mapping(actions: [
            .refund(RefundParameters(
                email: account?.email, uid: account?.code, eventID: transaction.id, amount: .exact(amount),
                saleEventID: transaction.invoice_number.map { Self.saleEventID(invoiceNumber: String($0)) },
                createdAt: try Self.reader.time(("transaction.date", transaction.date))?.date, customerID: account?.code,
                what: type == "void_payment_notification" ? "voided payment" : "refund"))
        ])
    }
}

extension Optional where Wrapped == String {
    /// Recurly writes absent values as empty elements: those are nil.
    fileprivate var nonEmpty: String? { self.flatMap { $0.isEmpty ? nil : $0 } }
}
