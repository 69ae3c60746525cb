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
        let stateText: String = row["state"]
        guard let state = EventState(rawValue: stateText) else {
            throw StoreRowError(table: "events", id: row["id"], problem: "unknown state '\(stateText)'")
        }
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
            state: state, error: row["error"], claimedBy: row["claimed_by"])
    }
}

extension Delivery {
    /// Throws on a row that is not what the store writes (an unknown status, a call that no
    /// longer decodes): named, never read as something else.
    init(row: Row) throws {
        let id: Int64 = row["id"]
        let callJSON: String? = row["call"]
        var call: FirstPromoterCall?
        if let callJSON {
            do {
                call = try JSONDecoder().decode(FirstPromoterCall.self, from: Data(callJSON.utf8))
            } catch {
                throw StoreRowError(table: "deliveries", id: id, problem: "its call is not readable: \(error)")
            }
        }
        let statusText: String = row["status"]
        guard let status = DeliveryStatus(rawValue: statusText) else {
            throw StoreRowError(table: "deliveries", id: id, problem: "unknown status '\(statusText)'")
        }
        let created: Int64 = row["created_at"]
        let queued: Int64? = row["queued_at"]
        self.init(
            id: id, eventRow: row["event_row"], provider: row["provider"], providerEventID: row["provider_event_id"],
            eventType: row["event_type"], call: call, status: status, attempts: row["attempts"],
            nextAttemptAt: Millis.date(row["next_attempt_at"]), lastHTTPStatus: row["last_http_status"],
            lastResponse: row["last_response"], outcome: row["outcome"], note: row["note"],
            createdAt: Millis.date(created), updatedAt: Millis.date(row["updated_at"]), queuedAt: Millis.date(queued ?? created),
            afterID: row["after_id"], afterStatus: (row["after_status"] as String?).flatMap(DeliveryStatus.init(rawValue:)))
    }
}

extension Attempt {
    init(row: Row) throws {
        let id: Int64 = row["id"]
        let kindText: String = row["kind"]
        guard let kind = AttemptKind(rawValue: kindText) else {
            throw StoreRowError(table: "attempts", id: id, problem: "unknown kind '\(kindText)'")
        }
        self.init(
            id: id, deliveryID: row["delivery_id"], at: Millis.date(row["at"]), kind: kind, url: row["url"],
            httpStatus: row["http_status"], durationMilliseconds: row["duration_ms"], response: row["response"],
            outcome: row["outcome"])
    }
}

/// A row the store wrote but cannot read back.
struct StoreRowError: Error, CustomStringConvertible {
    let table: String
    let id: Int64
    let problem: String
    var description: String { "\(table) row \(id): \(problem)" }
}
