import Foundation

/// ISO 4217 facts the bridge needs about currencies.
public enum CurrencyCode {
    /// Currencies without a minor unit: FirstPromoter takes their amounts as whole units.
    public static let zeroDecimal: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND",
        "VUV", "XAF", "XOF", "XPF",
    ]

    /// Currencies with three minor digits (ISO 4217 exponent 3).
    public static let threeDecimal: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

    /// Digits after the decimal point in a major-unit amount (ISO 4217's exponent): 0, 2 or 3.
    public static func exponent(of code: String) -> Int {
        zeroDecimal.contains(code) ? 0 : threeDecimal.contains(code) ? 3 : 2
    }

    /// Upper-cased, trimmed ISO code, or nil if it does not look like one.
    public static func normalized(_ code: String?) -> String? {
        guard let code = code?.trimmingCharacters(in: .whitespaces), code.count == 3,
            code.allSatisfy({ $0.isLetter && $0.isASCII })
        else { return nil }
        return code.uppercased()
    }
}
