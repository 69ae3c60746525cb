/// Which of a Maxio payment's figures a sale sends (`amount.basis` in `mappings/maxio.yaml`).
/// A payment webhook carries the payment, after discounts, and does not itemize its tax.
enum MaxioAmountBasis: String, AmountBasisChoice {
    /// The payment, where the site charges no tax on it: a payment for a taxable product (and a
    /// customer not exempt) fails, naming the field, rather than send tax as revenue.
    case payment
    /// The payment as charged, tax included, taxable or not.
    case paymentIncludingTax = "payment_including_tax"
}
