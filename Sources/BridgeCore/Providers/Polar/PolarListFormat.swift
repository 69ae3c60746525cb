import Foundation

/// Polar's lists (`items[]`, `pagination.max_page`), 100 a page by `page`, each object made into
/// the event its webhooks carried: `{"type", "timestamp", "data": <the object as listed>}`, the
/// id in the `webhook-id` header as Polar sends it (`bf_{type}_{object id}`, a refund's with
/// the total refunded).
struct PolarListFormat: NewestFirstFormat {
    let resource: String
    let query: [String]
    var pageParameter: String { "page" }

    func path(page: Int) -> String {
        "\(resource)?" + (query + ["page=\(page)", "limit=100"]).joined(separator: "&")
    }

    struct Page: Decodable {
        struct Pagination: Decodable { let max_page: Int }
        let items: [PolarListedObject]
        let pagination: Pagination
    }

    func objects(in body: [UInt8], page: Int) throws -> (objects: [(object: PolarListedObject, bytes: [UInt8])], more: Bool) {
        let (list, slices) = try ListedPage(body, as: Page.self, what: "Polar's \(resource) list", list: "items") { $0.items.count }.parts
        return (zip(list.items, slices).map { ($0, Array(body[$1])) }, page < list.pagination.max_page)
    }

    func id(of object: PolarListedObject) -> String { object.id }
    func created(of object: PolarListedObject) -> String? { object.created_at }

    func event(_ type: String, at time: String, idSuffix: String, object: PolarListedObject, bytes: [UInt8]) -> ListedEvent {
        ListedEvent(
            body: EventEnvelopeBytes.wrap(bytes, fields: [("type", .string(type)), ("timestamp", .string(time))], at: ["data"]),
            headers: ["Content-Type": "application/json", "webhook-id": "bf_\(type)_\(object.id)\(idSuffix)"], reconstructed: true)
    }
}

/// What a listing reads of a Polar object to choose and date its events.
struct PolarListedObject: Decodable, Sendable {
    let id: String
    let status: String?
    let paid: Bool?
    let refunded_amount: Int?
    let created_at: String?
    let modified_at: String?
    let canceled_at: String?
    let ended_at: String?
}
