/// Which of a FastSpring order's amounts a sale sends (`amount.basis` in `mappings/fastspring.yaml`).
enum FastSpringAmountBasis: String, AmountBasisChoice {
    /// After discounts, before tax: `total - tax`.
    case totalExcludingTax = "total_excluding_tax"
    /// What was charged, tax included (`total`).
    case total
}
