import Benchmark
import BridgeCore
import BridgeService
import Foundation
import Logging
import Synchronization

/// The store's insert: `receive`, the durable commit every 200 waits for. One at a time (each
/// its own synced commit: the disk's fsync sets the pace), and 32 at once as the receiver sends
/// them under load (group commit: one synced commit for the lot). On a fresh SQLite file in the
/// temporary folder, and on PostgreSQL in a schema of its own where `POSTGRES_TEST_URL` is set.
/// The body is a 1.3 KB Stripe invoice, stored as the receiver stores it.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3), maxIterations: 100_000)

    for engine in StoreEngine.available {
        Benchmark("\(engine.name) insert, one at a time") { benchmark in
            let store = try await engine.open()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try await store.receive(Insert.next()))
            }
            benchmark.stopMeasurement()
            try await store.close()
        }
        Benchmark("\(engine.name) insert, 32 at once (a sample is the 32)") { benchmark in
            let store = try await engine.open()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<32 { group.addTask { blackHole(try await store.receive(Insert.next())) } }
                    try await group.waitForAll()
                }
            }
            benchmark.stopMeasurement()
            try await store.close()
        }
    }
}

/// Where the benchmark stores.
struct StoreEngine: Sendable {
    var name: String
    var open: @Sendable () async throws -> any BridgeStore

    static var available: [StoreEngine] {
        var engines = [
            StoreEngine(name: "sqlite") {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-insert-\(UUID().uuidString).sqlite").path
                return try SQLiteBridgeStore(path: path)
            }
        ]
        if let url = ProcessInfo.processInfo.environment["POSTGRES_TEST_URL"], !url.isEmpty {
            engines.append(
                StoreEngine(name: "postgres") {
                    var location = try PostgresLocation(url: url)
                    location.schema = "bridge_bench_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
                    let store = try PostgresBridgeStore(location, logger: Logger(label: "bench-insert"))
                    _ = try await store.migrate()
                    return store
                })
        }
        return engines
    }
}

/// A distinct event each time, with the body and headers of a real Stripe invoice.
enum Insert {
    static let body: [UInt8] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/stripe/invoice.paid.basil-tax-discount.json").path
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("no fixture at \(path)") }
        return Array(data)
    }()
    static let counter = Counter()

    static func next() -> IncomingEvent {
        IncomingEvent(
            provider: "stripe", envelope: EventEnvelope(id: "evt_bench_\(counter.next())", type: "invoice.paid", occurredAt: nil),
            body: body, headers: ["Stripe-Signature": "t=1733000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"],
            receivedAt: Date())
    }
}

/// Unique ids across the benchmark's runs.
final class Counter: Sendable {
    private let value = Mutex<Int>(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
