/// Which of a Paddle Classic payment's figures a sale sends (`amount.basis` in
/// `mappings/paddle-classic.yaml`). Amounts are decimal strings in major units.
enum PaddleClassicAmountBasis: String, AmountBasisChoice {
    /// What the customer paid less its tax: `sale_gross - payment_tax`.
    case saleGrossExcludingTax = "sale_gross_excluding_tax"
    /// What the vendor earns, after tax and Paddle's fee (`earnings`).
    case earnings
    /// What the customer paid, tax included (`sale_gross`).
    case saleGross = "sale_gross"
}
