import AsyncHTTPClient
import BridgeCore
import NIOCore
import NIOHTTP1

/// `GET {base}{path}` with the provider's headers, over AsyncHTTPClient.
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
        var request = HTTPClientRequest(url: api.baseURL + path)
        request.method = .GET
        for (name, value) in api.headers { request.headers.add(name: name, value: value) }
        let response = try await httpClient.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: Self.maxBytes)
        guard response.status.code == 200 else {
            throw ProviderAPIError(status: Int(response.status.code), body: String(String(buffer: body).prefix(200)))
        }
        return Array(buffer: body)
    }
}
