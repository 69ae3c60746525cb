import AsyncHTTPClient
import BridgeCore
import NIOCore
import NIOHTTP1

/// FirstPromoter's tracking API over AsyncHTTPClient: v1 (`POST {base}/api/v1/track/{endpoint}`,
/// `X-API-KEY`, a form body) or v2 (`/api/v2/track/...`, `Authorization: Bearer` and
/// `Account-ID`, a JSON body).
public struct FirstPromoterClient: FirstPromoterAPI {
    let httpClient: HTTPClient
    let baseURL: String
    let apiKey: String
    let version: FirstPromoterAPIVersion
    let accountID: String?
    let timeout: TimeAmount
    static let maxAnswerBytes = 64 * 1024

    public init(
        httpClient: HTTPClient = OutboundHTTP.client, baseURL: String, apiKey: String, version: FirstPromoterAPIVersion = .v1,
        accountID: String? = nil, timeoutSeconds: Int
    ) {
        self.httpClient = httpClient
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.version = version
        self.accountID = accountID
        self.timeout = .seconds(Int64(timeoutSeconds))
    }

    public func send(_ call: FirstPromoterCall) async throws -> FirstPromoterAnswer {
        var request = HTTPClientRequest(url: baseURL + version.path(of: call))
        request.method = .POST
        switch version {
        case .v1: request.headers.add(name: "X-API-KEY", value: apiKey)
        case .v2:
            request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
            if let accountID { request.headers.add(name: "Account-ID", value: accountID) }
        }
        request.headers.add(name: "Content-Type", value: version.contentType)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "BillingBridge")
        request.body = .bytes(ByteBuffer(string: try version.body(of: call)))
        let response = try await httpClient.execute(request, timeout: timeout)
        // Answers are small JSON; a runaway body is cut, not buffered whole, and its status stands.
        let (body, cut) = try await response.body.prefix(upTo: Self.maxAnswerBytes)
        return FirstPromoterAnswer(
            status: Int(response.status.code), body: String(buffer: body) + (cut ? " … (cut at \(Self.maxAnswerBytes / 1024) KiB)" : ""),
            retryAfter: response.headers.first(name: "Retry-After"), location: response.headers.first(name: "Location"))
    }
}
