import Foundation

/// One of Stripe's lists of objects (`/v1/invoices?status=paid`, `/v1/refunds`, ...) for a day,
/// by `created`, newest first, 100 a page, each kept object made into the event the mapper reads
/// (`invoice.paid` with the invoice as `data.object`), under the id `bf_{type}_{object id}`: the
/// same object read again is the same event. A webhook for the same payment has another event
/// id but makes the same FirstPromoter call (its `event_id` is the invoice's, the payment's), so
/// the outbox sends it once.
struct StripeObjectCollection: ObjectCollection {
    let eventType: String
    var eventTypes: [String] { [eventType] }
    /// `/v1/invoices`
    let resource: String
    /// Filters the API applies (`status=paid`), and expansions.
    let query: [String]
    /// The event carries this member of the listed object (a refund's expanded `charge`), not
    /// the object itself.
    var carried: String?
    /// Whether a listed object makes an event (a payment intent that succeeded).
    var keeps: @Sendable (StripeListedObject) -> Bool = { _ in true }
    /// The event's time: when the object got there (an invoice paid, a subscription ended).
    var time: @Sendable (StripeListedObject) -> Int64? = { $0.created }

    func firstPath(for day: BackfillWindow) -> String { path(day: day, after: nil) }

    func path(day: BackfillWindow, after: String?) -> String {
        var parts = ["limit=100", "created%5Bgte%5D=\(day.sinceSeconds)", "created%5Blt%5D=\(day.untilSeconds)"] + query
        if let after { parts.append("starting_after=\(APIPath.encoded(after))") }
        return "\(resource)?" + parts.joined(separator: "&")
    }

    struct Page: Decodable {
        let data: [StripeListedObject]
        let has_more: Bool
    }

    func read(_ body: [UInt8], of path: String, day: BackfillWindow, asked: Set<String>) throws -> (events: [ListedEvent], next: String?) {
        let what = "Stripe's \(resource) list"
        let (page, slices) = try ListedPage(body, as: Page.self, what: what) { $0.data.count }.parts
        var events: [ListedEvent] = []
        for (object, slice) in zip(page.data, slices) where keeps(object) {
            var bytes = Array(body[slice])
            var id = "bf_\(eventType)_\(object.id)"
            if let carried {
                guard let inner = object.charge, inner.id != nil else {
                    throw PayloadError("\(what): \(object.id) has no expanded \(carried) (the request asks for it)")
                }
                bytes = Array(bytes[try JSONArraySlices.member(carried, in: bytes)])
                // A charge refunded again is a new refund: its cumulative total names it, as the mapper's does.
                id = "bf_\(eventType)_\(inner.id ?? "")_\(inner.amount_refunded ?? 0)"
            }
            guard let seconds = time(object) ?? object.created else { throw PayloadError("\(what): \(object.id) has no created time") }
            var fields: [(String, EventEnvelopeBytes.Value)] = [
                ("id", .string(id)), ("object", .string("event")), ("type", .string(eventType)), ("created", .integer(seconds)),
            ]
            if let livemode = object.livemode { fields.append(("livemode", .bool(livemode))) }
            events.append(ListedEvent(body: EventEnvelopeBytes.wrap(bytes, fields: fields, at: ["data", "object"]), reconstructed: true))
        }
        guard page.has_more else { return (events, nil) }
        guard let last = page.data.last?.id else { throw PayloadError("\(what): has_more is true on an empty page") }
        return (events, self.path(day: day, after: last))
    }
}

/// What a listing reads of each Stripe object to choose it, name it and date it.
struct StripeListedObject: Decodable, Sendable {
    struct Transitions: Decodable, Sendable { let paid_at: Int64? }
    /// A refund's charge, expanded: its id and what it has refunded so far.
    struct Charge: Decodable, Sendable {
        let id: String?
        let amount_refunded: Int64?

        init(from decoder: any Decoder) throws {
            // Not expanded, it is the charge's id alone: the listing then says so.
            if (try? decoder.singleValueContainer().decode(String.self)) != nil {
                (id, amount_refunded) = (nil, nil)
            } else {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                id = try container.decodeIfPresent(String.self, forKey: .id)
                amount_refunded = try container.decodeIfPresent(Int64.self, forKey: .amount_refunded)
            }
        }

        enum CodingKeys: String, CodingKey { case id, amount_refunded }
    }

    let id: String
    let livemode: Bool?
    let created: Int64?
    let status: String?
    let status_transitions: Transitions?
    let ended_at: Int64?
    let canceled_at: Int64?
    let charge: Charge?
}
