import AsyncHTTPClient
import BridgeCore
import NIOCore
import NIOHTTP1

/// FirstPromoter's v1 tracking API over AsyncHTTPClient: `POST {base}/api/v1/track/{endpoint}`,
/// `X-API-KEY`, form-encoded parameters.
public struct FirstPromoterClient: FirstPromoterAPI {
    let httpClient: HTTPClient
    let baseURL: String
    let apiKey: String
    let timeout: TimeAmount

    public init(httpClient: HTTPClient = OutboundHTTP.client, baseURL: String, apiKey: String, timeoutSeconds: Int) {
        self.httpClient = httpClient
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.timeout = .seconds(Int64(timeoutSeconds))
    }

    public func send(_ call: FirstPromoterCall) async throws -> FirstPromoterAnswer {
        var request = HTTPClientRequest(url: baseURL + call.path)
        request.method = .POST
        request.headers.add(name: "X-API-KEY", value: apiKey)
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "BillingBridge")
        request.body = .bytes(ByteBuffer(string: call.formBody))
        let response = try await httpClient.execute(request, timeout: timeout)
        // Answers are small JSON; a runaway body is cut, not buffered whole.
        let body = try await response.body.collect(upTo: 64 * 1024)
        return FirstPromoterAnswer(
            status: Int(response.status.code), body: String(buffer: body),
            retryAfter: response.headers.first(name: "Retry-After"), location: response.headers.first(name: "Location"))
    }
}
