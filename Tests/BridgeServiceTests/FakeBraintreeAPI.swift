import BridgeCore
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TestFixtures
import Testing

/// Braintree's search API on loopback, over Braintree fixture notifications, for merchant `m1`:
/// their transactions (each with the `subscription-id`, `plan-id` and `subscription` billing
/// period the API gives a subscription's transaction), subscriptions (with a `status-history`
/// of the notification's time) and disputes. `POST .../advanced_search_ids` answers the ids that
/// match the XML criteria (`created-at` range, `type`, `status` items), `.../advanced_search` the
/// elements of the ids it is sent; disputes come `pageSize` a page. Records every request.
final class FakeBraintreeAPI: Sendable {
    struct Request: Sendable {
        var path: String
        var body: String
        var authorization: String?
        var version: String?
    }

    let pageSize: Int
    private let transactions: [XMLTree]
    private let subscriptions: [XMLTree]
    private let disputes: [XMLTree]
    private let recorded = Mutex<[Request]>([])

    init(fixtures: [String], pageSize: Int = 1) throws {
        self.pageSize = pageSize
        var transactions: [String: XMLTree] = [:]
        var subscriptions: [XMLTree] = []
        var disputes: [XMLTree] = []
        for name in fixtures {
            let form = String(decoding: try Fixtures.bytes("braintree", "\(name).form"), as: UTF8.self)
            let payload = try #require(URLComponents(string: "?" + form)?.queryItems?.first { $0.name == "bt_payload" }?.value)
            let notification = try XMLTreeParser.parse(Array(try #require(Data(base64Encoded: payload, options: .ignoreUnknownCharacters))))
            let subject = try #require(notification.child("subject"))
            if var dispute = subject.child("dispute") {
                dispute.children.append(Self.history("lost", at: notification.child("timestamp")?.text ?? ""))
                disputes.append(dispute)
            }
            guard var subscription = subject.child("subscription") else { continue }
            for var transaction in subscription.child("transactions")?.children ?? [] {
                transaction.children.append(XMLTree(name: "subscription-id", text: subscription.child("id")?.text ?? ""))
                transaction.children.append(
                    XMLTree(name: "subscription", children: ["billing-period-start-date", "billing-period-end-date"].compactMap { subscription.child($0) }))
                transactions[transaction.child("id")?.text ?? ""] = transaction
            }
            if let status = subscription.child("status")?.text, ["Canceled", "Expired"].contains(status) {
                subscription.children.append(Self.history(status, at: notification.child("timestamp")?.text ?? ""))
                subscriptions.append(subscription)
            }
        }
        self.transactions = transactions.values.sorted { ($0.child("id")?.text ?? "") < ($1.child("id")?.text ?? "") }
        self.subscriptions = subscriptions
        self.disputes = disputes
    }

    static func history(_ status: String, at time: String) -> XMLTree {
        XMLTree(
            name: "status-history", attributes: ["type": "array"],
            children: [
                XMLTree(
                    name: "status-event",
                    children: [XMLTree(name: "timestamp", attributes: ["type": "datetime"], text: time), XMLTree(name: "status", text: status)])
            ])
    }

    var requests: [Request] { recorded.withLock { $0 } }

    var application: some ApplicationProtocol {
        let router = Router()
        router.post("/merchants/m1/:collection/:search") { request, context -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            self.recorded.withLock {
                $0.append(
                    Request(
                        path: request.uri.path, body: String(buffer: body), authorization: request.headers[.authorization],
                        version: request.headers[HTTPField.Name("X-ApiVersion")!]))
            }
            let search = try XMLTreeParser.parse(Array(buffer: body))
            let collection = try context.parameters.require("collection")
            let answer = try self.answer(collection, context.parameters.require("search"), search, page: request.uri.queryParameters["page"].flatMap { Int($0) } ?? 1)
            return Response(status: .ok, headers: [.contentType: "application/xml"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.xml)))
        }
        return Application(router: router)
    }

    func answer(_ collection: String, _ search: String, _ criteria: XMLTree, page: Int) throws -> XMLTree {
        let items = { (name: String) in criteria.child(name)?.children.map(\.text) }
        func within(_ text: String?, _ range: XMLTree?) -> Bool {
            guard let range else { return true }
            let value = String((text ?? "").prefix(range.child("min")?.text.count ?? 0))
            return (range.child("min").map { value >= $0.text } ?? true) && (range.child("max").map { value <= $0.text } ?? true)
        }
        let all: [XMLTree]
        switch collection {
        case "transactions":
            all = transactions.filter { transaction in
                within(transaction.child("created-at")?.text, criteria.child("created-at"))
                    && (criteria.child("type").map { transaction.child("type")?.text == $0.text } ?? true)
                    && (items("status").map { $0.contains(transaction.child("status")?.text ?? "") } ?? true)
            }
        case "subscriptions": all = subscriptions.filter { items("status")?.contains($0.child("status")?.text ?? "") ?? true }
        default:
            all = disputes.filter {
                within($0.child("received-date")?.text, criteria.child("received-date")) && (items("status")?.contains($0.child("status")?.text ?? "") ?? true)
            }
            let shown = Array(all.dropFirst((page - 1) * pageSize).prefix(pageSize))
            return XMLTree(
                name: "disputes", attributes: ["type": "collection"],
                children: [
                    XMLTree(name: "current-page-number", text: String(page)), XMLTree(name: "page-size", text: String(pageSize)),
                    XMLTree(name: "total-items", text: String(all.count)),
                ] + shown)
        }
        if search == "advanced_search_ids" {
            return XMLTree(
                name: "search-results",
                children: [XMLTree(name: "ids", attributes: ["type": "array"], children: all.map { XMLTree(name: "item", text: $0.child("id")?.text ?? "") })])
        }
        let asked = Set(items("ids") ?? [])
        return XMLTree(
            name: collection == "transactions" ? "credit-card-transactions" : collection, attributes: ["type": "collection"],
            children: all.filter { asked.contains($0.child("id")?.text ?? "") })
    }
}
