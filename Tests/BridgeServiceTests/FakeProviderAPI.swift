import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TestFixtures

/// A provider's API on loopback (Recurly's v3, Lemon Squeezy's), serving the documents of its
/// fixtures' `{name}.lookups.json` files by path, and 404 for any other; while `failing`, it
/// answers 503 as in an outage. The collection of documents (`/invoices` for `/invoices/...`) is
/// listed as Recurly's v3 lists: filtered by `type`, `state`, `success` and `begin_time` /
/// `end_time` (both included) on `sort`'s field (an object without it takes its `collected_at`
/// or `canceled_at`, as the API always has one), oldest first, `pageSize` a page, `cursor` an
/// offset, `has_more` and `next`. Records every request.
final class FakeProviderAPI: Sendable {
    struct Request: Sendable {
        var path: String
        var authorization: String?
        var accept: String?
        var status: Int
    }

    private let state = Mutex<(documents: [String: [UInt8]], failing: Bool, requests: [Request])>(([:], false, []))
    let pageSize: Int

    init(_ provider: String, fixtures: [String], pageSize: Int = 1) throws {
        self.pageSize = pageSize
        var documents: [String: [UInt8]] = [:]
        for name in fixtures {
            let file = try Fixtures.json(provider, "\(name).lookups.json") as? [String: Any] ?? [:]
            for (path, document) in file {
                documents[path] = Array(try JSONSerialization.data(withJSONObject: document))
            }
        }
        state.withLock { $0.documents = documents }
    }

    var requests: [Request] { state.withLock { $0.requests } }

    func fail(_ failing: Bool) { state.withLock { $0.failing = failing } }

    var application: some ApplicationProtocol {
        let router = Router()
        router.get("**") { request, _ -> Response in
            let path = request.uri.path
            let (status, body) = self.state.withLock { state -> (Int, [UInt8]) in
                let answer: (Int, [UInt8]) =
                    state.failing
                    ? (503, Array(#"{"error":{"type":"unavailable"}}"#.utf8))
                    : state.documents[path].map { (200, $0) }
                        ?? Self.list(path, request.uri.queryParameters, of: state.documents, pageSize: self.pageSize).map { (200, $0) }
                        ?? (404, Array(#"{"error":{"type":"not_found"}}"#.utf8))
                state.requests.append(
                    Request(
                        path: path, authorization: request.headers[.authorization], accept: request.headers[.accept],
                        status: answer.0))
                return answer
            }
            return Response(
                status: .init(code: status), headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        return Application(router: router)
    }

    /// The page of a collection, or nil when no document is in it.
    static func list(_ path: String, _ query: Hummingbird.Parameters, of documents: [String: [UInt8]], pageSize: Int) -> [UInt8]? {
        func value(_ name: String) -> String? { query[Substring(name)].map(String.init) }
        let sortedOn = value("sort") ?? "created_at"
        let objects = documents.filter { $0.key.hasPrefix(path + "/") }.values.compactMap { bytes -> (String, [String: Any])? in
            guard var object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
            let time = object[sortedOn] as? String ?? object["collected_at"] as? String ?? object["canceled_at"] as? String ?? ""
            object[sortedOn] = time
            return (time, object)
        }
        guard !objects.isEmpty else { return nil }
        let matching = objects.filter { time, object in
            (value("type").map { object["type"] as? String == $0 } ?? true)
                && (value("state").map { object["state"] as? String == $0 } ?? true)
                && (value("success").map { String(object["success"] as? Bool ?? false) == $0 } ?? true)
                && (value("begin_time").map { time >= $0 } ?? true) && (value("end_time").map { time <= $0 } ?? true)
        }.sorted { ($0.0, $0.1["id"] as? String ?? "") < ($1.0, $1.1["id"] as? String ?? "") }.map(\.1)
        let start = value("cursor").flatMap(Int.init) ?? 0
        let page = Array(matching.dropFirst(start).prefix(pageSize))
        let more = start + page.count < matching.count
        var list: [String: Any] = ["object": "list", "has_more": more, "data": page]
        if more { list["next"] = "\(path)?cursor=\(start + page.count)&limit=\(pageSize)" }
        return (try? JSONSerialization.data(withJSONObject: list)).map(Array.init)
    }
}
