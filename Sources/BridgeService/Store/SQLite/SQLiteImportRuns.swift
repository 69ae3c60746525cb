import BridgeCore
import Foundation
import GRDB

/// Backfills as they go (`ImportRuns`).
extension SQLiteBridgeStore {
    public func importRun(provider: ProviderID, kind: ImportRun.Kind, since: Date) async throws -> ImportRun? {
        var dialect = SQLiteDialect()
        let sql = ImportRunSQL.select(provider: provider, kind: kind, since: since, &dialect)
        let arguments = dialect.arguments
        return try await pool.read { db in try Row.fetchOne(db, sql: sql, arguments: arguments).map(Self.importRun) }
    }

    public func recordImportRun(_ run: ImportRun) async throws {
        var dialect = SQLiteDialect()
        let sql = ImportRunSQL.upsert(run, &dialect)
        let arguments = dialect.arguments
        try await syncedWrite { db in try db.execute(sql: sql, arguments: arguments) }
    }

    public func latestImportRuns() async throws -> [ImportRun] {
        try await pool.read { db in try Row.fetchAll(db, sql: ImportRunSQL.latest).map(Self.importRun) }
    }

    static func importRun(_ row: Row) throws -> ImportRun {
        try ImportRunSQL.run((row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10]))
    }
}
