import Hummingbird
import Logging

/// `GET /healthz`: the process answers. `GET /readyz`: the store can commit a write.
struct HealthController {
    let store: any Inbox

    func addRoutes(to router: Router<BridgeRequestContext>) {
        router.get("/healthz") { _, _ in JSONResponse.make(.ok, ["status": "ok"]) }
        router.get("/readyz") { _, context in
            do {
                try await store.checkWritable()
                return JSONResponse.make(.ok, ["status": "ready"])
            } catch {
                context.logger.error("store not writable", metadata: ["error": "\(error)"])
                return JSONResponse.error(.serviceUnavailable, "store is not writable: \(error)")
            }
        }
    }
}
