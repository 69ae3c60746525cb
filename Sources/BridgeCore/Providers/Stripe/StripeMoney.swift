/// Stripe amounts to FirstPromoter minor units. Stripe already sends zero-decimal currencies
/// (JPY, KRW, ...) as whole units, but sends ISK and UGX, which have no minor unit either, as
/// multiples of 100 for backward compatibility: those are divided by 100.
enum StripeMoney {
    static let sentAsTwoDecimal: Set<String> = ["ISK", "UGX"]

    static func minorUnits(_ stripeAmount: Int, currency: String) -> Int {
        sentAsTwoDecimal.contains(currency) ? MinorUnits.divide(stripeAmount, by: 100) : stripeAmount
    }
}
