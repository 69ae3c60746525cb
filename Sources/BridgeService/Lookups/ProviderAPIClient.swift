import AsyncHTTPClient
import BridgeCore
import NIOCore
import NIOHTTP1

/// `GET {base}{path}` (or a search's POST) with the provider's headers, over AsyncHTTPClient.
public struct ProviderAPIClient: ProviderAPIFetcher {
    let httpClient: HTTPClient
    let timeout: TimeAmount
    /// Documents are invoices and transactions: a runaway body is cut, not buffered whole.
    static let maxBytes = 4 * 1024 * 1024

    public init(httpClient: HTTPClient = OutboundHTTP.client, timeoutSeconds: Int = 15) {
        self.httpClient = httpClient
        timeout = .seconds(Int64(timeoutSeconds))
    }

    public func fetch(_ path: String, from api: ProviderAPIAccess) async throws -> [UInt8] {
        let answer = try await get(path, from: api)
        guard answer.status == 200 else { throw answer.error }
        return answer.body
    }

    /// The API's answer, whatever its status: only ever at `api.baseURL` (redirects are not
    /// followed), and at most `maxBytes` of it.
    public func get(_ path: String, from api: ProviderAPIAccess) async throws -> ProviderAPIAnswer {
        try await send(.GET, path, body: nil, to: api)
    }

    /// `body` POSTed to a search API (Braintree's), answered as `get` is.
    public func post(_ path: String, body: [UInt8], from api: ProviderAPIAccess) async throws -> ProviderAPIAnswer {
        try await send(.POST, path, body: body, to: api)
    }

    func send(_ method: HTTPMethod, _ path: String, body: [UInt8]?, to api: ProviderAPIAccess) async throws -> ProviderAPIAnswer {
        var request = HTTPClientRequest(url: api.baseURL + path)
        request.method = method
        for (name, value) in api.headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await httpClient.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: Self.maxBytes)
        return ProviderAPIAnswer(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"), body: Array(buffer: body))
    }
}

/// A provider API's answer as it came.
public struct ProviderAPIAnswer: Sendable {
    public var status: Int
    public var retryAfter: String?
    public var body: [UInt8]

    public init(status: Int, retryAfter: String? = nil, body: [UInt8]) {
        self.status = status
        self.retryAfter = retryAfter
        self.body = body
    }

    /// The answer as an error, with the start of its body.
    public var error: ProviderAPIError { ProviderAPIError(status: status, body: String(String(decoding: body, as: UTF8.self).prefix(200))) }
}
