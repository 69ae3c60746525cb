import Foundation

/// Paystack's successful transactions of a day (`GET /transaction?status=success&from=&to=`),
/// 100 a page by page number, each made into the `charge.success` its webhook carried:
/// `{"event": "charge.success", "data": <the transaction as listed>}`. The mapper names it by the
/// transaction's reference, as it names the webhook: the same payment is the same event,
/// whichever came first.
struct PaystackTransactionCollection: ObjectCollection {
    var eventTypes: [String] { ["charge.success"] }

    func firstPath(for day: BackfillWindow) -> String { path(day: day, page: 1) }

    func path(day: BackfillWindow, page: Int) -> String {
        "/transaction?status=success&perPage=100&page=\(page)&from=\(APIPath.encoded(day.since.ISO8601Format()))"
            + "&to=\(APIPath.encoded(day.until.ISO8601Format()))"
    }

    struct Page: Decodable {
        struct Meta: Decodable {
            let page: Int
            let pageCount: Int
        }
        struct Transaction: Decodable {
            let reference: String?
            let status: String?
            let paid_at: String?
            let created_at: String?
        }
        let data: [Transaction]
        let meta: Meta
    }

    func read(_ body: [UInt8], of path: String, day: BackfillWindow, asked: Set<String>) throws -> (events: [ListedEvent], next: String?) {
        let what = "Paystack's transaction list"
        let (page, slices) = try ListedPage(body, as: Page.self, what: what) { $0.data.count }.parts
        var events: [ListedEvent] = []
        for (transaction, slice) in zip(page.data, slices) where transaction.status == "success" {
            // `to` includes its instant: a payment at the day's end is the next day's.
            guard let at = (transaction.paid_at ?? transaction.created_at).flatMap(PayloadTime.rfc3339), at.date < day.until else { continue }
            guard transaction.reference != nil else { throw PayloadError("\(what): a transaction has no reference") }
            events.append(ListedEvent(body: EventEnvelopeBytes.wrap(Array(body[slice]), fields: [("event", .string("charge.success"))], at: ["data"])))
        }
        guard page.meta.page < page.meta.pageCount else { return (events, nil) }
        return (events, self.path(day: day, page: page.meta.page + 1))
    }
}
