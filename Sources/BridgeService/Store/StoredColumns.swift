import BridgeCore
import Foundation

/// Rows as every store reads them back, column by column: each engine pulls its columns and
/// builds its records here, so that a bad row (an unknown state, headers or a call that no longer
/// decode) is refused the same way on both, named, and never read as something else.
enum StoredColumns {
    static func event(
        row: Int64, provider: String, eventID: String, eventType: String, body: [UInt8], headers headersJSON: String,
        receivedAt: Int64, state stateText: String, error: String?, claimedBy: String?
    ) throws -> StoredEvent {
        guard let state = EventState(rawValue: stateText) else {
            throw StoreRowError(table: "events", id: row, problem: "unknown state '\(stateText)'")
        }
        let headers: [String: String]
        do {
            headers = try JSONDecoder().decode([String: String].self, from: Data(headersJSON.utf8))
        } catch {
            throw StoreRowError(table: "events", id: row, problem: "headers are not a JSON object of strings: \(error)")
        }
        return StoredEvent(
            row: row, provider: ProviderID(rawValue: provider), eventID: eventID, eventType: eventType, body: body, headers: headers,
            receivedAt: Millis.date(receivedAt), state: state, error: error, claimedBy: claimedBy)
    }

    struct DeliveryRow {
        var id: Int64
        var eventRow: Int64
        var provider: String
        var providerEventID: String
        var eventType: String
        var call: String?
        var status: String
        var attempts: Int
        var nextAttemptAt: Int64
        var lastHTTPStatus: Int?
        var lastResponse: String?
        var outcome: String?
        var note: String?
        var createdAt: Int64
        var updatedAt: Int64
        var queuedAt: Int64?
        var afterID: Int64?
        var afterStatus: String?
    }

    static func delivery(_ row: DeliveryRow) throws -> Delivery {
        var call: FirstPromoterCall?
        if let json = row.call {
            do {
                call = try JSONDecoder().decode(FirstPromoterCall.self, from: Data(json.utf8))
            } catch {
                throw StoreRowError(table: "deliveries", id: row.id, problem: "its call is not readable: \(error)")
            }
        }
        return Delivery(
            id: row.id, eventRow: row.eventRow, provider: row.provider, providerEventID: row.providerEventID, eventType: row.eventType,
            call: call, status: try status(row.status, delivery: row.id), attempts: row.attempts,
            nextAttemptAt: Millis.date(row.nextAttemptAt), lastHTTPStatus: row.lastHTTPStatus, lastResponse: row.lastResponse,
            outcome: row.outcome, note: row.note, createdAt: Millis.date(row.createdAt), updatedAt: Millis.date(row.updatedAt),
            queuedAt: Millis.date(row.queuedAt ?? row.createdAt), afterID: row.afterID,
            afterStatus: try row.afterStatus.map { try status($0, delivery: row.afterID ?? row.id) })
    }

    static func status(_ text: String, delivery id: Int64) throws -> DeliveryStatus {
        guard let status = DeliveryStatus(rawValue: text) else {
            throw StoreRowError(table: "deliveries", id: id, problem: "unknown status '\(text)'")
        }
        return status
    }

    static func attempt(
        id: Int64, deliveryID: Int64, at: Int64, kind kindText: String, url: String?, httpStatus: Int?, durationMilliseconds: Int?,
        response: String?, outcome: String
    ) throws -> Attempt {
        guard let kind = AttemptKind(rawValue: kindText) else {
            throw StoreRowError(table: "attempts", id: id, problem: "unknown kind '\(kindText)'")
        }
        return Attempt(
            id: id, deliveryID: deliveryID, at: Millis.date(at), kind: kind, url: url, httpStatus: httpStatus,
            durationMilliseconds: durationMilliseconds, response: response, outcome: outcome)
    }

    /// A response kept in an attempt's history: enough to see what was said.
    static func kept(_ response: String?) -> String? {
        guard let response, response.utf8.count > Attempt.maxResponseBytes else { return response }
        return String(decoding: response.utf8.prefix(Attempt.maxResponseBytes), as: UTF8.self) + "…"
    }
}

/// Times are stored as integer milliseconds since 1970, on every engine.
enum Millis {
    static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(millis) / 1000) }
    static func now() -> Int64 { from(Date()) }
    static func of(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}

/// A row the store wrote but cannot read back.
struct StoreRowError: Error, CustomStringConvertible {
    let table: String
    let id: Int64
    let problem: String
    var description: String { "\(table) row \(id): \(problem)" }
}
