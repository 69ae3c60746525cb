import BridgeCore
import Foundation
import Hummingbird
import Logging

/// `GET /metrics`: Prometheus text format; the outbox gauges are read from the store at each
/// scrape. Behind `BRIDGE_METRICS_TOKEN` as a bearer token when that is set.
struct MetricsController {
    let metrics: BridgeMetrics
    let store: any OperatorQueries
    let token: SecretMatcher?

    func addRoutes(to router: Router<BridgeRequestContext>) {
        router.get("/metrics") { request, context in
            if let token {
                guard let offered = AdminTokenMiddleware.bearer(request.headers[.authorization]), token.matches(Array(offered.utf8)) else {
                    var response = JSONResponse.error(.unauthorized, "metrics need Authorization: Bearer BRIDGE_METRICS_TOKEN")
                    response.headers[.wwwAuthenticate] = "Bearer"
                    return response
                }
            }
            do {
                metrics.outbox(try await store.summary(at: Date()), now: Date())
            } catch {
                context.logger.error("could not read the outbox for /metrics", metadata: ["error": "\(error)"])
                return JSONResponse.error(.serviceUnavailable, "the store could not be read: \(error)")
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render())))
        }
    }
}
