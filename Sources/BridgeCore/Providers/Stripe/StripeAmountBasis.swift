/// Which of an invoice's amounts a sale sends (`amount.basis` in `mappings/stripe.yaml`).
enum StripeAmountBasis: String, AmountBasisChoice {
    /// What was paid without its tax: `total_excluding_tax` for an invoice paid in full; for one
    /// partly paid from the customer's credit balance, the paid share of it, in proportion.
    case paidExcludingTax = "paid_excluding_tax"
    /// After discounts, before tax, whatever was paid.
    case totalExcludingTax = "total_excluding_tax"
    /// Before invoice-level discounts and tax.
    case subtotal
    /// What was charged, tax included.
    case amountPaid = "amount_paid"

    /// The amount in Stripe's units, or a `PayloadError` naming the missing field.
    func amount(of invoice: StripeInvoice) throws -> Int {
        switch self {
        case .amountPaid:
            return try require(invoice.amount_paid, "amount_paid")
        case .subtotal:
            return try require(invoice.subtotal_excluding_tax ?? invoice.subtotal, "subtotal")
        case .totalExcludingTax:
            return try totalExcludingTax(invoice)
        case .paidExcludingTax:
            let excluding = try totalExcludingTax(invoice)
            let paid = try require(invoice.amount_paid, "amount_paid")
            let total = try require(invoice.total, "total")
            guard total > 0, paid < total else { return paid <= 0 ? 0 : excluding }
            guard let share = MinorUnits.scale(excluding, by: paid, over: total) else {
                throw PayloadError("invoice: total_excluding_tax × amount_paid ÷ total does not fit")
            }
            return share
        }
    }

    private func totalExcludingTax(_ invoice: StripeInvoice) throws -> Int {
        if let excluding = invoice.total_excluding_tax { return excluding }
        // Payloads without it: total minus the tax, from whichever field this API version has.
        let total = try require(invoice.total, "total_excluding_tax (or total)")
        guard let taxes = invoice.tax.map({ [$0] }) ?? invoice.total_taxes?.map(\.amount) ?? invoice.total_tax_amounts?.map(\.amount) else {
            throw PayloadError("invoice has no total_excluding_tax, tax, total_taxes or total_tax_amounts: its tax is unknown")
        }
        guard let tax = MinorUnits.sum(taxes), let excluding = MinorUnits.difference(total, tax) else {
            throw PayloadError("invoice: total \(total) less its tax (\(taxes.map(String.init).joined(separator: " + "))) does not fit")
        }
        return excluding
    }

    private func require(_ value: Int?, _ field: String) throws -> Int {
        guard let value else { throw PayloadError("invoice has no \(field), needed for amount basis \(rawValue)") }
        return value
    }
}
