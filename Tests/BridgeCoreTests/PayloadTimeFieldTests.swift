import BridgeCore
import Foundation
import TestFixtures
import Testing

/// A time a payload has but that is not one fails the event naming the field: it is never
/// dropped (a sale's date left out, an MRR silently missing).
struct PayloadTimeFieldTests {
    /// The fixture's JSON with one field replaced, at a path of keys and array indexes.
    static func replacing(_ path: [Any], in object: Any, with value: Any) -> Any {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        if let key = first as? String, var dictionary = object as? [String: Any] {
            dictionary[key] = replacing(rest, in: dictionary[key] as Any, with: value)
            return dictionary
        }
        if let index = first as? Int, var array = object as? [Any] {
            array[index] = replacing(rest, in: array[index], with: value)
            return array
        }
        Issue.record("no \(first) in the fixture")
        return object
    }

    /// Maps a fixture of `provider` (with the API documents of its lookups file) after `change`.
    static func map(
        _ provider: ProviderID, _ fixture: String, changingBody: ((Any) -> Any)? = nil, changingDocuments: ((Any) -> Any)? = nil
    ) throws -> Mapping {
        let definition = try #require(ProviderRegistry.definition(for: provider))
        let mapper = definition.make(ProviderCredentials(values: ["API_KEY": ["key"], "WEBHOOK_SECRET": ["secret"]]))
        var body = try Fixtures.bytes(provider.rawValue, "\(fixture).json")
        if let changingBody {
            body = Array(try JSONSerialization.data(withJSONObject: changingBody(try JSONSerialization.jsonObject(with: Data(body)))))
        }
        var event = ProviderEvent(body: body, headers: WebhookHeaders(["Content-Type": "application/json"]))
        if Fixtures.exists(provider.rawValue, "\(fixture).lookups.json") {
            var documents = try Fixtures.json(provider.rawValue, "\(fixture).lookups.json")
            if let changingDocuments { documents = changingDocuments(documents) }
            for (path, document) in try #require(documents as? [String: Any]) {
                event.fetched[path] = Array(try JSONSerialization.data(withJSONObject: document))
            }
        }
        return try mapper.map(event, rules: definition.schema.defaults)
    }

    static func expectFailure(naming field: String, _ mapping: () throws -> Mapping) {
        #expect {
            _ = try mapping()
        } throws: { error in
            (error as? PayloadError)?.description.contains(field) == true && "\(error)".contains("'last tuesday'")
        }
    }

    @Test func paddleSaleWithABilledAtThatIsNotATime() throws {
        // Untouched, the fixture maps to a sale: the change alone makes it fail.
        _ = try Self.map("paddle", "transaction.completed.subscription")
        Self.expectFailure(naming: "billed_at") {
            try Self.map("paddle", "transaction.completed.subscription") { Self.replacing(["data", "billed_at"], in: $0, with: "last tuesday") }
        }
    }

    @Test func lemonSqueezyCancellationWithAnUpdatedAtThatIsNotATime() throws {
        _ = try Self.map("lemonsqueezy", "subscription_cancelled")
        Self.expectFailure(naming: "updated_at") {
            try Self.map("lemonsqueezy", "subscription_cancelled") {
                Self.replacing(["data", "attributes", "updated_at"], in: $0, with: "last tuesday")
            }
        }
    }

    /// Recurly's MRR comes from the line's service period: a bad date used to leave the sale
    /// without an MRR, silently.
    @Test func recurlySaleWithAServicePeriodThatIsNotATime() throws {
        let untouched = try Self.map("recurly", "charge_invoice.paid")
        guard case .sale(let sale) = try #require(untouched.actions.first) else { Issue.record("\(untouched)"); return }
        #expect(sale.mrr != nil)
        Self.expectFailure(naming: "line_items.start_date") {
            try Self.map("recurly", "charge_invoice.paid", changingDocuments: {
                Self.replacing(["/invoices/number-1001", "line_items", 0, "start_date"], in: $0, with: "last tuesday")
            })
        }
    }

    /// Braintree's MRR comes from the billing period's dates, inside the base64 XML of a form.
    @Test func braintreeSaleWithABillingPeriodEndThatIsNotADate() throws {
        let definition = try #require(ProviderRegistry.definition(for: "braintree"))
        let provider = definition.make(ProviderCredentials())
        func map(replacing old: String, with new: String) throws -> Mapping {
            let form = String(decoding: try Fixtures.bytes("braintree", "subscription_charged_successfully.form"), as: UTF8.self)
            var fields = try #require(URLComponents(string: "?" + form.trimmingCharacters(in: .whitespacesAndNewlines))?.queryItems)
            let index = try #require(fields.firstIndex { $0.name == "bt_payload" })
            let xml = String(decoding: try #require(Data(base64Encoded: fields[index].value ?? "", options: .ignoreUnknownCharacters)), as: UTF8.self)
            #expect(xml.contains(old))
            fields[index].value = Data(xml.replacingOccurrences(of: old, with: new).utf8).base64EncodedString()
            var components = URLComponents()
            components.queryItems = fields
            let body = Array((components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B").utf8)
            let event = ProviderEvent(body: body, headers: WebhookHeaders(["Content-Type": "application/x-www-form-urlencoded"]))
            return try provider.map(event, rules: definition.schema.defaults)
        }
        let end = "<billing-period-end-date type=\"date\">2025-12-23</billing-period-end-date>"
        let untouched = try map(replacing: end, with: end)
        guard case .sale(let sale) = try #require(untouched.actions.first) else { Issue.record("\(untouched)"); return }
        #expect(sale.mrr != nil)
        Self.expectFailure(naming: "subscription.billing-period-end-date") {
            try map(replacing: end, with: "<billing-period-end-date type=\"date\">last tuesday</billing-period-end-date>")
        }
    }
}
