import BridgeCore
import Foundation
import GRDB

/// SQLite rows into records, through `StoredColumns`.
extension StoredEvent {
    init(row: Row) throws {
        let body: Data = row["body"]
        self = try StoredColumns.event(
            row: row["id"], provider: row["provider"], eventID: row["event_id"], eventType: row["event_type"], body: Array(body),
            headers: row["headers"], receivedAt: row["received_at"], state: row["state"], error: row["error"],
            claimedBy: row["claimed_by"])
    }
}

extension Delivery {
    init(row: Row) throws {
        self = try StoredColumns.delivery(
            StoredColumns.DeliveryRow(
                id: row["id"], eventRow: row["event_row"], provider: row["provider"], providerEventID: row["provider_event_id"],
                eventType: row["event_type"], call: row["call"], status: row["status"], attempts: row["attempts"],
                nextAttemptAt: row["next_attempt_at"], lastHTTPStatus: row["last_http_status"], lastResponse: row["last_response"],
                outcome: row["outcome"], note: row["note"], createdAt: row["created_at"], updatedAt: row["updated_at"],
                queuedAt: row["queued_at"], afterID: row["after_id"], afterStatus: row["after_status"]))
    }
}

extension Attempt {
    init(row: Row) throws {
        self = try StoredColumns.attempt(
            id: row["id"], deliveryID: row["delivery_id"], at: row["at"], kind: row["kind"], url: row["url"],
            httpStatus: row["http_status"], durationMilliseconds: row["duration_ms"], response: row["response"], outcome: row["outcome"])
    }
}
