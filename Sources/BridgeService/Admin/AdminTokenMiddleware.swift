import BridgeCore
import Hummingbird
import Logging

/// `Authorization: Bearer BRIDGE_ADMIN_TOKEN` on every admin API call, compared in constant
/// time. Without it, or with a wrong one, 401, and the same answer either way: no hint of which.
struct AdminTokenMiddleware: RouterMiddleware {
    typealias Context = BridgeRequestContext
    let token: SecretMatcher

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let offered = Self.bearer(request.headers[.authorization]), token.matches(Array(offered.utf8)) else {
            context.logger.warning("admin API refused: no valid bearer token", metadata: ["path": "\(request.uri.path)"])
            var response = JSONResponse.error(.unauthorized, "an admin API call needs Authorization: Bearer BRIDGE_ADMIN_TOKEN")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }

    static func bearer(_ header: String?) -> Substring? {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        return header.dropFirst(7)
    }
}
