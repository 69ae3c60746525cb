import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TestFixtures
import Testing

/// Paystack's `GET /transaction` on loopback, over Paystack fixture `charge.success` events' data:
/// filtered by `status` and `from` / `to` (both included) on the time paid (or created), newest
/// first, `perPage` capped at `pageSize`, `page`, `meta.pageCount`. Records every request.
final class FakePaystackAPI: Sendable {
    struct Recorded: Sendable {
        var query: [URLQueryItem]
        var authorization: String?
    }

    let pageSize: Int
    private let transactions: [(at: String, status: String?, bytes: Data)]
    private let recorded = Mutex<[Recorded]>([])

    init(fixtures: [String], pageSize: Int = 1) throws {
        self.pageSize = pageSize
        transactions = try fixtures.map { name in
            let event = try #require(try Fixtures.json("paystack", "\(name).json") as? [String: Any])
            let data = try #require(event["data"] as? [String: Any])
            return (data["paid_at"] as? String ?? data["created_at"] as? String ?? "", data["status"] as? String, try JSONSerialization.data(withJSONObject: data))
        }.sorted { $0.at > $1.at }
    }

    var requests: [Recorded] { recorded.withLock { $0 } }

    var application: some ApplicationProtocol {
        let router = Router()
        router.get("/transaction") { request, _ -> Response in
            let query = URLComponents(string: "http://fake\(request.uri.description)")?.queryItems ?? []
            self.recorded.withLock { $0.append(Recorded(query: query, authorization: request.headers[.authorization])) }
            func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
            // Paystack writes milliseconds; the filters may not: compared as instants.
            func instant(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) ?? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
            let matching = self.transactions.filter { transaction in
                let at = instant(transaction.at) ?? .distantPast
                return (value("status").map { transaction.status == $0 } ?? true)
                    && (value("from").flatMap(instant).map { at >= $0 } ?? true) && (value("to").flatMap(instant).map { at <= $0 } ?? true)
            }
            let size = min(self.pageSize, value("perPage").flatMap(Int.init) ?? 50)
            let page = value("page").flatMap(Int.init) ?? 1
            let shown = matching.dropFirst((page - 1) * size).prefix(size)
            var body = Array(#"{"status": true, "message": "Transactions retrieved", "data": ["#.utf8)
            for (index, transaction) in shown.enumerated() {
                if index > 0 { body += Array(",".utf8) }
                body += Array(transaction.bytes)
            }
            let count = max(1, (matching.count + size - 1) / size)
            body += Array(#"], "meta": {"total": \#(matching.count), "skipped": 0, "perPage": \#(size), "page": \#(page), "pageCount": \#(count)}}"#.utf8)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        return Application(router: router)
    }
}
