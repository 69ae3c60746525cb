import Foundation
import GRDB

/// The least a durable receiver does beyond the bare route: each body is inserted, with a unique
/// index on its event id, into a SQLite file (WAL, synchronous FULL) by one writer thread that
/// commits whatever arrived meanwhile together, and the answer waits for that commit. Nothing is
/// verified or parsed beyond finding the id; no log line. Measures what durability itself costs
/// on this machine, so that the service's figures can be read against it.
final class DurableFloor: @unchecked Sendable {
    private let database: DatabaseQueue
    private let condition = NSCondition()
    private var pending: [(id: String, body: [UInt8], done: CheckedContinuation<Void, any Error>)] = []

    init(path: String) throws {
        database = try DatabaseQueue(path: path)
        try database.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,
                    received_at INTEGER NOT NULL, body BLOB NOT NULL)
                """)
        }
        let thread = Thread { [self] in writeForever() }
        thread.start()
    }

    func store(id: String, body: [UInt8]) async throws {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            pending.append((id, body, continuation))
            condition.signal()
            condition.unlock()
        }
    }

    private func writeForever() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            let batch = pending
            pending = []
            condition.unlock()
            do {
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try database.inTransaction(.immediate) { db in
                    for item in batch {
                        try db.cachedStatement(
                            sql: "INSERT INTO events (event_id, received_at, body) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING"
                        ).execute(arguments: [item.id, now, Data(item.body)])
                    }
                    return .commit
                }
                for item in batch { item.done.resume() }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
    }
}

extension DurableFloor {
    /// The first `"id":"…"` of the body: the event's id in a Stripe event. A body without one
    /// (not the benchmark's load) is stored under an id of its own, never refused.
    static func eventID(in body: [UInt8]) -> String {
        let marker = Array(#""id":""#.utf8)
        guard body.count > marker.count else { return UUID().uuidString }
        for start in 0...(body.count - marker.count) where body[start..<(start + marker.count)].elementsEqual(marker) {
            let from = start + marker.count
            guard let end = body[from...].firstIndex(of: UInt8(ascii: "\"")) else { break }
            return String(decoding: body[from..<end], as: UTF8.self)
        }
        return UUID().uuidString
    }
}
