import Foundation

/// ISO 4217 facts the bridge needs about currencies.
public enum CurrencyCode {
    /// Currencies without a minor unit: FirstPromoter takes their amounts as whole units.
    public static let zeroDecimal: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND",
        "VUV", "XAF", "XOF", "XPF",
    ]

    /// Upper-cased, trimmed ISO code, or nil if it does not look like one.
    public static func normalized(_ code: String?) -> String? {
        guard let code = code?.trimmingCharacters(in: .whitespaces), code.count == 3,
            code.allSatisfy({ $0.isLetter && $0.isASCII })
        else { return nil }
        return code.uppercased()
    }
}
