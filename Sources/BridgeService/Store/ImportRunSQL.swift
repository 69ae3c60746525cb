import BridgeCore
import Foundation

/// `import_runs`' statements, written once for both engines (`SQLDialect`), and its rows read
/// back into `ImportRun`s. Times are milliseconds since 1970.
enum ImportRunSQL {
    /// The same on both engines: integers are 64-bit on both.
    static let table = """
        CREATE TABLE import_runs (
            provider TEXT NOT NULL,
            kind TEXT NOT NULL,
            since BIGINT NOT NULL,
            until BIGINT NOT NULL,
            done_until BIGINT NOT NULL,
            events BIGINT NOT NULL,
            imported BIGINT NOT NULL,
            duplicates BIGINT NOT NULL,
            started_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            stopped TEXT,
            PRIMARY KEY (provider, kind, since)
        )
        """

    static let columns = "provider, kind, since, until, done_until, events, imported, duplicates, started_at, updated_at, stopped"

    /// One row's columns, in `columns`' order, as both engines read them.
    typealias Row = (String, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, String?)

    static func upsert(_ run: ImportRun, _ sql: inout some SQLDialect) -> String {
        let values: [SQLValue] = [
            .text(run.provider.rawValue), .text(run.kind.rawValue), .integer(Millis.from(run.since)), .integer(Millis.from(run.until)),
            .integer(Millis.from(run.doneUntil)), .integer(Int64(run.events)), .integer(Int64(run.imported)), .integer(Int64(run.duplicates)),
            .integer(Millis.from(run.startedAt)), .integer(Millis.from(run.updatedAt)), run.stopped.map { .text($0) } ?? .null,
        ]
        let placeholders = values.map { sql.bind($0) }.joined(separator: ", ")
        let updated = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !["provider", "kind", "since"].contains($0) }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO import_runs (\(columns)) VALUES (\(placeholders)) ON CONFLICT (provider, kind, since) DO UPDATE SET \(updated)"
    }

    static func select(provider: ProviderID, kind: ImportRun.Kind, since: Date, _ sql: inout some SQLDialect) -> String {
        "SELECT \(columns) FROM import_runs WHERE provider = \(sql.bind(.text(provider.rawValue))) AND kind = \(sql.bind(.text(kind.rawValue))) "
            + "AND since = \(sql.bind(.integer(Millis.from(since))))"
    }

    /// Each provider and kind's most recently updated run.
    static let latest = """
        SELECT \(columns) FROM import_runs r
        WHERE updated_at = (SELECT max(updated_at) FROM import_runs o WHERE o.provider = r.provider AND o.kind = r.kind)
        ORDER BY updated_at DESC, provider
        """

    static func run(_ row: Row) throws -> ImportRun {
        guard let kind = ImportRun.Kind(rawValue: row.1) else {
            throw StoreRowError(table: "import_runs", id: row.2, problem: "kind '\(row.1)' is none this version knows")
        }
        return ImportRun(
            provider: ProviderID(rawValue: row.0), kind: kind, since: Millis.date(row.2), until: Millis.date(row.3),
            doneUntil: Millis.date(row.4), events: Int(row.5), imported: Int(row.6), duplicates: Int(row.7),
            startedAt: Millis.date(row.8), updatedAt: Millis.date(row.9), stopped: row.10)
    }
}
