import Foundation

/// What every mapper does with a payload before its own logic, written once: decode it (an error
/// names the path of the field that is missing or wrong) and check its currency code.
struct PayloadReader: Sendable {
    /// "Stripe event": how errors name the payload.
    let what: String

    func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw PayloadError.decoding(error, what: what)
        }
    }

    /// XML read as JSON (`XMLTree.json`), then decoded the same way, so errors name the field.
    func decodeXML<T: Decodable>(_ type: T.Type, from xml: [UInt8]) throws -> T {
        let json: [UInt8]
        do {
            json = try XMLTreeParser.parse(xml).json()
        } catch {
            throw PayloadError("\(what): \(error)")
        }
        return try decode(T.self, from: json)
    }

    /// Major-unit decimal text ("49.99") as minor units of the currency, or an error naming the field.
    func minorUnits(_ text: String?, currency: String, field: String) throws -> Int {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw PayloadError("\(what): \(field) is missing") }
        do {
            return try MajorUnits.minorUnits(text, currency: currency)
        } catch {
            throw PayloadError("\(what): \(field): \(error)")
        }
    }

    /// The first of `candidates` the payload has (an empty string counts as absent, as XML's
    /// empty elements are), read as an RFC 3339 time; nil when it has none. The first present one
    /// that is not a time is an error naming its field: never dropped, and no later one is read
    /// in its place.
    func time(_ candidates: (field: String, text: String?)...) throws -> PayloadTime? {
        guard let (field, text) = candidates.lazy.compactMap({ field, text in text.flatMap { $0.isEmpty ? nil : (field, $0) } }).first
        else { return nil }
        guard let time = PayloadTime.rfc3339(text) else { throw PayloadError("\(what): \(field) '\(text)' is not an RFC 3339 time") }
        return time
    }

    /// A field that changes the money (a tax, a discount), which the payload must have: absent is
    /// an error naming it, never a zero. Providers whose payloads may lack one read it with `?? 0`
    /// under a comment saying "absent means zero", shown by a fixture (README, "Money").
    func money<Value>(_ value: Value?, _ field: String, of subject: String) throws -> Value {
        guard let value else { throw PayloadError("\(what): \(subject): \(field) is missing, and it changes the amount") }
        return value
    }

    /// The monthly value of `amount` billed every `count` (absent: 1) `unit`s, the unit as a
    /// payload names it (day, week, month or year); nil without a unit, an error naming the field
    /// for any other.
    func monthly(_ amount: Int, every count: Int?, unit: String?, field: String) throws -> Int? {
        guard let unit else { return nil }
        guard let interval = BillingInterval(rawValue: unit) else {
            throw PayloadError("\(what): \(field) '\(unit)' is not day, week, month or year")
        }
        return MonthlyRecurringRevenue.monthly(amount: amount, every: count ?? 1, interval)
    }

    /// The upper-case ISO 4217 code, or an error naming the field and the value.
    func currency(_ code: String?, field: String) throws -> String {
        guard let normalized = CurrencyCode.normalized(code) else {
            throw PayloadError("\(what): \(field) '\(code ?? "")' is not an ISO 4217 code")
        }
        return normalized
    }
}

extension MappingRules {
    /// FirstPromoter's referral fields under the mapping file's keys (`referral.tid`, `ref_id`,
    /// `uid`), read through `value` from wherever a provider keeps the merchant's data. Empty
    /// values count as absent.
    func referral(_ value: (String) -> String?) -> CustomerRecord {
        func read(_ key: String?) -> String? { key.flatMap(value).flatMap { $0.isEmpty ? nil : $0 } }
        return CustomerRecord(tid: read(tidKey), refID: read(refIDKey), uid: read(uidKey))
    }
}
