import Foundation

/// One of Lemon Squeezy's lists (`/v1/orders`, `/v1/subscription-invoices`, `/v1/subscriptions`),
/// 100 a page by page number, each object made into the events its webhooks carried:
/// `{"meta": {"event_name": …, "test_mode": …}, "data": <the object as the API wrote it>}`. Lemon
/// Squeezy lists newest first with no time filter, so the window is read in one pass: a list by
/// creation ends at its first object created before the window; a list of canceled
/// subscriptions is read whole and each kept by when it ended.
struct LemonSqueezyObjectCollection: ObjectCollection {
    /// An event an object makes: its type, and whether and when it happened.
    struct Made: Sendable {
        let eventType: String
        let time: @Sendable (LemonSqueezyListedObject) -> String?
    }

    let resource: String
    let query: [String]
    /// Listed by creation, newest first: the listing ends before the window.
    let byCreation: Bool
    /// Events in the order they happen to one object (an order, then its refund).
    let makes: [Made]
    var eventTypes: [String] { makes.map(\.eventType) }

    func firstPath(for day: BackfillWindow) -> String { path(page: 1) }

    func path(page: Int) -> String {
        "\(resource)?" + (query + ["page%5Bnumber%5D=\(page)", "page%5Bsize%5D=100"]).joined(separator: "&")
    }

    struct Page: Decodable {
        struct Meta: Decodable {
            struct Pages: Decodable {
                let currentPage: Int
                let lastPage: Int
            }
            let page: Pages
        }
        struct Resource: Decodable {
            let id: String
            let attributes: LemonSqueezyListedObject
        }
        let meta: Meta
        let data: [Resource]
    }

    func read(_ body: [UInt8], day: BackfillWindow, asked: Set<String>) throws -> (events: [ListedEvent], next: String?) {
        let what = "Lemon Squeezy's \(resource) list"
        let (page, slices) = try ListedPage(body, as: Page.self, what: what) { $0.data.count }.parts
        var events: [ListedEvent] = []
        var passedTheWindow = false
        for (object, slice) in zip(page.data, slices) {
            let attributes = object.attributes
            if byCreation {
                let created = try time(attributes.created_at, "created_at", of: object.id, in: what)
                if created < day.since { passedTheWindow = true }
                guard created < day.until else { continue }
            }
            // Newest first: the later event of an object before the earlier, as the list goes.
            for made in makes.reversed() where asked.contains(made.eventType) {
                guard let text = made.time(attributes) else { continue }
                let at = try time(text, made.eventType, of: object.id, in: what)
                guard at >= day.since, at < day.until else { continue }
                var meta: [(String, EventEnvelopeBytes.Value)] = [("event_name", .string(made.eventType))]
                if let testMode = attributes.test_mode { meta.append(("test_mode", .bool(testMode))) }
                events.append(
                    ListedEvent(body: EventEnvelopeBytes.wrap(Array(body[slice]), fields: [("meta", .object(meta))], at: ["data"]), reconstructed: true))
            }
        }
        let current = page.meta.page.currentPage
        guard !passedTheWindow, current < page.meta.page.lastPage else { return (events, nil) }
        return (events, path(page: current + 1))
    }

    func time(_ text: String?, _ field: String, of id: String, in what: String) throws -> Date {
        guard let text, let time = PayloadTime.rfc3339(text) else {
            throw PayloadError("\(what): \(id) has \(field) \(text.map { $0.debugDescription } ?? "missing"), not an RFC 3339 time")
        }
        return time.date
    }
}

/// What a listing reads of a Lemon Squeezy object to choose and date its events.
struct LemonSqueezyListedObject: Decodable, Sendable {
    let created_at: String?
    let updated_at: String?
    let status: String?
    let refunded: Bool?
    let refunded_amount: Int?
    let refunded_at: String?
    let ends_at: String?
    let test_mode: Bool?
}
