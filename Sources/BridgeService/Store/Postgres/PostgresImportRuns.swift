import BridgeCore
import Foundation
import PostgresNIO

/// Backfills as they go (`ImportRuns`).
extension PostgresBridgeStore {
    public func importRun(provider: ProviderID, kind: ImportRun.Kind, since: Date) async throws -> ImportRun? {
        var statement = PostgresStatement()
        let sql = ImportRunSQL.select(provider: provider, kind: kind, since: since, &statement)
        statement.append(sql)
        return try await read("read a backfill", statement.query, Self.importRun).first
    }

    public func recordImportRun(_ run: ImportRun) async throws {
        var statement = PostgresStatement()
        let sql = ImportRunSQL.upsert(run, &statement)
        statement.append(sql)
        let (query, logger) = (statement.query, logger)
        try await transaction("record a backfill") { connection in _ = try await connection.query(query, logger: logger) }
    }

    public func latestImportRuns() async throws -> [ImportRun] {
        try await read("read the latest backfills", PostgresQuery(unsafeSQL: ImportRunSQL.latest), Self.importRun)
    }

    @Sendable static func importRun(_ row: PostgresRandomAccessRow) throws -> ImportRun {
        try ImportRunSQL.run(
            (try row.value("provider", as: String.self), try row.value("kind", as: String.self), try row.value("since", as: Int64.self),
             try row.value("until", as: Int64.self), try row.value("done_until", as: Int64.self), try row.value("events", as: Int64.self),
             try row.value("imported", as: Int64.self), try row.value("duplicates", as: Int64.self),
             try row.value("started_at", as: Int64.self), try row.value("updated_at", as: Int64.self),
             try row.value("stopped", as: String?.self)))
    }
}
