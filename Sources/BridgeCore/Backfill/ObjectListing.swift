import Foundation

/// A listing made of collections read one after another for each day (invoices, then payments,
/// then refunds, ...), for an API that keeps no events, or not that far back: the requests carry
/// which collection they read (`ListingRequest.part`), and a collection's last page leads to the
/// next collection's first. Collections whose event type is not asked for are not read.
public struct ObjectListing: BackfillListing {
    public let api: ProviderAPIAccess
    public let keyVariable: String
    public let readsWholeWindow: Bool
    let collections: [any ObjectCollection]
    /// The event types listed beside the routed ones (those the mapper learns from).
    let remembered: [String]
    let problem: String?

    public init(
        api: ProviderAPIAccess, keyVariable: String, collections: [any ObjectCollection], remembered: [String], problem: String? = nil,
        readsWholeWindow: Bool = false
    ) {
        self.api = api
        self.readsWholeWindow = readsWholeWindow
        self.keyVariable = keyVariable
        self.collections = collections
        self.remembered = remembered
        self.problem = problem
    }

    public func refusal(of window: BackfillWindow, now: Date) -> String? { problem }

    public func eventTypes(routed: [String]) -> [String] { Self.listed(routed: routed, remembered: remembered) }

    /// The first collection from `part` on whose events are asked for.
    func part(from part: Int, eventTypes: [String]) -> Int? {
        let asked = Set(eventTypes)
        return collections.indices.first { $0 >= part && !asked.isDisjoint(with: collections[$0].eventTypes) }
    }

    /// The day's first request; with no collection asked for, a request that reads nothing is
    /// impossible, so the first collection is read and its events left to the mapper to ignore.
    public func firstRequest(for window: BackfillWindow, eventTypes: [String]) -> ListingRequest {
        let first = part(from: 0, eventTypes: eventTypes) ?? 0
        return ListingRequest(path: collections[first].firstPath(for: window), page: 1, part: first)
    }

    public func read(_ body: [UInt8], of request: ListingRequest, window: BackfillWindow, eventTypes: [String]) throws -> ListingPage {
        guard collections.indices.contains(request.part) else { throw PayloadError("\(api.name): no collection \(request.part) to read") }
        let (events, next) = try collections[request.part].read(body, of: request.path, day: window, asked: Set(eventTypes))
        if let next { return ListingPage(events: events, next: request.next(next)) }
        guard let following = part(from: request.part + 1, eventTypes: eventTypes) else { return ListingPage(events: events, next: nil) }
        return ListingPage(
            events: events, next: ListingRequest(path: collections[following].firstPath(for: window), page: request.page + 1, part: following))
    }
}
