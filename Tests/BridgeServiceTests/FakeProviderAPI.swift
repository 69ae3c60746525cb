import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TestFixtures

/// A provider's API on loopback (Recurly's v3, Lemon Squeezy's), serving the documents of its
/// fixtures' `{name}.lookups.json` files by path, and 404 for any other; while `failing`, it
/// answers 503 as in an outage. Records every request.
final class FakeProviderAPI: Sendable {
    struct Request: Sendable {
        var path: String
        var authorization: String?
        var accept: String?
        var status: Int
    }

    private let state = Mutex<(documents: [String: [UInt8]], failing: Bool, requests: [Request])>(([:], false, []))

    init(_ provider: String, fixtures: [String]) throws {
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
                    : state.documents[path].map { (200, $0) } ?? (404, Array(#"{"error":{"type":"not_found"}}"#.utf8))
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
}
