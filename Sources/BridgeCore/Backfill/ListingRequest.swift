/// One page to ask a provider's API for: a path with its query, relative to the API's base URL,
/// and its number in the listing (for progress, and for where a stopped run stood).
public struct ListingRequest: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var page: Int

    public init(path: String, page: Int) {
        self.path = path
        self.page = page
    }

    public var description: String { "page \(page)" }

    /// The page after this one, at `path`.
    public func next(_ path: String) -> ListingRequest { ListingRequest(path: path, page: page + 1) }
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

    public init(body: [UInt8], headers: [String: String] = ["Content-Type": "application/json"]) {
        self.body = body
        self.headers = headers
    }
}
