import BridgeService
import Foundation

/// The store an operator's command works on: it must exist (a command never creates one), and
/// the command says which file it used, on stderr so that `--json` output stays clean.
enum OperatorStore {
    static func operations() async throws -> Operations {
        Operations(store: try await store())
    }

    static func store() async throws -> any BridgeStore {
        let configuration = try Environment.configuration()
        let location = try configuration.database()
        let store = try await BridgeApplication.openExistingStore(configuration)
        FileHandle.standardError.write(Data("store: \(location)\n".utf8))
        return store
    }

    /// Who a replay is recorded as having been made by.
    static var who: String { "cli (\(ProcessInfo.processInfo.environment["USER"] ?? "unknown user"))" }
}

/// Columns padded to their widest cell, as `column -t` would; the last one is left ragged.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

enum Shown {
    static func time(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateTimeSeparator(.space).time(includingFractionalSeconds: false))
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `2026-11-26T08:00:00Z` or `2026-11-26` for `--since` and `--until`.
    static func date(_ text: String, option: String) throws -> Date {
        // A day alone means its start, in UTC.
        let full = text.count == 10 ? text + "T00:00:00Z" : text
        do {
            return try Date(full, strategy: .iso8601)
        } catch {
            throw CommandFailure("\(option) '\(text)' is not a date (2026-11-26 or 2026-11-26T08:00:00Z)")
        }
    }
}
