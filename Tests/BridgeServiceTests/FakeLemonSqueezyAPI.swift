import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TestFixtures
import Testing

/// Lemon Squeezy's lists on loopback (`/v1/orders`, `/v1/subscription-invoices`,
/// `/v1/subscriptions`), made of Lemon Squeezy fixture events' `data` objects (an object in
/// several fixtures as its last state): newest first by `created_at`, `page[size]` capped at
/// `pageSize`, `page[number]`, `filter[status]` and `filter[store_id]`, `meta.page` with
/// `currentPage` and `lastPage`, as JSON:API. Records every request.
final class FakeLemonSqueezyAPI: Sendable {
    struct Request: Sendable {
        var path: String
        var query: [URLQueryItem]
        var authorization: String?
    }

    let pageSize: Int
    /// Path → objects (created_at, status, store, the object's JSON), newest first.
    private let lists: [String: [(created: String, status: String?, store: Int?, bytes: Data)]]
    private let recorded = Mutex<[Request]>([])

    init(fixtures: [String], pageSize: Int = 1) throws {
        self.pageSize = pageSize
        var latest: [String: (path: String, updated: String, object: [String: Any])] = [:]
        for name in fixtures {
            let event = try #require(try Fixtures.json("lemonsqueezy", "\(name).json") as? [String: Any])
            let data = try #require(event["data"] as? [String: Any])
            let type = try #require(data["type"] as? String)
            let attributes = try #require(data["attributes"] as? [String: Any])
            let key = "\(type)/\(try #require(data["id"] as? String))"
            let updated = attributes["updated_at"] as? String ?? ""
            if let known = latest[key], known.updated > updated { continue }
            latest[key] = ("/v1/\(type)", updated, data)
        }
        var lists: [String: [(created: String, status: String?, store: Int?, bytes: Data)]] = [:]
        for (path, _, object) in latest.values {
            let attributes = object["attributes"] as? [String: Any] ?? [:]
            lists[path, default: []].append(
                (attributes["created_at"] as? String ?? "", attributes["status"] as? String, attributes["store_id"] as? Int,
                 try JSONSerialization.data(withJSONObject: object)))
        }
        self.lists = lists.mapValues { $0.sorted { $0.created > $1.created } }
    }

    var requests: [Request] { recorded.withLock { $0 } }

    var application: some ApplicationProtocol {
        let router = Router()
        router.get("**") { request, _ -> Response in
            let query = URLComponents(string: "http://fake\(request.uri.description)")?.queryItems ?? []
            self.recorded.withLock { $0.append(Request(path: request.uri.path, query: query, authorization: request.headers[.authorization])) }
            func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
            guard ["/v1/orders", "/v1/subscription-invoices", "/v1/subscriptions"].contains(request.uri.path) else {
                return Response(status: .notFound)
            }
            let matching = (self.lists[request.uri.path] ?? []).filter { object in
                (value("filter[status]").map { object.status == $0 } ?? true)
                    && (value("filter[store_id]").map { object.store.map(String.init) == $0 } ?? true)
            }
            let size = min(self.pageSize, value("page[size]").flatMap(Int.init) ?? 10)
            let number = value("page[number]").flatMap(Int.init) ?? 1
            let last = max(1, (matching.count + size - 1) / size)
            let page = matching.dropFirst((number - 1) * size).prefix(size)
            var body = Array(#"{"meta": {"page": {"currentPage": \#(number), "lastPage": \#(last), "perPage": \#(size), "total": \#(matching.count)}}, "jsonapi": {"version": "1.0"}, "data": ["#.utf8)
            for (index, object) in page.enumerated() {
                if index > 0 { body += Array(",".utf8) }
                body += Array(object.bytes)
            }
            body += Array("]}".utf8)
            return Response(status: .ok, headers: [.contentType: "application/vnd.api+json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        return Application(router: router)
    }
}
