/// Which of a Braintree transaction's figures a sale sends (`amount.basis` in `mappings/braintree.yaml`).
enum BraintreeAmountBasis: String, AmountBasisChoice {
    /// The amount less its `tax-amount`.
    case amountExcludingTax = "amount_excluding_tax"
    /// What was charged, tax included.
    case amount
}
