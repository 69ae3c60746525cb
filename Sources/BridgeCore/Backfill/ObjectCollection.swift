/// One kind of object a provider's API lists by date (invoices, refunds, canceled subscriptions),
/// each made into the event its webhook would have carried: the object's bytes as the API wrote
/// them, inside the provider's event envelope, under an id made of the object's (the same object
/// read again is the same event). Pure: paths out, pages in.
public protocol ObjectCollection: Sendable {
    /// The event types its objects become (`invoice.paid`; an order and its refund): read only
    /// when the mapping file routes one of them or the mapper learns from it.
    var eventTypes: [String] { get }
    /// The day's first page.
    func firstPath(for day: BackfillWindow) -> String
    /// A page's events of the types `asked`, and the next page's path (nil: the collection is done
    /// for the day). `path` is the page's own, as asked (for an API that answers no page number).
    func read(_ body: [UInt8], of path: String, day: BackfillWindow, asked: Set<String>) throws -> (events: [ListedEvent], next: String?)
}
