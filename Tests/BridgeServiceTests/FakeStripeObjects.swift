import Foundation
import Testing

/// Stripe's object lists on loopback, made of fixture events' objects: `/v1/customers`,
/// `/v1/checkout/sessions`, `/v1/invoices`, `/v1/payment_intents`, `/v1/disputes` and
/// `/v1/subscriptions` list each event's `data.object` by kind, `/v1/refunds` a refund of each
/// refunded charge (its charge expanded when asked). Filtered by `created[gte]`, `created[lt]` and
/// `status`, newest first, `pageSize` a page, `starting_after` an id; an invoice's `payments` when
/// `expand[]=data.payments` is asked. An object without `created` gets its event's, as the API
/// always has one.
final class FakeStripeObjects: Sendable {
    struct Object: Sendable {
        var id: String
        var created: Int
        var status: String?
        /// The object, as JSON.
        var bytes: Data
    }

    let pageSize: Int
    let invoicePayments: [String: String]
    private let lists: [String: [Object]]

    static let resources = [
        "customer": "/v1/customers", "checkout.session": "/v1/checkout/sessions", "invoice": "/v1/invoices",
        "payment_intent": "/v1/payment_intents", "dispute": "/v1/disputes", "subscription": "/v1/subscriptions",
    ]

    init(events: [[UInt8]], pageSize: Int, invoicePayments: [String: String]) throws {
        self.pageSize = pageSize
        self.invoicePayments = invoicePayments
        var lists: [String: [Object]] = [:]
        for bytes in events {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            var object = try #require((event["data"] as? [String: Any])?["object"] as? [String: Any])
            let created = try object["created"] as? Int ?? #require(event["created"] as? Int)
            object["created"] = created
            let kind = try #require(object["object"] as? String)
            let id = try #require(object["id"] as? String)
            if event["type"] as? String == "charge.refunded" {
                let refund: [String: Any] = [
                    "id": "re_\(id)", "object": "refund", "status": "succeeded", "created": event["created"] as? Int ?? created,
                    "amount": object["amount_refunded"] ?? 0, "charge": object,
                ]
                lists["/v1/refunds", default: []].append(Object(id: "re_\(id)", created: try #require(refund["created"] as? Int), status: "succeeded", bytes: try JSONSerialization.data(withJSONObject: refund)))
            } else if let resource = Self.resources[kind], !(lists[resource] ?? []).contains(where: { $0.id == id }) {
                lists[resource, default: []].append(Object(id: id, created: created, status: object["status"] as? String, bytes: try JSONSerialization.data(withJSONObject: object)))
            }
        }
        self.lists = lists.mapValues { $0.sorted { ($0.created, $0.id) > ($1.created, $1.id) } }
    }

    /// The page of `resource`, or nil for a path Stripe does not list here.
    func page(_ resource: String, _ query: [URLQueryItem]) throws -> [UInt8]? {
        guard let all = lists[resource] ?? (Self.resources.values.contains(resource) || resource == "/v1/refunds" ? [] : nil) else { return nil }
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
        let expand = Set(query.filter { $0.name == "expand[]" }.compactMap(\.value))
        var matching = all.filter { object in
            (value("created[gte]").flatMap(Int.init).map { object.created >= $0 } ?? true)
                && (value("created[lt]").flatMap(Int.init).map { object.created < $0 } ?? true)
                && (value("status").map { object.status == $0 } ?? true)
        }
        if let after = value("starting_after"), let index = matching.firstIndex(where: { $0.id == after }) {
            matching = Array(matching[(index + 1)...])
        }
        let page = try matching.prefix(pageSize).map { object -> [String: Any] in
            var json = try #require(try JSONSerialization.jsonObject(with: object.bytes) as? [String: Any])
            if resource == "/v1/refunds", !expand.contains("data.charge"), let charge = json["charge"] as? [String: Any] {
                json["charge"] = charge["id"]
            }
            if resource == "/v1/invoices", expand.contains("data.payments") {
                let paid = invoicePayments[object.id].map { intent -> [[String: Any]] in
                    [["object": "invoice_payment", "status": "paid", "payment": ["type": "payment_intent", "payment_intent": intent]]]
                }
                json["payments"] = ["object": "list", "data": paid ?? [], "has_more": false]
            }
            return json
        }
        let list: [String: Any] = ["object": "list", "data": page, "has_more": matching.count > page.count, "url": resource]
        return Array(try JSONSerialization.data(withJSONObject: list))
    }
}
