/// A Maxio (formerly Chargify) webhook: a form body of `id` (the webhook's, kept on a retry or
/// replay), `event` and `payload[...]` fields in bracket notation, every value a string; an empty
/// value is absent. Times are `2016-11-08 16:22:20 -0500`; money is integer cents
/// (`amount_in_cents`).
struct MaxioWebhook: FormPayload {
    static let what = "Maxio webhook"
    static let reader = PayloadReader(what: what)

    let fields: [String: String]

    init(_ body: [UInt8]) throws {
        fields = try FormBody(body).fields
    }

    /// An `*_in_cents` field: an integer written in decimal digits, or an error naming it.
    func cents(_ name: String) throws -> Int {
        let text = try required(name)
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text) else {
            throw PayloadError("Maxio webhook: \(name) '\(text)' is not a whole number of cents")
        }
        return value
    }

    /// A `true`/`false` field; anything else is an error naming it.
    func flag(_ name: String) throws -> Bool? {
        switch self[name] {
        case nil: return nil
        case "true": return true
        case "false": return false
        case let other?: throw PayloadError("Maxio webhook: \(name) '\(other)' is not true or false")
        }
    }

    /// The first of `names` the payload has, as an RFC 3339 time (nil when it has none; an error
    /// naming the field when the first present one is not a time).
    func time(_ names: String...) throws -> PayloadTime? {
        for name in names {
            if let text = self[name] { return try Self.reader.time((name, PayloadDateText.rfc3339(text))) }
        }
        return nil
    }

    /// The subscription's customer as FirstPromoter knows it: the merchant's own `reference` for
    /// the customer (what the app's signup tracking usually sent as uid), else Maxio's id.
    var customer: (id: String?, uid: String?, email: String?) {
        let prefix = self["payload[subscription][customer][id]"] != nil ? "payload[subscription][customer]" : "payload[customer]"
        let id = self["\(prefix)[id]"]
        return (id, self["\(prefix)[reference]"] ?? id, self["\(prefix)[email]"])
    }
}
