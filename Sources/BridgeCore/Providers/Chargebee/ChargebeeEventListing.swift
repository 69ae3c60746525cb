import Foundation

/// Chargebee's past events from `GET /api/v2/events`: the very events its webhooks carried (each
/// list entry's `event`, byte for byte), oldest first, 100 a page, `next_offset` for the next.
/// HTTP Basic with the API key as the username.
public struct ChargebeeEventListing: BackfillListing {
    public let api: ProviderAPIAccess
    public var keyVariable: String { ChargebeeProvider.id.variable("API_KEY") }
    /// Why the API cannot be asked (the site is missing or not a site name), or nil.
    let problem: String?

    /// `site` is the subdomain (`acme` or `acme-test`); `baseURL` replaces `https://{site}.chargebee.com`.
    public init(site: String?, key: String, baseURL: String?) {
        var base = baseURL
        var problem: String?
        if base == nil {
            if let site, Self.isSiteName(site) {
                base = "https://\(site).chargebee.com"
            } else {
                problem = site.map { "CHARGEBEE_SITE '\($0)' is not a Chargebee site name (the acme of acme.chargebee.com)" }
                    ?? "set CHARGEBEE_SITE, the site's name (the acme of acme.chargebee.com)"
            }
        }
        self.problem = problem
        let authorization = "Basic " + Data("\(key):".utf8).base64EncodedString()
        api = ProviderAPIAccess(name: "Chargebee API", baseURL: base ?? "https://invalid.chargebee.com", headers: ["Authorization": authorization])
    }

    /// Letters, digits and hyphens only: a site name can never move the key to another host.
    static func isSiteName(_ site: String) -> Bool {
        !site.isEmpty && site.utf8.count <= 63 && site.first != "-"
            && site.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }

    public func refusal(of window: BackfillWindow, now: Date) -> String? { problem }

    public func eventTypes(routed: [String]) -> [String] {
        Self.listed(routed: routed, remembered: ChargebeeMapper.rememberedEvents)
    }

    public func firstRequest(for window: BackfillWindow, eventTypes: [String]) -> ListingRequest {
        ListingRequest(path: path(window: window, eventTypes: eventTypes, offset: nil), page: 1)
    }

    /// `occurred_at[after]` excludes its second and `[before]` its own: since − 1 and until.
    func path(window: BackfillWindow, eventTypes: [String], offset: String?) -> String {
        var query = [
            "limit=100", "sort_by%5Basc%5D=occurred_at", "occurred_at%5Bafter%5D=\(window.sinceSeconds.subtractingReportingOverflow(1).partialValue)",
            "occurred_at%5Bbefore%5D=\(window.untilSeconds)",
        ]
        let types = Set(eventTypes).sorted()
        if !types.isEmpty {
            query.append("event_type%5Bin%5D=" + APIPath.encoded("[" + types.map { "\"\($0)\"" }.joined(separator: ",") + "]"))
        }
        if let offset { query.append("offset=\(APIPath.encoded(offset))") }
        return "/api/v2/events?" + query.joined(separator: "&")
    }

    struct Page: Decodable {
        struct Entry: Decodable {
            struct Event: Decodable { let id: String }
            let event: Event
        }
        let list: [Entry]
        let next_offset: String?
    }

    public func read(_ body: [UInt8], of request: ListingRequest, window: BackfillWindow, eventTypes: [String]) throws -> ListingPage {
        let (page, entries) = try ListedPage(body, as: Page.self, what: "Chargebee's event list", list: "list") { $0.list.count }.parts
        let events = try entries.map { range in
            let entry = Array(body[range])
            return ListedEvent(body: Array(entry[try JSONArraySlices.member("event", in: entry)]))
        }
        guard let offset = page.next_offset, !offset.isEmpty else { return ListingPage(events: events, next: nil) }
        return ListingPage(
            events: events, next: request.next(path(window: window, eventTypes: eventTypes, offset: offset)))
    }
}
