import Foundation

/// Paddle Billing's past events from `GET /events`: the very events its notifications carried
/// (same `event_id`, same `data`), oldest first, 200 a page. Paddle keeps them 90 days.
///
/// The API has no time filter, only a cursor (`after`, an event id) over ids in order. Paddle's
/// event ids are ULIDs (`evt_` + 10 characters of milliseconds + 16 random), their time a
/// millisecond or so before `occurred_at`: a window starts after the greatest id of a minute
/// before `since`, and the events are checked against the window by their `occurred_at`, so the
/// listing stays right whatever the ids hold; it ends at the first event at or after `until`.
public struct PaddleEventListing: BackfillListing {
    public let api: ProviderAPIAccess
    public var keyVariable: String { PaddleProvider.id.variable("API_KEY") }
    /// How far back `/events` reaches.
    static let retention: TimeInterval = 90 * 86_400
    static let perPage = 200

    /// `baseURL` unset: the sandbox API for a sandbox key (`pdl_sdbx_…`), else the live one.
    public init(key: String, baseURL: String?) {
        let base = baseURL ?? (key.hasPrefix("pdl_sdbx_") ? "https://sandbox-api.paddle.com" : "https://api.paddle.com")
        api = ProviderAPIAccess(
            name: "Paddle API", baseURL: base, headers: ["Authorization": "Bearer \(key)", "Paddle-Version": "1"])
    }

    public func refusal(of window: BackfillWindow, now: Date) -> String? {
        let oldest = now.addingTimeInterval(-Self.retention)
        guard window.since < oldest else { return nil }
        return "Paddle keeps events 90 days: --since \(window.since.ISO8601Format()) is before \(oldest.ISO8601Format()); "
            + "(PaddleListing reads older days from Paddle's transactions)"
    }

    public func eventTypes(routed: [String]) -> [String] {
        Self.listed(routed: routed, remembered: PaddleMapper.rememberedEvents)
    }

    public func firstRequest(for window: BackfillWindow, eventTypes: [String]) -> ListingRequest {
        ListingRequest(path: path(eventTypes: eventTypes, after: Self.cursor(before: window.since)), page: 1)
    }

    func path(eventTypes: [String], after: String?) -> String {
        var query = ["order_by=id%5BASC%5D", "per_page=\(Self.perPage)"]
        let types = Set(eventTypes).sorted()
        if !types.isEmpty { query.append("event_type=" + types.map(APIPath.encoded).joined(separator: ",")) }
        if let after { query.append("after=\(APIPath.encoded(after))") }
        return "/events?" + query.joined(separator: "&")
    }

    static let crockford = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// How much earlier than its `occurred_at` an event's id may tell (a millisecond is seen).
    static let idSlackMilliseconds: Int64 = 60_000

    /// The greatest event id (or another entity's, after its `prefix`: `adj_`) of a minute before
    /// `since`: every one of `since` or later has a greater id. Nil near the epoch (the listing
    /// then starts at the oldest).
    public static func cursor(before since: Date, prefix: String = "evt_") -> String? {
        let sinceMilliseconds = (since.timeIntervalSince1970 * 1000).rounded(.down)
        // A ULID's 48 bits of milliseconds reach the year 10889.
        guard sinceMilliseconds.isFinite, sinceMilliseconds >= Double(idSlackMilliseconds), sinceMilliseconds < 0x1_0000_0000_0000 else { return nil }
        let milliseconds = Int64(sinceMilliseconds) - idSlackMilliseconds
        var time = [UInt8](repeating: 0, count: 10)
        var rest = milliseconds
        for index in time.indices.reversed() {
            time[index] = crockford[Int(rest & 31)]
            rest >>= 5
        }
        return prefix + String(decoding: time, as: UTF8.self) + String(repeating: "z", count: 16)
    }

    struct Page: Decodable {
        struct Event: Decodable {
            let event_id: String
            let event_type: String
            let occurred_at: String
        }
        struct Meta: Decodable {
            struct Pagination: Decodable { let has_more: Bool }
            let pagination: Pagination
        }
        let data: [Event]
        let meta: Meta
    }

    public func read(_ body: [UInt8], of request: ListingRequest, window: BackfillWindow, eventTypes: [String]) throws -> ListingPage {
        let (page, slices) = try ListedPage(body, as: Page.self, what: "Paddle's event list") { $0.data.count }.parts
        let types = Set(eventTypes)
        var events: [ListedEvent] = []
        for (event, slice) in zip(page.data, slices) {
            guard let time = PayloadTime.rfc3339(event.occurred_at) else {
                throw PayloadError("Paddle's event list: \(event.event_id) has occurred_at \(event.occurred_at.debugDescription), not an RFC 3339 time")
            }
            // Ids in order are times in order: the first event of `until` or later ends the window.
            if time.date >= window.until { return ListingPage(events: events, next: nil) }
            guard time.date >= window.since, types.isEmpty || types.contains(event.event_type) else { continue }
            events.append(ListedEvent(body: Array(body[slice])))
        }
        guard page.meta.pagination.has_more else { return ListingPage(events: events, next: nil) }
        guard let last = page.data.last?.event_id else { throw PayloadError("Paddle's event list: has_more is true on an empty page") }
        return ListingPage(events: events, next: request.next(path(eventTypes: eventTypes, after: last)))
    }
}
