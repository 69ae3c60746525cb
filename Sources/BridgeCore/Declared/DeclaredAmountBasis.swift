/// A declared provider's one amount basis: the amount is where its file says (`sale.amount`).
enum DeclaredAmountBasis: String, AmountBasisChoice {
    case asDeclared = "as_declared"
}
