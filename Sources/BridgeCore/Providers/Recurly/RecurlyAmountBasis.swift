/// Which of a Recurly invoice's figures a sale sends (`amount.basis` in `mappings/recurly.yaml`).
enum RecurlyAmountBasis: String, AmountBasisChoice {
    /// The invoice's total less its tax.
    case totalExcludingTax = "total_excluding_tax"
    /// What was charged, tax included.
    case total
}
