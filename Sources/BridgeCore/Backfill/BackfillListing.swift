import Foundation

/// How a provider's API lists past events, page by page, as the events its webhooks carry: a
/// listed event is stored as a webhook's would be, under the same id, so that the webhook and
/// the listing are one event whichever comes first. Pure: requests out, pages in; the service
/// does the I/O (`BackfillRun`).
public protocol BackfillListing: Sendable {
    /// The API, with the key in its headers; only ever called at this origin.
    var api: ProviderAPIAccess { get }
    /// The variable holding the key, named when the API refuses it.
    var keyVariable: String { get }
    /// Why this window cannot be listed (Stripe keeps its events 30 days), or nil.
    func refusal(of window: BackfillWindow, now: Date) -> String?
    /// The event types to list: those the mapping file routes to a call, and those the mapper
    /// learns from (a customer's referral data, a payment's link to its invoice).
    func eventTypes(routed: [String]) -> [String]
    /// The first page of the window, for these event types (the mapping file's).
    func firstRequest(for window: BackfillWindow, eventTypes: [String]) -> ListingRequest
    /// A page's events and the next page's request (nil: the listing is done).
    func read(_ body: [UInt8], of request: ListingRequest, window: BackfillWindow, eventTypes: [String]) throws -> ListingPage
    /// The listing that reads this day: itself, unless the API's events no longer reach back to
    /// it (Stripe reads older days from its objects).
    func reading(_ day: BackfillWindow, now: Date) -> any BackfillListing
    /// True for an API that lists newest first with no time filter (Lemon Squeezy): the window is
    /// then read in one pass, not a day at a time (which would read the newer days again for each).
    var readsWholeWindow: Bool { get }
}

extension BackfillListing {
    public var readsWholeWindow: Bool { false }

    public func reading(_ day: BackfillWindow, now: Date) -> any BackfillListing { self }

    /// The types a mapping file routes and those its mapper learns from, each once, sorted.
    static func listed(routed: [String], remembered: [String]) -> [String] {
        Set(routed).union(remembered).sorted()
    }
}
