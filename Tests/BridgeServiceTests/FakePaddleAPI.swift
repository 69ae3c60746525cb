import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TestFixtures
import Testing

/// Paddle's `GET /events` on loopback, over Paddle fixture events: ids in order (`order_by=id[ASC]`),
/// `after` an id (every greater one, whether or not it names an event), `event_type` a comma list,
/// `per_page` capped at `pageSize`, `meta.pagination.has_more`. Each entry is the fixture's bytes
/// without its `notification_id`, as the API lists an event. Records every request.
final class FakePaddleAPI: Sendable {
    struct Request: Sendable {
        var query: [URLQueryItem]
        var authorization: String?
        var version: String?
    }

    let pageSize: Int
    private let events: [(id: String, type: String, bytes: [UInt8])]
    private let recorded = Mutex<[Request]>([])

    init(fixtures: [String], pageSize: Int = 1) throws {
        self.pageSize = pageSize
        events = try fixtures.map { name in
            var event = try #require(try Fixtures.json("paddle", "\(name).json") as? [String: Any])
            event["notification_id"] = nil
            let bytes = Array(try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]))
            return (try #require(event["event_id"] as? String), try #require(event["event_type"] as? String), bytes)
        }.sorted { $0.id < $1.id }
    }

    var requests: [Request] { recorded.withLock { $0 } }

    var application: some ApplicationProtocol {
        let router = Router()
        router.get("/events") { request, _ -> Response in
            let query = URLComponents(string: "http://fake\(request.uri.description)")?.queryItems ?? []
            self.recorded.withLock {
                $0.append(Request(query: query, authorization: request.headers[.authorization], version: request.headers[HTTPField.Name("Paddle-Version")!]))
            }
            func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
            guard value("order_by") == "id[ASC]" else {
                return Response(status: .badRequest, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"error":{"code":"invalid_field"}}"#)))
            }
            let types = value("event_type").map { Set($0.split(separator: ",").map(String.init)) }
            let matching = self.events.filter { event in
                (value("after").map { event.id > $0 } ?? true) && (types.map { $0.contains(event.type) } ?? true)
            }
            let size = min(self.pageSize, value("per_page").flatMap(Int.init) ?? 50)
            let page = matching.prefix(size)
            var body = Array(#"{"data": ["#.utf8)
            for (index, event) in page.enumerated() {
                if index > 0 { body += Array(", ".utf8) }
                body += event.bytes
            }
            body += Array(#"], "meta": {"request_id": "fake", "pagination": {"per_page": \#(size), "has_more": \#(matching.count > page.count)}}}"#.utf8)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        return Application(router: router)
    }
}
