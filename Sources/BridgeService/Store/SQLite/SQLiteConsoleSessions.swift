import Foundation
import GRDB

/// The console's sign-outs (`ConsoleSessions`).
extension SQLiteBridgeStore {
    public func consoleSessionsValidAfter() async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT valid_after FROM console_sessions WHERE id = 1") ?? 0
        }
    }

    public func endConsoleSessions(at date: Date) async throws {
        let millis = Millis.from(date)
        try await syncedWrite { db in
            // Never moved back: a replica with a slow clock cannot revive sessions.
            try db.execute(
                sql: """
                    INSERT INTO console_sessions (id, valid_after) VALUES (1, ?)
                    ON CONFLICT (id) DO UPDATE SET valid_after = max(valid_after, excluded.valid_after)
                    """,
                arguments: [millis])
        }
    }
}
