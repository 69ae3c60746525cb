import Foundation

/// Amounts that providers send in major units as decimal text ("49.99" USD, Braintree's and
/// Recurly's way), read into exact integer minor units by the currency's exponent. No floating
/// point: the digits are read one by one, with checked arithmetic.
public enum MajorUnits {
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case notADecimal(String)
        case tooManyDecimals(String, currency: String, exponent: Int)
        case tooLarge(String)

        public var description: String {
            switch self {
            case .notADecimal(let text): "'\(text)' is not a decimal amount"
            case .tooManyDecimals(let text, let currency, let exponent):
                "'\(text)' has more than \(exponent) decimal places, which \(currency) does not have"
            case .tooLarge(let text): "'\(text)' is too large"
            }
        }
    }

    /// "49.99" USD → 4999; "1000" JPY → 1000; "1.5" KWD → 1500; "-3.10" → -310. Trailing zeros
    /// past the exponent are accepted ("10.500" USD → 1050), other digits there are an error.
    public static func minorUnits(_ text: String, currency: String) throws(ParseError) -> Int {
        let exponent = CurrencyCode.exponent(of: currency)
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        let negative = digits.first == "-"
        if negative || digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty || parts.count == 2,
            whole.allSatisfy(\.isASCIIDigit), parts.count == 1 || parts[1].allSatisfy(\.isASCIIDigit),
            !(whole.isEmpty && parts[1].isEmpty)
        else { throw .notADecimal(text) }
        var fraction = parts.count == 2 ? parts[1] : ""
        while fraction.count > exponent, fraction.last == "0" { fraction = fraction.dropLast() }
        guard fraction.count <= exponent else { throw .tooManyDecimals(text, currency: currency, exponent: exponent) }
        let padded = fraction + String(repeating: "0", count: exponent - fraction.count)
        var value = 0
        for character in whole + padded {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.addingReportingOverflow(Int(character.asciiValue! - 48))
            guard !overflow1, !overflow2 else { throw .tooLarge(text) }
            value = next
        }
        return negative ? -value : value
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
