import Foundation

/// One event of a declared provider to FirstPromoter actions, through its file's paths. Pure.
struct DeclaredMapper {
    let spec: DeclaredProviderSpec
    let rules: MappingRules
    let payload: DeclaredPayload

    func map() throws -> Mapping {
        guard let type = try spec.eventType.text(payload) else { throw PayloadError("\(payload.what): \(spec.eventType.whereLooked) is missing") }
        if rules.testMode == .ignore, let test = spec.testWhen.first(where: { $0.holds(in: payload) }) {
            return .ignored("test-mode event (\(test.path): \(payload.tree[test.path]?.text ?? "absent")); \(spec.file) has test_mode: ignore")
        }
        guard let kind = rules.action(forEventType: type), let action = spec.actions[kind] else {
            return .ignored("\(type) is not routed to a FirstPromoter call in \(spec.file)")
        }
        if let unmet = action.onlyIf.first(where: { !$0.holds(in: payload) }) {
            return .ignored("\(type): \(unmet.reason(in: payload)), so not a \(kind.rawValue) (\(kind.rawValue).only_if)")
        }
        switch kind {
        case .sale: return try sale(action, type: type)
        case .refund: return try refund(action)
        default: return try cancellation(action)
        }
    }

    func currency(_ action: DeclaredAction) throws -> String? {
        guard let value = action.currency, let text = try value.text(payload) else { return nil }
        guard let code = CurrencyCode.normalized(text) else {
            throw PayloadError("\(payload.what): \(value.whereLooked) '\(text.prefix(20))' is not an ISO 4217 code")
        }
        if let decimals = action.currencyDecimals, !decimals.contains(CurrencyCode.exponent(of: code)) {
            throw PayloadError(
                "\(payload.what): \(code) has \(CurrencyCode.exponent(of: code)) decimals; \(spec.file) takes amounts only in "
                    + "currencies with \(decimals.map(String.init).joined(separator: " or ")) (\(value.key))")
        }
        return code
    }

    func required(_ amount: DeclaredAmount?, currency: String?) throws -> Int {
        guard let amount, let value = try amount.minorUnits(payload, currency: currency) else {
            throw PayloadError("\(payload.what): the amount is missing")
        }
        return value
    }

    func sale(_ action: DeclaredAction, type: String) throws -> Mapping {
        guard let eventID = try action.eventID.text(payload) else { throw PayloadError("\(payload.what): event_id is missing") }
        let what = "\(type) \(eventID)"
        let currency = try currency(action)
        let amount = try required(action.amount, currency: currency)
        if let reason = SalePolicy.reasonToSkip(amount: amount, of: what, rules: rules) { return .ignored(reason) }
        let referral = rules.referral(referralValue(action))
        let customerID = try action.customerID?.text(payload)
        let email = try action.email?.text(payload)
        if let reason = SalePolicy.reasonToSkip(uid: referral.uid ?? customerID, email: email, of: what) { return .ignored(reason) }
        let sale = SaleParameters(
            email: email, uid: referral.uid ?? customerID, eventID: eventID, amount: amount,
            plan: rules.plan(for: try action.plan?.text(payload)), currency: currency,
            mrr: try monthly(amount, action).map { .known($0) }, subscriptionID: try action.subscriptionID?.text(payload),
            createdAt: try action.createdAt?.time(payload)?.date, tid: referral.tid, refID: referral.refID, customerID: customerID,
            charged: try action.charged?.minorUnits(payload, currency: currency))
        return Mapping(actions: [.sale(sale)])
    }

    /// The referral key's value in the first of the action's objects that has it as text.
    func referralValue(_ action: DeclaredAction) -> (String) -> String? {
        { key in
            for path in action.referral {
                guard case .object(let members)? = payload.tree[path], let text = members[key]?.text, !text.isEmpty else { continue }
                return text
            }
            return nil
        }
    }

    func monthly(_ amount: Int, _ action: DeclaredAction) throws -> Int? {
        guard let intervalValue = action.mrrInterval, let text = try intervalValue.text(payload) else { return nil }
        // "month", or "3 month" from a table.
        let words = text.split(separator: " ")
        var count = try action.mrrCount?.integer(payload) ?? 1
        let unitText: Substring
        switch words.count {
        case 1: unitText = words[0]
        case 2 where Int(words[0]) != nil:
            guard let factor = Int(words[0]), let product = MinorUnits.product(count, factor) else {
                throw PayloadError("\(payload.what): \(intervalValue.key) '\(text)' does not fit")
            }
            count = product
            unitText = words[1]
        default: unitText = ""
        }
        let singular = unitText.hasSuffix("s") ? unitText.dropLast() : unitText
        guard let unit = BillingInterval(rawValue: String(singular)) else {
            throw PayloadError("\(payload.what): \(intervalValue.whereLooked) '\(text.prefix(40))' is not day, week, month or year (\(intervalValue.key))")
        }
        guard count > 0 else { throw PayloadError("\(payload.what): \(intervalValue.key) counts \(count) \(unit.rawValue)s") }
        return MonthlyRecurringRevenue.monthly(amount: amount, every: count, unit)
    }

    func refund(_ action: DeclaredAction) throws -> Mapping {
        guard let eventID = try action.eventID.text(payload) else { throw PayloadError("\(payload.what): event_id is missing") }
        let currency = try currency(action)
        let amount = try required(action.amount, currency: currency)
        let saleEventID = try action.saleEventID?.text(payload)
        let customerID = try action.customerID?.text(payload)
        let refundAmount: RefundAmount
        var facts: [Fact] = []
        switch action.refundAmount {
        case .refunded: refundAmount = .exact(amount)
        case .taxFree: refundAmount = .taxFree(amount)
        case .cumulative:
            guard let saleEventID else { throw PayloadError("\(payload.what): a cumulative refund needs its sale_event_id") }
            refundAmount = .cumulative(paymentID: saleEventID, total: amount)
            facts = [.refundedTotal(paymentID: saleEventID, total: amount)]
        }
        return Mapping(
            actions: [
                .refund(RefundParameters(
                    email: try action.email?.text(payload), uid: customerID, eventID: eventID, amount: refundAmount,
                    currency: currency, saleEventID: saleEventID, createdAt: try action.createdAt?.time(payload)?.date,
                    customerID: customerID, what: action.what ?? "refund"))
            ], facts: facts)
    }

    func cancellation(_ action: DeclaredAction) throws -> Mapping {
        guard let eventID = try action.eventID.text(payload) else { throw PayloadError("\(payload.what): event_id is missing") }
        let customerID = try action.customerID?.text(payload)
        let email = try action.email?.text(payload)
        guard customerID != nil || email != nil else {
            return .ignored("cancellation \(eventID) names no customer or email; FirstPromoter needs one")
        }
        return Mapping(actions: [
            .cancellation(CancellationParameters(
                email: email, uid: customerID, eventID: eventID, createdAt: try action.createdAt?.time(payload)?.date,
                customerID: customerID))
        ])
    }
}
