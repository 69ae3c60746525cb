/// Integer arithmetic on amounts in minor units. Money never passes through a floating-point type.
public enum MinorUnits {
    /// `value × numerator ÷ denominator`, rounded half away from zero.
    public static func scale(_ value: Int, by numerator: Int, over denominator: Int) -> Int {
        precondition(denominator != 0, "scale over zero")
        let product = value.multipliedFullWidth(by: numerator)
        let (quotient, remainder) = denominator.dividingFullWidth(product)
        // Compare |2·remainder| with |denominator| without overflow.
        let twiceRemainder = remainder.magnitude * 2
        guard twiceRemainder >= denominator.magnitude else { return quotient }
        let negative = (remainder < 0) != (denominator < 0)
        return negative ? quotient - 1 : quotient + 1
    }
}
