import Foundation

/// `backfill recurly` and `reconcile recurly`: Recurly's v3 API keeps no list of the webhooks it
/// sent, so its paid charge invoices, successful refunds and ended subscriptions are listed a
/// day at a time and made into the JSON webhooks that name them (`RecurlyObjectCollection`); the
/// mapper fetches each object, as it does for a webhook.
public enum RecurlyListing {
    public static func make(key: String, baseURL: String?) -> ObjectListing {
        let collections: [any ObjectCollection] = [
            RecurlyObjectCollection(
                eventType: "charge_invoice.paid", resource: "/invoices", query: ["type=charge"], sortedOn: "created_at",
                keeps: { $0.state == "paid" }, time: { $0.closed_at ?? $0.created_at }, byNumber: true),
            RecurlyObjectCollection(
                eventType: "payment.refunded", resource: "/transactions", query: ["type=refund", "success=true"], sortedOn: "created_at",
                keeps: { _ in true }, time: { $0.collected_at ?? $0.created_at }, byNumber: false),
            // A canceled subscription expires at its term's end: either is its cancellation.
            RecurlyObjectCollection(
                eventType: "subscription.canceled", resource: "/subscriptions", query: ["state=canceled"], sortedOn: "updated_at",
                keeps: { _ in true }, time: { $0.canceled_at ?? $0.updated_at }, byNumber: false),
            RecurlyObjectCollection(
                eventType: "subscription.canceled", resource: "/subscriptions", query: ["state=expired"], sortedOn: "updated_at",
                keeps: { _ in true }, time: { $0.canceled_at ?? $0.expires_at ?? $0.updated_at }, byNumber: false),
        ]
        return ObjectListing(
            api: RecurlyProvider.api(key: key, baseURL: baseURL), keyVariable: RecurlyProvider.id.variable("API_KEY"), collections: collections, remembered: [])
    }
}
