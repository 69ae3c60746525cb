import Foundation
import GRDB

/// Copies the write-ahead log into the database file from its own connection, beside the writer:
/// left to SQLite, the commit that crosses the log's size limit does it, and the webhooks waiting
/// on that commit wait for a whole checkpoint and its fsync (tens of milliseconds under a burst).
/// A passive checkpoint never blocks the writer; the writer's own automatic checkpoint stays, at a
/// larger size, in case this one falls behind.
struct WALCheckpointer: Sendable {
    let connection: DatabaseQueue
    var every: Duration = .milliseconds(200)

    /// Pages the writer lets the log grow to before it checkpoints itself.
    static let writerLimitPages = 16_000

    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        // The checkpoint syncs the database file before it lets the log be reused.
        try connection.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    }

    /// Until cancelled; a failed checkpoint is tried again next time (the writer's own stays).
    func run(onFailure: @Sendable (any Error) -> Void) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: every)
                try checkpoint()
            } catch is CancellationError {
                return
            } catch {
                onFailure(error)
            }
        }
    }

    func checkpoint() throws {
        try connection.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
    }

    func close() throws {
        try connection.close()
    }
}
