/// Which of Paddle's totals a sale (and a refund) sends (`amount.basis` in `mappings/paddle.yaml`).
enum PaddleAmountBasis: String, AmountBasisChoice {
    /// After discounts, before tax: `total - tax`.
    case totalExcludingTax = "total_excluding_tax"
    /// What the merchant earns: after discounts, tax and Paddle's fee (`earnings`), as
    /// FirstPromoter's "exclude Paddle's fees" option does.
    case earnings
    /// Before discounts and tax.
    case subtotal
    /// What was charged, tax included (`grand_total`, else `total`).
    case grandTotal = "grand_total"

    func amount(of totals: PaddleTotals, what: String) throws -> Int {
        switch self {
        case .totalExcludingTax:
            let total = try PaddleAmount.read(totals.total, "\(what).total")
            let tax = try PaddleAmount.read(totals.tax, "\(what).tax")
            let (excluding, overflow) = total.subtractingReportingOverflow(tax)
            guard !overflow else { throw PayloadError("\(what): total minus tax does not fit") }
            return excluding
        case .earnings: return try PaddleAmount.read(totals.earnings, "\(what).earnings")
        case .subtotal: return try PaddleAmount.read(totals.subtotal, "\(what).subtotal")
        case .grandTotal: return try PaddleAmount.read(totals.grand_total ?? totals.total, "\(what).grand_total")
        }
    }
}

/// Paddle's money: a string of whole minor units. Anything else is an error naming the field.
enum PaddleAmount {
    static func read(_ text: String?, _ field: String) throws -> Int {
        guard let text else { throw PayloadError("\(field) is missing") }
        guard let value = Int(text) else { throw PayloadError("\(field) '\(text)' is not a whole number of minor units") }
        return value
    }
}
