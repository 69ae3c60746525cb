import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TestFixtures
import Testing

/// Chargebee's `GET /api/v2/events` on loopback, over Chargebee fixture events: filtered by
/// `occurred_at[after]` / `[before]` (both exclusive) and `event_type[in]`, oldest first, `pageSize`
/// a page, `next_offset` the index of the next. Each entry is `{"event": …}` with the fixture's
/// bytes. Records every request.
final class FakeChargebeeAPI: Sendable {
    struct Request: Sendable {
        var path: String
        var query: [URLQueryItem]
        var authorization: String?
    }

    let pageSize: Int
    private let events: [(type: String, occurred: Int, bytes: [UInt8])]
    private let recorded = Mutex<[Request]>([])

    init(fixtures: [String], pageSize: Int = 2) throws {
        self.pageSize = pageSize
        events = try fixtures.map { name in
            let bytes = try Fixtures.bytes("chargebee", "\(name).json")
            let event = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            return (try #require(event["event_type"] as? String), try #require(event["occurred_at"] as? Int), bytes)
        }.sorted { $0.occurred < $1.occurred }
    }

    var requests: [Request] { recorded.withLock { $0 } }

    var application: some ApplicationProtocol {
        let router = Router()
        router.get("/api/v2/events") { request, _ -> Response in
            let query = URLComponents(string: "http://fake\(request.uri.description)")?.queryItems ?? []
            self.recorded.withLock { $0.append(Request(path: request.uri.path, query: query, authorization: request.headers[.authorization])) }
            func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
            let types = try value("event_type[in]").map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) }
            let matching = self.events.filter { event in
                (value("occurred_at[after]").flatMap(Int.init).map { event.occurred > $0 } ?? true)
                    && (value("occurred_at[before]").flatMap(Int.init).map { event.occurred < $0 } ?? true)
                    && (types.map { $0.contains(event.type) } ?? true)
            }
            let start = value("offset").flatMap(Int.init) ?? 0
            let page = matching.dropFirst(start).prefix(self.pageSize)
            var body = Array(#"{"list": ["#.utf8)
            for (index, event) in page.enumerated() {
                if index > 0 { body += Array(", ".utf8) }
                body += Array(#"{"event": "#.utf8) + event.bytes + Array("}".utf8)
            }
            body += Array("]".utf8)
            if start + page.count < matching.count { body += Array(#", "next_offset": "\#(start + page.count)""#.utf8) }
            body += Array("}".utf8)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        return Application(router: router)
    }
}
