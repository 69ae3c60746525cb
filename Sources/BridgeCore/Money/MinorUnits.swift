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

    /// The sum, or nil if it does not fit: a payload's numbers are untrusted.
    public static func sum(_ values: [Int]) -> Int? {
        var total = 0
        for value in values {
            let (next, overflow) = total.addingReportingOverflow(value)
            if overflow { return nil }
            total = next
        }
        return total
    }

    /// The product, or nil if it does not fit.
    public static func product(_ a: Int, _ b: Int) -> Int? {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : result
    }
}
