import Foundation

/// `backfill braintree` and `reconcile braintree`: Braintree keeps no notifications, and its API
/// is a search API (XML POSTed, XML answered), so its charged subscription transactions, ended
/// subscriptions and lost disputes are searched for over the window (`BraintreeSearch`) and each
/// made into the notification its webhook carried. Read in one pass: subscriptions are searched
/// by status, not by day.
public struct BraintreeListing: BackfillListing {
    public let api: ProviderAPIAccess
    public var keyVariable: String { BraintreeProvider.id.variable("PRIVATE_KEY") }
    public var readsWholeWindow: Bool { true }
    let merchantPath: String
    let problem: String?
    static let searches = [BraintreeSearch(kind: .transactions), BraintreeSearch(kind: .subscriptions), BraintreeSearch(kind: .disputes)]

    /// `environment`: `production` (default) or `sandbox`; `baseURL` replaces either.
    public init(merchantID: String, publicKey: String, privateKey: String, environment: String?, baseURL: String?) {
        var problem: String?
        let hosts = ["production": "https://api.braintreegateway.com", "sandbox": "https://api.sandbox.braintreegateway.com"]
        let host = hosts[environment ?? "production"]
        if host == nil, baseURL == nil {
            problem = "BRAINTREE_ENVIRONMENT '\(environment ?? "")' is not one of: production, sandbox"
        }
        do {
            merchantPath = try APIPath.under("/merchants", id: merchantID, field: "BRAINTREE_MERCHANT_ID")
        } catch {
            merchantPath = "/merchants/invalid"
            problem = problem ?? "\(error)"
        }
        self.problem = problem
        api = ProviderAPIAccess(
            name: "Braintree API", baseURL: baseURL ?? host ?? "https://invalid.braintreegateway.com",
            headers: [
                "Authorization": "Basic " + Data("\(publicKey):\(privateKey)".utf8).base64EncodedString(), "Accept": "application/xml",
                "Content-Type": "application/xml", "X-ApiVersion": "6", "User-Agent": "BillingBridge",
            ])
    }

    public func refusal(of window: BackfillWindow, now: Date) -> String? { problem }

    public func eventTypes(routed: [String]) -> [String] { Self.listed(routed: routed, remembered: []) }

    public func firstRequest(for window: BackfillWindow, eventTypes: [String]) -> ListingRequest {
        start(part(from: 0, eventTypes: eventTypes) ?? 0, window: window, page: 1)
    }

    func part(from part: Int, eventTypes: [String]) -> Int? {
        let asked = Set(eventTypes)
        return Self.searches.indices.first { $0 >= part && !asked.isDisjoint(with: Self.searches[$0].eventTypes) }
    }

    /// A search's first request: its ids, or its first page of disputes.
    func start(_ part: Int, window: BackfillWindow, page: Int) -> ListingRequest {
        let search = Self.searches[part]
        let path = search.kind == .disputes
            ? "\(merchantPath)/disputes/advanced_search?page=1" : "\(merchantPath)/\(search.collection)/advanced_search_ids"
        return ListingRequest(path: path, page: page, part: part, body: search.body(window))
    }

    /// The next 50 of a search's ids.
    func fetch(_ ids: [String], of request: ListingRequest, window: BackfillWindow) -> ListingRequest {
        let search = Self.searches[request.part]
        let batch = Array(ids.prefix(BraintreeSearch.batch))
        return request.next(
            "\(merchantPath)/\(search.collection)/advanced_search", body: search.body(window, ids: batch),
            carried: Array(ids.dropFirst(BraintreeSearch.batch)))
    }

    public func read(_ body: [UInt8], of request: ListingRequest, window: BackfillWindow, eventTypes: [String]) throws -> ListingPage {
        guard Self.searches.indices.contains(request.part) else { throw PayloadError("Braintree API: no search \(request.part)") }
        let search = Self.searches[request.part]
        let what = "Braintree's \(search.collection) search"
        let tree: XMLTree
        do { tree = try XMLTreeParser.parse(body) } catch { throw PayloadError("\(what): \(error)") }
        func following() -> ListingRequest? {
            part(from: request.part + 1, eventTypes: eventTypes).map { start($0, window: window, page: request.page + 1) }
        }
        if request.path.hasSuffix("/advanced_search_ids") {
            guard let ids = tree.child("ids")?.children.map(\.text) else { throw PayloadError("\(what): the answer has no ids") }
            guard ids.count < BraintreeSearch.maxIDs else {
                throw PayloadError("\(what) found \(ids.count) \(search.collection), Braintree's most: run it again with a shorter --until")
            }
            return ListingPage(events: [], next: ids.isEmpty ? following() : fetch(ids, of: request, window: window))
        }
        let events = try search.events(in: tree, window: window, asked: Set(eventTypes))
        if search.kind == .disputes {
            guard let current = Int(tree.child("current-page-number")?.text ?? ""), let size = Int(tree.child("page-size")?.text ?? ""),
                let total = Int(tree.child("total-items")?.text ?? "")
            else { throw PayloadError("\(what): the answer has no current-page-number, page-size and total-items") }
            let (seen, overflow) = current.multipliedReportingOverflow(by: size)
            guard !overflow, seen < total, let body = request.body else { return ListingPage(events: events, next: following()) }
            return ListingPage(events: events, next: request.next("\(merchantPath)/disputes/advanced_search?page=\(current + 1)", body: body))
        }
        guard !request.carried.isEmpty else { return ListingPage(events: events, next: following()) }
        return ListingPage(events: events, next: fetch(request.carried, of: request, window: window))
    }
}
