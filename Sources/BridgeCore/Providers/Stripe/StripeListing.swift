import Foundation

/// `backfill stripe` and `reconcile stripe`: a day Stripe still keeps events for (30 days) is
/// read from `/v1/events`, the very events the webhooks carried; an older day from Stripe's
/// objects, each made into the event the mapper reads (`StripeObjectCollection`).
public struct StripeListing: BackfillListing {
    let events: StripeEventListing
    let objects: ObjectListing
    public var api: ProviderAPIAccess { events.api }
    public var keyVariable: String { events.keyVariable }
    /// A day starting later than this before now is read from events: Stripe keeps them 30 days,
    /// and a long run must not reach a day as it ages out.
    static let eventsReach: TimeInterval = 29 * 86_400

    /// The API version objects are asked in: the shapes the mapper's fixtures hold, whatever the
    /// account's default (events keep the version they were made in).
    static let objectsVersion = "2025-10-29.clover"

    public init(key: String, baseURL: String?) {
        events = StripeEventListing(key: key, baseURL: baseURL)
        var api = events.api
        api.headers["Stripe-Version"] = Self.objectsVersion
        objects = ObjectListing(api: api, keyVariable: events.keyVariable, collections: Self.collections, remembered: StripeMapper.rememberedEvents)
    }

    /// In the order a payment's events come: the customer (its referral data), the sale, then
    /// what reverses or ends it.
    public static let collections: [any ObjectCollection] = [
        StripeObjectCollection(eventType: "customer.created", resource: "/v1/customers", query: []),
        StripeObjectCollection(eventType: "checkout.session.completed", resource: "/v1/checkout/sessions", query: ["status=complete"]),
        StripeObjectCollection(
            eventType: "invoice.paid", resource: "/v1/invoices", query: ["status=paid", "expand%5B%5D=data.payments"], time: { $0.status_transitions?.paid_at ?? $0.created }),
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

    public func reading(_ day: BackfillWindow, now: Date) -> any BackfillListing {
        day.since < now.addingTimeInterval(-Self.eventsReach) ? objects : events
    }

    public func refusal(of window: BackfillWindow, now: Date) -> String? { nil }

    public func eventTypes(routed: [String]) -> [String] { events.eventTypes(routed: routed) }

    public func firstRequest(for window: BackfillWindow, eventTypes: [String]) -> ListingRequest {
        events.firstRequest(for: window, eventTypes: eventTypes)
    }

    public func read(_ body: [UInt8], of request: ListingRequest, window: BackfillWindow, eventTypes: [String]) throws -> ListingPage {
        try events.read(body, of: request, window: window, eventTypes: eventTypes)
    }
}
