import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TestFixtures
import Testing

/// Stripe's `GET /v1/events` on loopback, over Stripe fixture events: filtered by `created[gte]`,
/// `created[lt]` and `types[]`, newest first (ties by id, descending), `pageSize` a page whatever
/// the `limit`, `starting_after` an id; each event's bytes as the fixture holds them. The same
/// events' objects are listed too, as Stripe lists them (`FakeStripeObjects`). Faults are queued,
/// one per request, before the normal answer. Records every request.
final class FakeStripeAPI: Sendable {
    enum Fault: Sendable {
        case status(Int, retryAfter: String? = nil, body: String = #"{"error":{"type":"api_error"}}"#)
        case delay(Duration)
        case redirect(to: String)
        case body(String)
        /// This request is answered normally.
        case pass
    }

    struct Request: Sendable {
        var path: String
        var query: [URLQueryItem]
        var authorization: String?
        var version: String?
    }

    let pageSize: Int
    let objects: FakeStripeObjects
    private let events: [(id: String, type: String, created: Int, bytes: [UInt8])]
    private let state = Mutex<(faults: [Fault], requests: [Request])>(([], []))

    convenience init(fixtures: [String], pageSize: Int = 2, invoicePayments: [String: String] = [:]) throws {
        try self.init(events: try fixtures.map { try Fixtures.bytes("stripe", "\($0).json") }, pageSize: pageSize, invoicePayments: invoicePayments)
    }

    /// `invoicePayments`: the payment intent that paid each invoice, for its expanded `payments`.
    init(events: [[UInt8]], pageSize: Int = 2, invoicePayments: [String: String] = [:]) throws {
        self.pageSize = pageSize
        objects = try FakeStripeObjects(events: events, pageSize: pageSize, invoicePayments: invoicePayments)
        self.events = try events.map { bytes in
            let event = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            return (try #require(event["id"] as? String), try #require(event["type"] as? String), try #require(event["created"] as? Int), bytes)
        }.sorted { ($0.created, $0.id) > ($1.created, $1.id) }
    }

    var requests: [Request] { state.withLock { $0.requests } }

    func queue(_ faults: Fault...) { state.withLock { $0.faults += faults } }

    var application: some ApplicationProtocol {
        let router = Router()
        router.get("**") { request, _ -> Response in
            let query = URLComponents(string: "http://fake\(request.uri.description)")?.queryItems ?? []
            let fault = self.state.withLock { state -> Fault? in
                state.requests.append(
                    Request(
                        path: request.uri.path, query: query, authorization: request.headers[.authorization],
                        version: request.headers[HTTPField.Name("Stripe-Version")!]))
                return state.faults.isEmpty ? nil : state.faults.removeFirst()
            }
            switch fault {
            case .status(let code, let retryAfter, let body)?:
                var headers: HTTPFields = [.contentType: "application/json"]
                if let retryAfter { headers[.retryAfter] = retryAfter }
                return Response(status: .init(code: code), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
            case .delay(let duration)?:
                try await Task.sleep(for: duration)
            case .redirect(let location)?:
                return Response(status: .found, headers: [.location: location])
            case .body(let text)?:
                return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
            case .pass?, nil: break
            }
            guard request.uri.path == "/v1/events" else {
                guard let page = try self.objects.page(request.uri.path, query) else { return Response(status: .notFound) }
                return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: page)))
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: self.page(query))))
        }
        return Application(router: router)
    }

    func page(_ query: [URLQueryItem]) -> [UInt8] {
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
        let types = query.filter { $0.name == "types[]" }.compactMap(\.value)
        var matching = events.filter { event in
            (value("created[gte]").flatMap(Int.init).map { event.created >= $0 } ?? true)
                && (value("created[lt]").flatMap(Int.init).map { event.created < $0 } ?? true)
                && (types.isEmpty || types.contains(event.type))
        }
        if let after = value("starting_after"), let index = matching.firstIndex(where: { $0.id == after }) {
            matching = Array(matching[(index + 1)...])
        }
        let page = matching.prefix(pageSize)
        var body = Array(#"{"object": "list", "data": ["#.utf8)
        for (index, event) in page.enumerated() {
            if index > 0 { body += Array(",\n".utf8) }
            body += event.bytes
        }
        body += Array(#"], "has_more": \#(matching.count > page.count), "url": "/v1/events"}"#.utf8)
        return body
    }
}
