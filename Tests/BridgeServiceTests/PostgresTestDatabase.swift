import BridgeService
import Foundation
import Logging
import PostgresNIO
import Testing

/// A fresh, empty PostgreSQL database for one test, on the server `POSTGRES_TEST_URL` names
/// (`.ci/run` starts one; see the README). Without it, the PostgreSQL tests are skipped.
enum PostgresTestDatabase {
    static let url = ProcessInfo.processInfo.environment["POSTGRES_TEST_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let skipped: Comment = "POSTGRES_TEST_URL is not set: PostgreSQL tests skipped"
    /// The test server's certificate (`scripts/test-postgres ca`), for the TLS tests.
    static let certificate = ProcessInfo.processInfo.environment["POSTGRES_TEST_CA"].flatMap { $0.isEmpty ? nil : $0 }

    /// Runs statements as the test user, outside any store.
    static func execute(_ sql: String, in location: PostgresLocation) async throws {
        let client = PostgresClient(
            configuration: .init(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: .disable),
            backgroundLogger: Logger(label: "postgres-test"))
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            try await client.withConnection { connection in
                _ = try await connection.simpleQuery(sql).get()
            }
            group.cancelAll()
        }
    }

    /// The first column of the first row of one query, as the test user, outside any store.
    static func integer(_ sql: String, in location: PostgresLocation) async throws -> Int64? {
        let client = PostgresClient(
            configuration: .init(
                host: location.host, port: location.port, username: location.user, password: location.password,
                database: location.database, tls: .disable),
            backgroundLogger: Logger(label: "postgres-test"))
        return try await withThrowingTaskGroup(of: Int64?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            let value = try await client.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "postgres-test"))
                    .decode(Int64?.self).first { _ in true } ?? nil
            }
            group.cancelAll()
            return value
        }
    }

    /// A schema of its own, `bridge_test_…`, in the database `POSTGRES_TEST_URL` names: made by
    /// the store's first migration (a schema is much cheaper than a database, and tests run in
    /// parallel). A pool of 2: tests open many stores.
    static func fresh() async throws -> PostgresLocation {
        guard let url else { throw ConfigurationError(variable: "POSTGRES_TEST_URL", problem: "not set") }
        var location = try PostgresLocation(url: url)
        location.sslMode = .disable
        location.schema = "bridge_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        location.poolSize = 2
        return location
    }

    /// A store on a fresh database.
    static func store() async throws -> (PostgresBridgeStore, PostgresLocation) {
        let location = try await fresh()
        let store = try PostgresBridgeStore(location, logger: Logger(label: "postgres-test"))
        _ = try await store.migrate()
        return (store, location)
    }
}
