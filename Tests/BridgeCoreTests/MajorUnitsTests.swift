import BridgeCore
import Testing

/// Decimal major units to exact minor units, by the currency's exponent, with no floating point.
@Suite struct MajorUnitsTests {
    @Test(arguments: [
        ("49.99", "USD", 4999), ("49.9", "USD", 4990), ("49", "USD", 4900), (".5", "USD", 50), ("0.01", "EUR", 1),
        ("1000", "JPY", 1000), ("1000.00", "JPY", 1000), ("1.5", "KWD", 1500), ("1.234", "BHD", 1234),
        ("10.500", "USD", 1050), ("-3.10", "USD", -310), ("+7", "GBP", 700), (" 12.00 ", "USD", 1200),
        ("92233720368547758.07", "USD", Int.max),
    ])
    func exactAmounts(_ text: String, _ currency: String, _ expected: Int) throws {
        #expect(try MajorUnits.minorUnits(text, currency: currency) == expected)
    }

    @Test(arguments: [
        ("4.999", "USD", MajorUnits.ParseError.tooManyDecimals("4.999", currency: "USD", exponent: 2)),
        ("1000.5", "JPY", .tooManyDecimals("1000.5", currency: "JPY", exponent: 0)),
        ("1e3", "USD", .notADecimal("1e3")), ("", "USD", .notADecimal("")), (".", "USD", .notADecimal(".")),
        ("1.2.3", "USD", .notADecimal("1.2.3")), ("١٢", "USD", .notADecimal("١٢")),
        ("92233720368547758.08", "USD", .tooLarge("92233720368547758.08")),
    ])
    func badAmountsAreNamed(_ text: String, _ currency: String, _ expected: MajorUnits.ParseError) {
        #expect(throws: expected) { try MajorUnits.minorUnits(text, currency: currency) }
    }
}
