import Foundation

/// One of Paddle Billing's lists for a day older than its events reach (90 days), each kept
/// entity made into the notification that carried it: `{"event_id": "bf_{type}_{entity id}",
/// "event_type", "occurred_at", "data": <the entity as listed>}`. How the list reaches the day:
///
/// - `billed`: transactions filtered by `billed_at` (completed ones, oldest first), each with
///   its customer included, made into a `customer.updated` before it (transactions carry no
///   email; the mapper learns it from the customer);
/// - `idsFrom(prefix)`: ids in order from a ULID cursor a minute before the day (adjustments, as
///   the events' listing reads them), ended at the first created after it;
/// - `everything`: every entity of a status (canceled subscriptions: Paddle lists them by id
///   only), each kept by when it changed.
///
/// Pages follow `meta.pagination.next`'s `after` alone, on the path built here.
struct PaddleObjectCollection: ObjectCollection {
    enum Reach: Sendable {
        case billed
        case idsFrom(prefix: String)
        case everything
    }

    let eventType: String
    let resource: String
    let query: [String]
    let reach: Reach
    /// When the event happened, and what keeps it in the day.
    let time: @Sendable (PaddleListedEntity) -> String?
    var keeps: @Sendable (PaddleListedEntity) -> Bool = { _ in true }

    var eventTypes: [String] { [eventType] }

    func firstPath(for day: BackfillWindow) -> String { path(day: day, after: nil) }

    func path(day: BackfillWindow, after: String?) -> String {
        var parts = query
        switch reach {
        case .billed:
            parts += [
                "billed_at%5BGTE%5D=\(APIPath.encoded(day.since.ISO8601Format()))", "billed_at%5BLT%5D=\(APIPath.encoded(day.until.ISO8601Format()))",
                "order_by=billed_at%5BASC%5D", "include=customer", "per_page=30",
            ]
        case .idsFrom(let prefix):
            parts += ["order_by=id%5BASC%5D", "per_page=50"]
            if after == nil, let cursor = PaddleEventListing.cursor(before: day.since, prefix: prefix) { parts.append("after=\(cursor)") }
        case .everything:
            parts += ["order_by=id%5BASC%5D", "per_page=200"]
        }
        if let after { parts.append("after=\(APIPath.encoded(after))") }
        return "\(resource)?" + parts.joined(separator: "&")
    }

    struct Page: Decodable {
        struct Meta: Decodable {
            struct Pagination: Decodable {
                let has_more: Bool
                let next: String?
            }
            let pagination: Pagination
        }
        let data: [PaddleListedEntity]
        let meta: Meta
    }

    func read(_ body: [UInt8], of path: String, day: BackfillWindow, asked: Set<String>) throws -> (events: [ListedEvent], next: String?) {
        let what = "Paddle's \(resource) list"
        let (page, slices) = try ListedPage(body, as: Page.self, what: what) { $0.data.count }.parts
        var events: [ListedEvent] = []
        for (entity, slice) in zip(page.data, slices) {
            if case .idsFrom = reach {
                guard let created = entity.created_at.flatMap(PayloadTime.rfc3339) else {
                    throw PayloadError("\(what): \(entity.id) has no readable created_at")
                }
                if created.date >= day.until { return (events, nil) }
                guard created.date >= day.since else { continue }
            }
            guard keeps(entity), let text = time(entity), let at = PayloadTime.rfc3339(text) else { continue }
            guard at.date >= day.since, at.date < day.until else { continue }
            let bytes = Array(body[slice])
            events.append(Self.event("bf_\(eventType)_\(entity.id)", eventType, at: text, data: bytes))
            // Its customer, at the same instant: events of one instant are stored in the reverse of
            // their listing order, so the customer listed after is learnt before the sale.
            if case .billed = reach, entity.customer != nil {
                let customer = Array(bytes[try JSONArraySlices.member("customer", in: bytes)])
                events.append(Self.event("bf_customer.updated_\(entity.id)", "customer.updated", at: text, data: customer))
            }
        }
        guard page.meta.pagination.has_more else { return (events, nil) }
        guard let next = page.meta.pagination.next, let after = URLComponents(string: next)?.queryItems?.first(where: { $0.name == "after" })?.value,
            !after.isEmpty
        else { throw PayloadError("\(what): has_more is true and next names no after") }
        return (events, self.path(day: day, after: after))
    }

    static func event(_ id: String, _ type: String, at time: String, data: [UInt8]) -> ListedEvent {
        ListedEvent(
            body: EventEnvelopeBytes.wrap(
                data, fields: [("event_id", .string(id)), ("event_type", .string(type)), ("occurred_at", .string(time))], at: ["data"]),
            reconstructed: true)
    }
}

/// What a listing reads of a Paddle entity to choose and date its event.
struct PaddleListedEntity: Decodable, Sendable {
    struct Customer: Decodable, Sendable { let id: String? }
    let id: String
    let status: String?
    let action: String?
    let created_at: String?
    let updated_at: String?
    let billed_at: String?
    let canceled_at: String?
    let customer: Customer?
}
