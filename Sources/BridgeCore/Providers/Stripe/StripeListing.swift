import Foundation

/// `backfill stripe` and `reconcile stripe`: a day Stripe still keeps events for (30 days) is
/// read from `/v1/events`, the very events the webhooks carried; an older day from Stripe's
/// objects, each made into the event the mapper reads (`StripeObjectCollection`).
public enum StripeListing {
    /// The API version objects are asked in: the shapes the mapper's fixtures hold, whatever the
    /// account's default (events keep the version they were made in).
    static let objectsVersion = "2025-10-29.clover"

    public static func make(key: String, baseURL: String?) -> EventsOrObjectsListing {
        let events = StripeEventListing(key: key, baseURL: baseURL)
        var api = events.api
        api.headers["Stripe-Version"] = objectsVersion
        return EventsOrObjectsListing(
            events: events,
            objects: ObjectListing(api: api, keyVariable: events.keyVariable, collections: collections, remembered: StripeMapper.rememberedEvents),
            eventsReach: 29 * 86_400)
    }

    /// In the order a payment's events come: the customer (its referral data), the sale, then
    /// what reverses or ends it.
    public static let collections: [any ObjectCollection] = [
        StripeObjectCollection(eventType: "customer.created", resource: "/v1/customers", query: []),
        StripeObjectCollection(eventType: "checkout.session.completed", resource: "/v1/checkout/sessions", query: ["status=complete"]),
        StripeObjectCollection(
            eventType: "invoice.paid", resource: "/v1/invoices", query: ["status=paid", "expand%5B%5D=data.payments"],
            time: { $0.status_transitions?.paid_at ?? $0.created }),
        StripeObjectCollection(
            eventType: "payment_intent.succeeded", resource: "/v1/payment_intents", query: [], keeps: { $0.status == "succeeded" }),
        StripeObjectCollection(
            eventType: "charge.refunded", resource: "/v1/refunds", query: ["expand%5B%5D=data.charge"], carried: "charge",
            keeps: { $0.status == "succeeded" || $0.status == "pending" }),
        StripeObjectCollection(
            eventType: "charge.dispute.closed", resource: "/v1/disputes", query: [],
            keeps: { ["won", "lost", "warning_closed"].contains($0.status ?? "") }),
        StripeObjectCollection(
            eventType: "customer.subscription.deleted", resource: "/v1/subscriptions", query: ["status=canceled"],
            time: { $0.ended_at ?? $0.canceled_at ?? $0.created }),
    ]
}
