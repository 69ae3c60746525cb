import Foundation

/// `backfill paddle` and `reconcile paddle`: a day Paddle still keeps events for (90 days) is read
/// from `/events`, the very events its notifications carried; an older day from its completed
/// transactions (each with its customer), approved refunds and chargebacks, and canceled
/// subscriptions (`PaddleObjectCollection`).
public enum PaddleListing {
    public static func make(key: String, baseURL: String?) -> EventsOrObjectsListing {
        let events = PaddleEventListing(key: key, baseURL: baseURL)
        return EventsOrObjectsListing(
            events: events,
            objects: ObjectListing(api: events.api, keyVariable: events.keyVariable, collections: collections, remembered: PaddleMapper.rememberedEvents),
            eventsReach: 89 * 86_400)
    }

    static let collections: [any ObjectCollection] = [
        PaddleObjectCollection(
            eventType: "transaction.completed", resource: "/transactions", query: ["status=completed"], reach: .billed, time: { $0.billed_at }),
        PaddleObjectCollection(
            eventType: "adjustment.updated", resource: "/adjustments", query: ["status=approved"], reach: .idsFrom(prefix: "adj_"),
            // Paddle writes a zero `updated_at` (0001-01-01) on one never updated.
            time: { $0.updated_at.flatMap { $0.hasPrefix("0001-") ? nil : $0 } ?? $0.created_at },
            keeps: { ["refund", "chargeback", "chargeback_warning"].contains($0.action ?? "") }),
        PaddleObjectCollection(
            eventType: "subscription.canceled", resource: "/subscriptions", query: ["status=canceled"], reach: .everything,
            time: { $0.canceled_at }),
    ]
}
