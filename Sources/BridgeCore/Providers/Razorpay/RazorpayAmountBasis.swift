/// Which of a Razorpay payment's figures a sale sends (`amount.basis` in `mappings/razorpay.yaml`).
enum RazorpayAmountBasis: String, AmountBasisChoice {
    /// The payment's share of its invoice without the invoice's tax (`tax_amount`); a payment with
    /// no invoice in its event as it was paid.
    case totalExcludingTax = "total_excluding_tax"
    /// What the payment charged, tax included.
    case amountPaid = "amount_paid"
}
