import ArgumentParser
import BridgeService
import Foundation
import Logging

struct MigrateStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy the configured SQLite store (events, deliveries, attempts, memory) into a PostgreSQL database.",
        discussion: """
            Stop the service first, so that nothing changes while it copies. Ids are kept. Stopped at any point, it \
            goes on from the last row copied when run again. Then set BRIDGE_DATABASE_URL to the new URL and start \
            the replicas.
            """)

    @Option(help: "The PostgreSQL database to copy into: postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=...&schema=...].")
    var to: String

    func run() async throws {
        let configuration = try Environment.configuration()
        guard case .sqlite(let path) = try configuration.database() else {
            throw CommandFailure("migrate-store copies from a SQLite store; BRIDGE_DATABASE_URL is \(try configuration.database())")
        }
        guard case .postgres(let location) = try DatabaseLocation(url: to) else {
            throw CommandFailure("--to must be a postgres:// URL")
        }
        let source = try SQLiteBridgeStore(opening: path, create: false)
        _ = try source.migrate()
        let destination = try PostgresBridgeStore(location, logger: Logger(label: "billing-bridge"))
        let applied = try await destination.migrate()
        print("from sqlite://\(path) to \(location)\(applied.isEmpty ? "" : " (schema created: \(applied.joined(separator: ", ")))")")
        let started = Date()
        try await StoreCopier(from: source, to: destination).copy { progress in
            print("\(progress.table): \(progress.copied) of \(progress.total)")
        }
        try await destination.close()
        print("copied in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; set BRIDGE_DATABASE_URL to the new URL and start the service")
    }
}
