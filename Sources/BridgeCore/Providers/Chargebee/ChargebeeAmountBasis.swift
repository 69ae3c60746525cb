/// Which of a Chargebee payment's figures a sale sends (`amount.basis` in `mappings/chargebee.yaml`).
enum ChargebeeAmountBasis: String, AmountBasisChoice {
    /// The payment's share of its invoice without tax.
    case totalExcludingTax = "total_excluding_tax"
    /// What the transaction charged, tax included.
    case amountPaid = "amount_paid"
}
