import Foundation

/// A provider whose API keeps its events a while (Stripe 30 days, Paddle 90): a day they still
/// reach is read from them, the very events the webhooks carried; an older day from the
/// provider's objects, each made into its event (`ObjectListing`).
public struct EventsOrObjectsListing: BackfillListing {
    public let events: any BackfillListing
    public let objects: ObjectListing
    /// A day starting later than this before now is read from events: a day short of the
    /// provider's own retention, so that a long run never reaches a day as it ages out.
    let eventsReach: TimeInterval

    public init(events: any BackfillListing, objects: ObjectListing, eventsReach: TimeInterval) {
        self.events = events
        self.objects = objects
        self.eventsReach = eventsReach
    }

    public var api: ProviderAPIAccess { events.api }
    public var keyVariable: String { events.keyVariable }

    public func reading(_ day: BackfillWindow, now: Date) -> any BackfillListing {
        day.since < now.addingTimeInterval(-eventsReach) ? objects : events
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
