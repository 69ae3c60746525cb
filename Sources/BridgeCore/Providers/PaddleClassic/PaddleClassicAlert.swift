import Foundation

/// A Paddle Classic alert: form fields, every value a string. Money is decimal text in major
/// units (`sale_gross=10.00`); `event_time` is `YYYY-MM-DD HH:MM:SS` in UTC.
struct PaddleClassicAlert {
    let fields: [String: String]

    init(_ body: [UInt8]) throws {
        fields = try FormBody(body).fields
    }

    subscript(_ name: String) -> String? {
        fields[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func required(_ name: String) throws -> String {
        guard let value = self[name] else { throw PayloadError("Paddle Classic alert: \(name) is missing") }
        return value
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
            return try PayloadReader(what: "Paddle Classic alert").decode(LooseStrings.self, from: Array(text.utf8)).values
        }
    }
}
