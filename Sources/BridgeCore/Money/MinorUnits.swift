/// Integer arithmetic on amounts in minor units. Money never passes through a floating-point type.
public enum MinorUnits {
    /// `value × numerator ÷ denominator`, rounded half away from zero, computed in full width so
    /// the product cannot overflow; nil when the result does not fit in an `Int` (or the
    /// denominator is 0). Payload numbers are untrusted: no input traps.
    public static func scale(_ value: Int, by numerator: Int, over denominator: Int) -> Int? {
        guard denominator != 0 else { return nil }
        let negative = ((value < 0) != (numerator < 0)) != (denominator < 0) && value != 0 && numerator != 0
        let product = value.magnitude.multipliedFullWidth(by: numerator.magnitude)
        let divisor = denominator.magnitude
        // The quotient fits in 64 bits only when the high half is below the divisor.
        guard product.high < divisor else { return nil }
        var (magnitude, remainder) = divisor.dividingFullWidth(product)
        if remainder >= divisor - remainder {
            let (rounded, overflow) = magnitude.addingReportingOverflow(1)
            guard !overflow else { return nil }
            magnitude = rounded
        }
        if negative {
            guard magnitude <= UInt(Int.max) + 1 else { return nil }
            return magnitude == UInt(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt(Int.max) else { return nil }
        return Int(magnitude)
    }

    /// `value ÷ divisor` rounded half away from zero, for a positive divisor: always fits.
    public static func divide(_ value: Int, by divisor: Int) -> Int {
        precondition(divisor > 0, "divide by a positive constant")
        let quotient = value / divisor
        let remainder = value % divisor
        guard remainder.magnitude * 2 >= UInt(divisor) else { return quotient }
        return value < 0 ? quotient - 1 : quotient + 1
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

    /// `a − b`, or nil if it does not fit.
    public static func difference(_ a: Int, _ b: Int) -> Int? {
        let (result, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? nil : result
    }

    /// The product, or nil if it does not fit.
    public static func product(_ a: Int, _ b: Int) -> Int? {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : result
    }
}
