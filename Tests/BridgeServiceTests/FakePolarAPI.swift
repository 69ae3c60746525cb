import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TestFixtures
import Testing

/// Polar's lists on loopback (`/v1/orders/`, `/v1/subscriptions/`), made of Polar fixture events'
/// `data` objects (an object in several fixtures as its last state, by `modified_at`): newest
/// first by `created_at`, `limit` capped at `pageSize`, `page`, `active` (a subscription is active
/// while `active` or `trialing`), `pagination.max_page`. Records every request.
final class FakePolarAPI: Sendable {
    struct Recorded: Sendable {
        var path: String
        var query: [URLQueryItem]
        var authorization: String?
    }

    let pageSize: Int
    private let lists: [String: [(created: String, status: String?, bytes: Data)]]
    private let recorded = Mutex<[Recorded]>([])

    init(fixtures: [String], pageSize: Int = 1) throws {
        self.pageSize = pageSize
        var latest: [String: (path: String, modified: String, object: [String: Any])] = [:]
        for name in fixtures {
            let event = try #require(try Fixtures.json("polar", "\(name).json") as? [String: Any])
            let type = try #require(event["type"] as? String)
            let object = try #require(event["data"] as? [String: Any])
            let id = try #require(object["id"] as? String)
            let modified = object["modified_at"] as? String ?? ""
            if let known = latest[id], known.modified > modified { continue }
            latest[id] = (type.hasPrefix("order.") ? "/v1/orders/" : "/v1/subscriptions/", modified, object)
        }
        var lists: [String: [(created: String, status: String?, bytes: Data)]] = [:]
        for (path, _, object) in latest.values {
            lists[path, default: []].append(
                (object["created_at"] as? String ?? "", object["status"] as? String, try JSONSerialization.data(withJSONObject: object)))
        }
        self.lists = lists.mapValues { $0.sorted { $0.created > $1.created } }
    }

    var requests: [Recorded] { recorded.withLock { $0 } }

    var application: some ApplicationProtocol {
        let router = Router()
        router.get("**") { request, _ -> Response in
            let query = URLComponents(string: "http://fake\(request.uri.description)")?.queryItems ?? []
            self.recorded.withLock { $0.append(Recorded(path: request.uri.path, query: query, authorization: request.headers[.authorization])) }
            func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
            guard let all = self.lists[request.uri.path] ?? (["/v1/orders/", "/v1/subscriptions/"].contains(request.uri.path) ? [] : nil) else {
                return Response(status: .notFound)
            }
            let matching = all.filter { object in
                value("active").map { ($0 == "true") == ["active", "trialing"].contains(object.status ?? "") } ?? true
            }
            let size = min(self.pageSize, value("limit").flatMap(Int.init) ?? 10)
            let page = value("page").flatMap(Int.init) ?? 1
            let shown = matching.dropFirst((page - 1) * size).prefix(size)
            var body = Array(#"{"items": ["#.utf8)
            for (index, object) in shown.enumerated() {
                if index > 0 { body += Array(",".utf8) }
                body += Array(object.bytes)
            }
            let maxPage = max(1, (matching.count + size - 1) / size)
            body += Array(#"], "pagination": {"total_count": \#(matching.count), "max_page": \#(maxPage)}}"#.utf8)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        return Application(router: router)
    }
}
