import BridgeCore
import Foundation
import PostgresNIO

/// PostgreSQL rows into records, through `StoredColumns`.
extension StoredEvent {
    init(row: PostgresRandomAccessRow) throws {
        self = try StoredColumns.event(
            row: try row.value("id"), provider: try row.value("provider"), eventID: try row.value("event_id"),
            eventType: try row.value("event_type"), body: try row.bytes("body"), headers: try row.value("headers"),
            receivedAt: try row.value("received_at"), state: try row.value("state"), error: try row.value("error"),
            claimedBy: try row.value("claimed_by"))
    }
}

extension Delivery {
    init(row: PostgresRandomAccessRow) throws {
        self = try StoredColumns.delivery(
            StoredColumns.DeliveryRow(
                id: try row.value("id"), eventRow: try row.value("event_row"), provider: try row.value("provider"),
                providerEventID: try row.value("provider_event_id"), eventType: try row.value("event_type"), call: try row.value("call"),
                status: try row.value("status"), attempts: Int(try row.value("attempts", as: Int32.self)),
                nextAttemptAt: try row.value("next_attempt_at"), lastHTTPStatus: try row.value("last_http_status", as: Int32?.self).map(Int.init),
                lastResponse: try row.value("last_response"), outcome: try row.value("outcome"), note: try row.value("note"),
                createdAt: try row.value("created_at"), updatedAt: try row.value("updated_at"), queuedAt: try row.value("queued_at"),
                afterID: try row.value("after_id"), afterStatus: try row.value("after_status")))
    }
}

extension Attempt {
    init(row: PostgresRandomAccessRow) throws {
        self = try StoredColumns.attempt(
            id: try row.value("id"), deliveryID: try row.value("delivery_id"), at: try row.value("at"), kind: try row.value("kind"),
            url: try row.value("url"), httpStatus: try row.value("http_status", as: Int32?.self).map(Int.init),
            durationMilliseconds: try row.value("duration_ms", as: Int32?.self).map(Int.init), response: try row.value("response"),
            outcome: try row.value("outcome"))
    }
}
