/// One page to ask a provider's API for: a path with its query, relative to the API's base URL,
/// its number in the listing (for progress, and for where a stopped run stood), and which of a
/// listing's collections it reads (`ObjectListing`: invoices, then refunds, ...). A search API
/// (Braintree's) is asked with a POSTed `body`, and what the listing must still ask for after
/// this page (the ids a search found) is `carried` from page to page.
public struct ListingRequest: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var page: Int
    public var part: Int
    /// POSTed when set; a GET otherwise.
    public var body: [UInt8]?
    public var carried: [String]

    public init(path: String, page: Int, part: Int = 0, body: [UInt8]? = nil, carried: [String] = []) {
        self.path = path
        self.page = page
        self.part = part
        self.body = body
        self.carried = carried
    }

    public var description: String { "page \(page)" }

    /// The page after this one, at `path`, of the same collection.
    public func next(_ path: String, body: [UInt8]? = nil, carried: [String] = []) -> ListingRequest {
        ListingRequest(path: path, page: page + 1, part: part, body: body, carried: carried)
    }
}

/// What one page of a listing holds: each event as its webhook would have carried it (the bytes
/// the mapper reads, with the headers the provider would have sent), and the next page's request.
public struct ListingPage: Sendable {
    public var events: [ListedEvent]
    public var next: ListingRequest?

    public init(events: [ListedEvent], next: ListingRequest?) {
        self.events = events
        self.next = next
    }
}

public struct ListedEvent: Sendable, Equatable {
    public var body: [UInt8]
    public var headers: [String: String]
    /// Made here of an object the API listed (`ObjectListing`), not the provider's own event: a
    /// webhook for it had another id, so only its calls tell whether the bridge has it.
    public var reconstructed: Bool

    public init(body: [UInt8], headers: [String: String] = ["Content-Type": "application/json"], reconstructed: Bool = false) {
        self.body = body
        self.headers = headers
        self.reconstructed = reconstructed
    }
}
