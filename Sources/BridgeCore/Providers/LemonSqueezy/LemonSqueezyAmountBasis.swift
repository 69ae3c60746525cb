/// Which of a Lemon Squeezy order's or invoice's figures a sale sends (`amount.basis` in
/// `mappings/lemonsqueezy.yaml`).
enum LemonSqueezyAmountBasis: String, AmountBasisChoice {
    /// The subtotal less its discount, and less the tax where prices include it.
    case subtotalExcludingTax = "subtotal_excluding_tax"
    /// What was charged, tax included.
    case total
}
