import Foundation

/// Stripe's past events from `GET /v1/events`: the very events its webhooks carried, same ids and
/// bodies, newest first, 100 a page, `starting_after` the last id for the next (older) page.
/// Stripe keeps them 30 days.
public struct StripeEventListing: BackfillListing {
    public let api: ProviderAPIAccess
    public var keyVariable: String { StripeProvider.id.variable("API_KEY") }
    /// How far back `/v1/events` reaches.
    static let retention: TimeInterval = 30 * 86_400
    /// Stripe's limit on `types[]` in one listing: more, and every type is listed.
    static let maxTypes = 20

    public init(key: String, baseURL: String?) {
        api = ProviderAPIAccess(name: "Stripe API", baseURL: baseURL ?? "https://api.stripe.com", headers: ["Authorization": "Bearer \(key)"])
    }

    public func refusal(of window: BackfillWindow, now: Date) -> String? {
        let oldest = now.addingTimeInterval(-Self.retention)
        guard window.since < oldest else { return nil }
        return "Stripe keeps events 30 days: --since \(window.since.ISO8601Format()) is before \(oldest.ISO8601Format()) (StripeListing reads older days from Stripe's objects)"
    }

    public func eventTypes(routed: [String]) -> [String] {
        Self.listed(routed: routed, remembered: StripeMapper.rememberedEvents)
    }

    public func firstRequest(for window: BackfillWindow, eventTypes: [String]) -> ListingRequest {
        ListingRequest(path: path(window: window, eventTypes: eventTypes, after: nil), page: 1)
    }

    func path(window: BackfillWindow, eventTypes: [String], after: String?) -> String {
        var query = ["limit=100", "created%5Bgte%5D=\(window.sinceSeconds)", "created%5Blt%5D=\(window.untilSeconds)"]
        let types = Set(eventTypes).sorted()
        if !types.isEmpty, types.count <= Self.maxTypes { query += types.map { "types%5B%5D=\(APIPath.encoded($0))" } }
        if let after { query.append("starting_after=\(APIPath.encoded(after))") }
        return "/v1/events?" + query.joined(separator: "&")
    }

    struct Page: Decodable {
        struct Event: Decodable { let id: String }
        let data: [Event]
        let has_more: Bool
    }

    public func read(_ body: [UInt8], of request: ListingRequest, window: BackfillWindow, eventTypes: [String]) throws -> ListingPage {
        let (page, slices) = try ListedPage(body, as: Page.self, what: "Stripe's event list") { $0.data.count }.parts
        let events = slices.map { ListedEvent(body: Array(body[$0])) }
        guard page.has_more else { return ListingPage(events: events, next: nil) }
        guard let last = page.data.last?.id else { throw PayloadError("Stripe's event list: has_more is true on an empty page") }
        return ListingPage(
            events: events, next: request.next(path(window: window, eventTypes: eventTypes, after: last)))
    }
}
