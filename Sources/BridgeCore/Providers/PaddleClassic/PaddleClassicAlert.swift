import Foundation

/// A Paddle Classic alert: form fields, every value a string. Money is decimal text in major
/// units (`sale_gross=10.00`); `event_time` is `YYYY-MM-DD HH:MM:SS` in UTC.
struct PaddleClassicAlert: FormPayload {
    static let what = "Paddle Classic alert"

    let fields: [String: String]

    init(_ body: [UInt8]) throws {
        fields = try FormBody(body).fields
    }

    /// A `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DD`) field as an RFC 3339 time, UTC.
    static func rfc3339(_ text: String?) -> String? {
        text.map(PayloadDateText.rfc3339)
    }

    /// The merchant's `passthrough`, when it is a JSON object (where FirstPromoter's tid is put at
    /// checkout); any other text carries no keys.
    var passthrough: [String: String] {
        get throws {
            guard let text = self["passthrough"], text.hasPrefix("{") else { return [:] }
            return try PayloadReader(what: Self.what).decode(LooseStrings.self, from: Array(text.utf8)).values
        }
    }
}
