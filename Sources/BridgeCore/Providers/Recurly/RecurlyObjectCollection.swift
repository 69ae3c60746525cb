import Foundation

/// One of Recurly's v3 lists (`/invoices`, `/transactions`, `/subscriptions`) for a day, oldest
/// first (`order=asc`) by the time it is sorted on, 200 a page, each kept object made into the
/// JSON webhook Recurly would have sent: `{"id", "object_type", "event_type", "event_time",
/// "invoice_number" | "uuid"}`, under the id `bf_{type}_{object id}`. The mapper then fetches the
/// object from the API, as for a webhook. Recurly's `begin_time` and `end_time` both include
/// their instant: an object at the day's end is left to the next day.
struct RecurlyObjectCollection: ObjectCollection {
    let eventType: String
    var eventTypes: [String] { [eventType] }
    /// `/invoices`
    let resource: String
    /// Filters the API applies (`type=refund`).
    let query: [String]
    /// `created_at` or `updated_at`: the window's field.
    let sortedOn: String
    /// Whether a listed object makes an event.
    let keeps: @Sendable (RecurlyListedObject) -> Bool
    /// When the event happened.
    let time: @Sendable (RecurlyListedObject) -> String?
    /// The object is named by its invoice number, else by its uuid.
    let byNumber: Bool

    func firstPath(for day: BackfillWindow) -> String { path(day: day, cursor: nil) }

    func path(day: BackfillWindow, cursor: String?) -> String {
        var parts = query + [
            "limit=200", "order=asc", "sort=\(sortedOn)", "begin_time=\(APIPath.encoded(day.since.ISO8601Format()))",
            "end_time=\(APIPath.encoded(day.until.ISO8601Format()))",
        ]
        if let cursor { parts.append("cursor=\(APIPath.encoded(cursor))") }
        return "\(resource)?" + parts.joined(separator: "&")
    }

    struct Page: Decodable {
        let has_more: Bool
        let next: String?
        let data: [RecurlyListedObject]
    }

    func read(_ body: [UInt8], of path: String, day: BackfillWindow, asked: Set<String>) throws -> (events: [ListedEvent], next: String?) {
        let what = "Recurly's \(resource) list"
        let page = try PayloadReader(what: what).decode(Page.self, from: body)
        var events: [ListedEvent] = []
        let parts = eventType.split(separator: ".", maxSplits: 1).map(String.init)
        for object in page.data where keeps(object) {
            guard let sorted = (sortedOn == "updated_at" ? object.updated_at : object.created_at).flatMap(PayloadTime.rfc3339) else {
                throw PayloadError("\(what): \(object.id) has no readable \(sortedOn)")
            }
            guard sorted.date >= day.since, sorted.date < day.until else { continue }
            var fields: [(String, EventEnvelopeBytes.Value)] = [
                ("id", .string("bf_\(eventType)_\(object.id)")), ("object_type", .string(parts[0])), ("event_type", .string(parts.last ?? "")),
            ]
            if let at = time(object) { fields.append(("event_time", .string(at))) }
            if byNumber {
                guard let number = object.number else { throw PayloadError("\(what): \(object.id) has no number") }
                fields.append(("invoice_number", .string(number.text)))
            } else {
                guard let uuid = object.uuid else { throw PayloadError("\(what): \(object.id) has no uuid") }
                fields.append(("uuid", .string(uuid)))
            }
            events.append(ListedEvent(body: EventEnvelopeBytes.object(fields), reconstructed: true))
        }
        guard page.has_more else { return (events, nil) }
        // The next page by its cursor alone: the path stays the one built here, at Recurly's origin.
        guard let next = page.next, let cursor = URLComponents(string: next)?.queryItems?.first(where: { $0.name == "cursor" })?.value,
            !cursor.isEmpty
        else { throw PayloadError("\(what): has_more is true and next names no cursor") }
        return (events, self.path(day: day, cursor: cursor))
    }
}

/// What a listing reads of a Recurly object to choose, name and date it.
struct RecurlyListedObject: Decodable, Sendable {
    let id: String
    let uuid: String?
    let number: RecurlyLooseNumber?
    let type: String?
    let state: String?
    let status: String?
    let success: Bool?
    let created_at: String?
    let updated_at: String?
    let closed_at: String?
    let collected_at: String?
    let canceled_at: String?
    let expires_at: String?
}
