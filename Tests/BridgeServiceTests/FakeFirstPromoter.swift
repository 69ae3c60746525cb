import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// FirstPromoter's tracking API as its reference describes it, on loopback: records every call
/// and answers each with the next scripted status (200 once the script runs out).
final class FakeFirstPromoter: Sendable {
    struct Call: Sendable {
        var path: String
        var apiKey: String?
        var contentType: String?
        var body: String
        /// v2's headers.
        var authorization: String? = nil
        var accountID: String? = nil
    }

    private let state = Mutex<(script: [Int], calls: [Call])>(([], []))
    /// The first call is answered only after this long (a FirstPromoter slower than the timeout).
    let firstAnswerDelay: Duration?
    /// FirstPromoter's rate limit, scaled: more calls than this within any second get 429.
    let perSecondLimit: Int?
    private let recent = Mutex<(times: [ContinuousClock.Instant], limited: Int)>(([], 0))

    /// Calls answered 429 for going over `perSecondLimit`.
    var rateLimited: Int { recent.withLock { $0.limited } }

    /// An answer of `notJSON` is a 200 whose body is an HTML page, as a proxy might send.
    static let notJSON = -200
    /// An answer of `hugeBody` is a 200 whose body is 200 KiB of JSON.
    static let hugeBody = -201

    init(answers: [Int] = [], firstAnswerDelay: Duration? = nil, perSecondLimit: Int? = nil) {
        self.firstAnswerDelay = firstAnswerDelay
        self.perSecondLimit = perSecondLimit
        state.withLock { $0.script = answers }
    }

    var calls: [Call] { state.withLock { $0.calls } }

    func script(_ answers: [Int]) {
        state.withLock { $0.script = answers }
    }

    var application: some ApplicationProtocol {
        let router = Router()
        router.post("/api/v1/track/:endpoint") { request, context -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let endpoint = context.parameters.get("endpoint") ?? ""
            let (status, first) = self.state.withLock { state -> (Int, Bool) in
                state.calls.append(
                    Call(
                        path: "/api/v1/track/\(endpoint)", apiKey: request.headers[HTTPField.Name("X-API-KEY")!],
                        contentType: request.headers[.contentType], body: body))
                return (state.script.isEmpty ? 200 : state.script.removeFirst(), state.calls.count == 1)
            }
            if first, let delay = self.firstAnswerDelay { try await Task.sleep(for: delay) }
            if let limit = self.perSecondLimit {
                let now = ContinuousClock.now
                let over = self.recent.withLock { recent -> Bool in
                    recent.times.removeAll { now - $0 >= .seconds(1) }
                    recent.times.append(now)
                    if recent.times.count > limit { recent.limited += 1 }
                    return recent.times.count > limit
                }
                if over { return Self.answer(429, endpoint: endpoint) }
            }
            return Self.answer(status, endpoint: endpoint)
        }
        // v2: JSON, a bearer key and Account-ID; a customer who is no referral answers 404.
        router.post("/api/v2/track/:endpoint") { request, context -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let endpoint = context.parameters.get("endpoint") ?? ""
            let status = self.state.withLock { state -> Int in
                state.calls.append(
                    Call(
                        path: "/api/v2/track/\(endpoint)", apiKey: request.headers[HTTPField.Name("X-API-KEY")!],
                        contentType: request.headers[.contentType], body: body, authorization: request.headers[.authorization],
                        accountID: request.headers[HTTPField.Name("Account-ID")!]))
                return state.script.isEmpty ? 200 : state.script.removeFirst()
            }
            guard status != 404 else {
                return Response(
                    status: .notFound, headers: [.contentType: "application/json"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"message":"Lead not found","code":"not_found"}"#)))
            }
            return Self.answer(status, endpoint: endpoint)
        }
        return Application(router: router)
    }

    /// Bodies as the reference gives them: 200 with the tracked object, 204 empty, 409 and 400
    /// with a message.
    static func answer(_ status: Int, endpoint: String) -> Response {
        let json: String
        switch status {
        case 200: json = #"{"id":1,"type":"\#(endpoint)","amount_cents":8000,"reward":null,"lead":{},"promoter":null}"#
        case 204: return Response(status: .noContent)
        case notJSON:
            return Response(
                status: .ok, headers: [.contentType: "text/html"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "<html><body>OK</body></html>")))
        case hugeBody:
            let padding = String(repeating: "x", count: 200 << 10)
            json = #"{"id":1,"type":"\#(endpoint)","padding":"\#(padding)"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
        case 307:
            // Somewhere else: a client that followed would send the API key there (port 9 refuses).
            return Response(status: .temporaryRedirect, headers: [.location: "http://127.0.0.1:9/steal"])
        case 409: json = #"{"message":"The '\#(endpoint)' event with the id 'x' already exists."}"#
        case 400: json = #"{"message":"Error. Amount blank or invalid."}"#
        case 422: json = #"{"transaction_id":"there is already a signup event registered on this lead"}"#
        case 404: json = #"{"message":"Visitor not found"}"#
        default: json = #"{"error":"status \#(status)"}"#
        }
        return Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }
}
