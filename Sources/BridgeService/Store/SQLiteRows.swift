import BridgeCore
import Foundation
import GRDB

/// Times are stored as integer milliseconds since 1970.
enum Millis {
    static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(millis) / 1000) }
    static func now() -> Int64 { from(Date()) }
}

extension StoredEvent {
    /// Throws when the row's kept headers are not the JSON the store wrote: a bad row is named,
    /// never read as "no headers".
    init(row: Row) throws {
        let body: Data = row["body"]
        let headersJSON: String = row["headers"]
        let headers: [String: String]
        do {
            headers = try JSONDecoder().decode([String: String].self, from: Data(headersJSON.utf8))
        } catch {
            throw StoreRowError(table: "events", id: row["id"], problem: "headers are not a JSON object of strings: \(error)")
        }
        self.init(
            row: row["id"], provider: ProviderID(rawValue: row["provider"]), eventID: row["event_id"],
            eventType: row["event_type"], body: Array(body),
            headers: headers,
            receivedAt: Millis.date(row["received_at"]),
            state: EventState(rawValue: row["state"]) ?? .failed, error: row["error"], claimedBy: row["claimed_by"])
    }
}

extension Delivery {
    init(row: Row) {
        let callJSON: String? = row["call"]
        self.init(
            id: row["id"], eventRow: row["event_row"], provider: row["provider"], providerEventID: row["provider_event_id"],
            eventType: row["event_type"],
            call: callJSON.flatMap { try? JSONDecoder().decode(FirstPromoterCall.self, from: Data($0.utf8)) },
            status: DeliveryStatus(rawValue: row["status"]) ?? .dead, attempts: row["attempts"],
            nextAttemptAt: Millis.date(row["next_attempt_at"]), lastHTTPStatus: row["last_http_status"],
            lastResponse: row["last_response"], outcome: row["outcome"], note: row["note"],
            createdAt: Millis.date(row["created_at"]), updatedAt: Millis.date(row["updated_at"]),
            afterID: row["after_id"], afterStatus: (row["after_status"] as String?).flatMap(DeliveryStatus.init(rawValue:)))
    }
}

/// A row the store wrote but cannot read back.
struct StoreRowError: Error, CustomStringConvertible {
    let table: String
    let id: Int64
    let problem: String
    var description: String { "\(table) row \(id): \(problem)" }
}
