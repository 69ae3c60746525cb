import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TestFixtures
import Testing

/// Paddle's `GET /events` on loopback, over Paddle fixture events: ids in order (`order_by=id[ASC]`),
/// `after` an id (every greater one, whether or not it names an event), `event_type` a comma list,
/// `per_page` capped at `pageSize`, `meta.pagination.has_more`. Each entry is the fixture's bytes
/// without its `notification_id`, as the API lists an event. The events' entities are listed too
/// (`/transactions`, `/adjustments`, `/subscriptions`, by their id's prefix), each once, as its
/// last fixture has it: `status`, `billed_at[GTE]`/`[LT]` (ordered by `billed_at`) or ids in order
/// from `after`, `include=customer` (the customer as its id and an email made of it),
/// `meta.pagination.next` naming the next `after`. Records every request.
final class FakePaddleAPI: Sendable {
    struct Recorded: Sendable {
        var query: [URLQueryItem]
        var authorization: String?
        var version: String?
        var path = "/events"
    }

    let pageSize: Int
    private let events: [(id: String, type: String, bytes: [UInt8])]
    /// Resource → entities, by id.
    private let entities: [String: [String: Data]]
    private let recorded = Mutex<[Recorded]>([])

    init(fixtures: [String], pageSize: Int = 1) throws {
        self.pageSize = pageSize
        events = try fixtures.map { name in
            var event = try #require(try Fixtures.json("paddle", "\(name).json") as? [String: Any])
            event["notification_id"] = nil
            let bytes = Array(try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]))
            return (try #require(event["event_id"] as? String), try #require(event["event_type"] as? String), bytes)
        }.sorted { $0.id < $1.id }
        var entities: [String: [String: Data]] = [:]
        let resources = ["txn_": "/transactions", "adj_": "/adjustments", "sub_": "/subscriptions"]
        for name in fixtures {
            let event = try #require(try Fixtures.json("paddle", "\(name).json") as? [String: Any])
            let data = try #require(event["data"] as? [String: Any])
            let id = try #require(data["id"] as? String)
            guard let resource = resources.first(where: { id.hasPrefix($0.key) })?.value else { continue }
            entities[resource, default: [:]][id] = try JSONSerialization.data(withJSONObject: data)
        }
        self.entities = entities
    }

    var requests: [Recorded] { recorded.withLock { $0 } }

    var application: some ApplicationProtocol {
        let router = Router()
        router.get("/:resource") { request, context -> Response in
            let resource = "/" + (try context.parameters.require("resource"))
            guard resource != "/events" else { return try self.events(request) }
            let query = URLComponents(string: "http://fake\(request.uri.description)")?.queryItems ?? []
            self.recorded.withLock {
                $0.append(
                    Recorded(
                        query: query, authorization: request.headers[.authorization], version: request.headers[HTTPField.Name("Paddle-Version")!],
                        path: resource))
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: try self.list(resource, query))))
        }
        return Application(router: router)
    }

    func list(_ resource: String, _ query: [URLQueryItem]) throws -> [UInt8] {
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
        var all = try (entities[resource] ?? [:]).values.map { try #require(try JSONSerialization.jsonObject(with: $0) as? [String: Any]) }
        all = all.filter { entity in
            (value("status").map { entity["status"] as? String == $0 } ?? true)
                && (value("billed_at[GTE]").map { (entity["billed_at"] as? String ?? "") >= $0 } ?? true)
                && (value("billed_at[LT]").map { (entity["billed_at"] as? String ?? "") < $0 } ?? true)
                && (value("after").map { (entity["id"] as? String ?? "") > $0 } ?? true)
        }
        let key = value("order_by") == "billed_at[ASC]" ? "billed_at" : "id"
        all.sort { ($0[key] as? String ?? "", $0["id"] as? String ?? "") < ($1[key] as? String ?? "", $1["id"] as? String ?? "") }
        let page = Array(all.prefix(min(pageSize, value("per_page").flatMap(Int.init) ?? 50))).map { entity -> [String: Any] in
            guard value("include") == "customer", let customer = entity["customer_id"] as? String else { return entity }
            var included = entity
            included["customer"] = ["id": customer, "email": "\(customer)@example.com", "status": "active", "custom_data": NSNull()]
            return included
        }
        var pagination: [String: Any] = ["per_page": pageSize, "has_more": all.count > page.count]
        if all.count > page.count, let last = page.last?["id"] as? String { pagination["next"] = "https://api.paddle.com\(resource)?after=\(last)" }
        return Array(try JSONSerialization.data(withJSONObject: ["data": page, "meta": ["request_id": "fake", "pagination": pagination]]))
    }

    func events(_ request: Request) throws -> Response {
        let query = URLComponents(string: "http://fake\(request.uri.description)")?.queryItems ?? []
        recorded.withLock {
            $0.append(Recorded(query: query, authorization: request.headers[.authorization], version: request.headers[HTTPField.Name("Paddle-Version")!]))
        }
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
        guard value("order_by") == "id[ASC]" else {
            return Response(status: .badRequest, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"error":{"code":"invalid_field"}}"#)))
        }
        let types = value("event_type").map { Set($0.split(separator: ",").map(String.init)) }
        let matching = events.filter { event in
            (value("after").map { event.id > $0 } ?? true) && (types.map { $0.contains(event.type) } ?? true)
        }
        let size = min(pageSize, value("per_page").flatMap(Int.init) ?? 50)
        let page = matching.prefix(size)
        var body = Array(#"{"data": ["#.utf8)
        for (index, event) in page.enumerated() {
            if index > 0 { body += Array(", ".utf8) }
            body += event.bytes
        }
        body += Array(#"], "meta": {"request_id": "fake", "pagination": {"per_page": \#(size), "has_more": \#(matching.count > page.count)}}}"#.utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
