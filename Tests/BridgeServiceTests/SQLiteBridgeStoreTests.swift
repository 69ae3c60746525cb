import BridgeCore
import BridgeService
import Foundation
import Testing

/// What only the SQLite store has to show: its file's durability and identity.
@Suite struct SQLiteBridgeStoreTests {
    func incoming(_ id: String) -> IncomingEvent {
        IncomingEvent(
            provider: "stripe", envelope: EventEnvelope(id: id, type: "invoice.paid", occurredAt: nil), body: Array("{}".utf8),
            headers: [:], receivedAt: Date())
    }

    /// The 200 is a promise that the event is on disk: commits are synced (FULL), on the
    /// connection that makes them, after GRDB's own WAL set-up (which sets NORMAL), and after a
    /// reopen too.
    @Test func commitsAreFullySynced() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sync-\(UUID().uuidString).sqlite").path
        let store = try SQLiteBridgeStore(path: path)
        #expect(try await store.synchronousLevel() == 2)
        _ = try await store.receive(incoming("evt_sync"))
        #expect(try await store.synchronousLevel() == 2)
        #expect(try await SQLiteBridgeStore(path: path).synchronousLevel() == 2)
    }

    /// SQLite would go on committing into a deleted file: the store notices, so that the
    /// receiver answers 503 (the provider retries) and readiness fails, instead of a 200 that a
    /// restart would forget.
    @Test func aDeletedOrReplacedDatabaseFileIsNoticed() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gone-\(UUID().uuidString).sqlite").path
        let store = try SQLiteBridgeStore(path: path)
        _ = try await store.receive(incoming("evt_before"))
        try await store.checkWritable()
        try FileManager.default.removeItem(atPath: path)
        await #expect(throws: (any Error).self) { try await store.receive(incoming("evt_after")) }
        await #expect(throws: (any Error).self) { try await store.checkWritable() }
        // Another file at the same path is not the one opened either.
        _ = try SQLiteBridgeStore(path: path)
        do {
            try await store.checkWritable()
            Issue.record("a replaced file passed the readiness check")
        } catch {
            #expect("\(error)".contains("replaced"), "\(error)")
        }
    }

    /// Processes started together on one new file migrate it once: each waits for the lock, and
    /// the later ones find nothing to apply (before, one failed: "duplicate column name").
    @Test func storesStartedTogetherOnOneNewFileMigrateOnce() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("together-\(UUID().uuidString).sqlite").path
        let stores = try (0..<3).map { _ in try SQLiteBridgeStore(opening: path, create: true) }
        let applied = try await withThrowingTaskGroup(of: [String].self) { group in
            for store in stores { group.addTask { try store.migrate() } }
            return try await group.reduce(into: [[String]]()) { $0.append($1) }
        }
        #expect(applied.filter { !$0.isEmpty }.count == 1)
        #expect(applied.flatMap { $0 }.count == Set(applied.flatMap { $0 }).count)
        #expect(try stores[2].migrate().isEmpty)
        _ = try await stores[1].receive(incoming("evt_together"))
    }
}
