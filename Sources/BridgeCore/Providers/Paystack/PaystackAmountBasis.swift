/// Which of a Paystack charge's figures a sale sends (`amount.basis` in `mappings/paystack.yaml`).
/// Paystack's charges carry no tax or discount of their own: the amount paid is the one choice.
enum PaystackAmountBasis: String, AmountBasisChoice {
    case amountPaid = "amount_paid"
}
