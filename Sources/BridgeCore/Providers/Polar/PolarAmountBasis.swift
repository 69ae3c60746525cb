/// Which of a Polar order's amounts a sale sends (`amount.basis` in `mappings/polar.yaml`).
enum PolarAmountBasis: String, AmountBasisChoice {
    /// After discounts, before tax (`net_amount`).
    case netAmount = "net_amount"
    /// What was charged, tax included (`total_amount`).
    case totalAmount = "total_amount"
}
