import Foundation

/// Lemon Squeezy's lists (JSON:API: `data[]` of `{type, id, attributes}`, `meta.page`), 100 a
/// page by `page[number]`, each object made into the event its webhooks carried:
/// `{"meta": {"event_name": …, "test_mode": …}, "data": <the object as listed>}`, its id the one
/// the mapper gives it (name, object and `updated_at`).
struct LemonSqueezyListFormat: NewestFirstFormat {
    let resource: String
    let query: [String]
    var pageParameter: String { "page[number]" }

    func path(page: Int) -> String {
        "\(resource)?" + (query + ["page%5Bnumber%5D=\(page)", "page%5Bsize%5D=100"]).joined(separator: "&")
    }

    struct Page: Decodable {
        struct Meta: Decodable {
            struct Pages: Decodable { let lastPage: Int }
            let page: Pages
        }
        struct Resource: Decodable, Sendable {
            let id: String
            let attributes: LemonSqueezyListedObject
        }
        let meta: Meta
        let data: [Resource]
    }

    func objects(in body: [UInt8], page: Int) throws -> (objects: [(object: Page.Resource, bytes: [UInt8])], more: Bool) {
        let (list, slices) = try ListedPage(body, as: Page.self, what: "Lemon Squeezy's \(resource) list") { $0.data.count }.parts
        return (zip(list.data, slices).map { ($0, Array(body[$1])) }, page < list.meta.page.lastPage)
    }

    func id(of object: Page.Resource) -> String { object.id }
    func created(of object: Page.Resource) -> String? { object.attributes.created_at }

    func event(_ type: String, at time: String, idSuffix: String, object: Page.Resource, bytes: [UInt8]) -> ListedEvent {
        var meta: [(String, EventEnvelopeBytes.Value)] = [("event_name", .string(type))]
        if let testMode = object.attributes.test_mode { meta.append(("test_mode", .bool(testMode))) }
        return ListedEvent(body: EventEnvelopeBytes.wrap(bytes, fields: [("meta", .object(meta))], at: ["data"]), reconstructed: true)
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
