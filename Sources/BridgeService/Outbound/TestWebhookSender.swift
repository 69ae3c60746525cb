import AsyncHTTPClient
import BridgeCore
import Foundation
import NIOCore
import NIOHTTP1

/// Posts a provider's signed test webhook to a running bridge (`billing-bridge send-test`).
public enum TestWebhookSender {
    /// `path`: where the provider is served under `/webhooks/` (`ProviderDefinition.urlPath`).
    public static func post(_ webhook: TestWebhook, path: String, to base: String) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: base + "/webhooks/\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: webhook.contentType)
        request.headers.add(name: "User-Agent", value: "BillingBridge send-test")
        for (name, value) in webhook.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: webhook.body))
        let response = try await OutboundHTTP.client.execute(request, timeout: .seconds(10))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 64 << 10)))
    }
}
