import Foundation
import Hummingbird
import Logging

/// The ceiling BillingBridge is measured against: the same HTTP stack, built the same way, with
/// one POST route that collects the body and answers 200. Nothing verified, nothing stored.
///
///     bench-bare-route [PORT] [--durable PATH]
///
/// With `--durable`, each body is also committed to a SQLite file before the answer
/// (`DurableFloor`): the floor under any durable receiver on this stack and this disk.
@main
struct BareRoute {
    static func main() async throws {
        let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8090
        var logger = Logger(label: "bench-bare-route")
        logger.logLevel = .warning
        let arguments = Array(CommandLine.arguments.dropFirst())
        let floor: DurableFloor?
        if let flag = arguments.firstIndex(of: "--durable") {
            guard flag + 1 < arguments.count else {
                print("bench-bare-route: --durable needs the path of a SQLite file")
                exit(2)
            }
            floor = try DurableFloor(path: arguments[flag + 1])
        } else {
            floor = nil
        }
        let router = Router()
        router.post("/webhooks/:provider") { request, _ -> Response in
            // Collected whole, as the service collects a webhook before it verifies it.
            let body = try await request.body.collect(upTo: 1 << 20)
            if let floor {
                let bytes = Array(body.readableBytesView)
                try await floor.store(id: DurableFloor.eventID(in: bytes), body: bytes)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\",\"bytes\":\(body.readableBytes)}")))
        }
        router.get("/healthz") { _, _ in "ok" }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        try await app.runService()
    }
}
