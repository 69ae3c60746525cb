import BridgeCore
import Foundation
import Testing

/// The pure half of `backfill`: windows cut into days, where a run resumes, and Stripe's listing
/// of `/v1/events` (requests out, pages in).
@Suite struct BackfillListingTests {
    static let day23 = Date(timeIntervalSince1970: 1_763_856_000)
    static let listing = StripeEventListing(key: "rk_test_x", baseURL: "http://127.0.0.1:1")

    @Test func aWindowIsCutIntoDaysOldestFirstTheLastOneShort() throws {
        let window = try BackfillWindow(since: Self.day23, until: Self.day23.addingTimeInterval(2 * 86_400 + 3_600))
        #expect(window.days.map(\.since) == [0, 1, 2].map { Self.day23.addingTimeInterval(Double($0) * 86_400) })
        #expect(window.days.last?.until == window.until)
        #expect(throws: PayloadError.self) { try BackfillWindow(since: Self.day23, until: Self.day23) }
    }

    @Test func aRunGoesOnAfterTheDaysAnEarlierOneStored() throws {
        let window = try BackfillWindow(since: Self.day23, until: Self.day23.addingTimeInterval(3 * 86_400))
        let now = Date(timeIntervalSince1970: 1_764_200_000)
        let first = ImportRun.resuming(nil, provider: "stripe", kind: .backfill, window: window, at: now)
        #expect(first.doneUntil == Self.day23 && first.remaining == window)
        var stopped = first
        stopped.doneUntil = Self.day23.addingTimeInterval(86_400)
        stopped.imported = 4
        stopped.stopped = "HTTP 503"
        // Run again with a later end (`--until` now): from the 24th, its counts kept.
        let longer = try BackfillWindow(since: Self.day23, until: Self.day23.addingTimeInterval(5 * 86_400))
        let again = ImportRun.resuming(stopped, provider: "stripe", kind: .backfill, window: longer, at: now)
        #expect(again.remaining?.since == stopped.doneUntil && again.until == longer.until && again.imported == 4 && again.stopped == nil)
        // Done: nothing remains.
        var done = again
        done.doneUntil = done.until
        #expect(ImportRun.resuming(done, provider: "stripe", kind: .backfill, window: longer, at: now).remaining == nil)
        #expect(done.isDone)
    }

    @Test func stripeIsAskedForADaysRoutedAndRememberedEventsAPageAtATime() throws {
        let window = try BackfillWindow(since: Self.day23, until: Self.day23.addingTimeInterval(86_400))
        let types = Self.listing.eventTypes(routed: ["invoice.paid", "charge.refunded"])
        #expect(types.contains("invoice_payment.paid") && types.contains("customer.updated") && types.contains("charge.refunded"))
        let first = Self.listing.firstRequest(for: window, eventTypes: types)
        #expect(first.page == 1)
        #expect(first.path.hasPrefix("/v1/events?limit=100&created%5Bgte%5D=1763856000&created%5Blt%5D=1763942400&types%5B%5D="))
        let page = Array(#"{"object":"list","data":[ {"id":"evt_2","amount":10.50} ,{"id":"evt_1"}],"has_more":true}"#.utf8)
        let read = try Self.listing.read(page, of: first, window: window, eventTypes: types)
        // Each event's bytes as the API wrote them (10.50 stays 10.50).
        #expect(read.events.map { String(decoding: $0.body, as: UTF8.self) } == [#"{"id":"evt_2","amount":10.50}"#, #"{"id":"evt_1"}"#])
        #expect(read.next?.page == 2 && read.next?.path.hasSuffix("&starting_after=evt_1") == true)
        let last = Array(#"{"object":"list","data":[],"has_more":false}"#.utf8)
        #expect(try Self.listing.read(last, of: first, window: window, eventTypes: types).next == nil)
        #expect(throws: PayloadError.self) {
            try Self.listing.read(Array(#"{"object":"list","data":[],"has_more":true}"#.utf8), of: first, window: window, eventTypes: types)
        }
    }

    @Test func moreThanTwentyTypesListEveryTypeAndOlderThanThirtyDaysIsRefused() throws {
        let window = try BackfillWindow(since: Self.day23, until: Self.day23.addingTimeInterval(86_400))
        let many = (0..<21).map { "type.\($0)" }
        #expect(!Self.listing.firstRequest(for: window, eventTypes: many).path.contains("types"))
        #expect(Self.listing.refusal(of: window, now: Self.day23.addingTimeInterval(29 * 86_400)) == nil)
        let refusal = try #require(Self.listing.refusal(of: window, now: Self.day23.addingTimeInterval(31 * 86_400)))
        #expect(refusal.contains("Stripe keeps events 30 days"))
    }

    @Test func chargebeeIsAskedWithItsOwnFiltersAndEachEntrysEventIsKeptByteForByte() throws {
        let listing = ChargebeeEventListing(site: "acme-test", key: "cb_key", baseURL: nil)
        #expect(listing.api.baseURL == "https://acme-test.chargebee.com")
        #expect(listing.api.headers["Authorization"] == "Basic " + Data("cb_key:".utf8).base64EncodedString())
        let window = try BackfillWindow(since: Self.day23, until: Self.day23.addingTimeInterval(86_400))
        #expect(listing.refusal(of: window, now: Date()) == nil)
        let types = listing.eventTypes(routed: ["payment_succeeded"])
        let first = listing.firstRequest(for: window, eventTypes: types)
        #expect(first.path == "/api/v2/events?limit=100&sort_by%5Basc%5D=occurred_at&occurred_at%5Bafter%5D=1763855999"
            + "&occurred_at%5Bbefore%5D=1763942400&event_type%5Bin%5D=%5B%22customer_changed%22%2C%22customer_created%22%2C%22payment_succeeded%22%5D")
        let page = Array(#"{"list": [{"event": {"id":"ev_1","amount":10.50}}, {"customer":{}, "event" : {"id":"ev_2"} }], "next_offset": "[\"1\",\"2\"]"}"#.utf8)
        let read = try listing.read(page, of: first, window: window, eventTypes: types)
        #expect(read.events.map { String(decoding: $0.body, as: UTF8.self) } == [#"{"id":"ev_1","amount":10.50}"#, #"{"id":"ev_2"}"#])
        #expect(read.next?.path.hasSuffix("&offset=%5B%221%22%2C%222%22%5D") == true)
        #expect(try listing.read(Array(#"{"list": []}"#.utf8), of: first, window: window, eventTypes: types).next == nil)
    }

    /// A site name is letters, digits and hyphens: never a way to send the key to another host.
    @Test(arguments: ["evil.com#", "acme.evil.com", "", "ACME", "-acme", "a/b"])
    func aChargebeeSiteThatIsNoSiteNameIsRefused(_ site: String) throws {
        let listing = ChargebeeEventListing(site: site, key: "cb_key", baseURL: nil)
        let window = try BackfillWindow(since: Self.day23, until: Self.day23.addingTimeInterval(86_400))
        #expect(listing.refusal(of: window, now: Date())?.contains("CHARGEBEE_SITE") == true)
        #expect(!listing.api.baseURL.contains("evil"))
    }
    /// Paddle lists ids in order with no time filter: the window starts after the greatest id of
    /// a minute before it (the fixtures' ids are ULIDs of their `occurred_at`, or a millisecond
    /// before), and ends at the first event of its end or later.
    @Test func paddleStartsAfterTheIdOfTheMillisecondBeforeTheWindowAndStopsAtItsEnd() throws {
        let live = PaddleEventListing(key: "pdl_live_apikey_x", baseURL: nil)
        #expect(live.api.baseURL == "https://api.paddle.com")
        let listing = PaddleEventListing(key: "pdl_sdbx_apikey_x", baseURL: nil)
        #expect(listing.api.baseURL == "https://sandbox-api.paddle.com" && listing.api.headers["Authorization"] == "Bearer pdl_sdbx_apikey_x")
        // evt_01h8e1jxjnw9ra6zarhnz1a7y1 occurred at 2023-08-22T07:15:45.366122Z; its id tells .365.
        let occurred = Date(timeIntervalSince1970: 1_692_688_545.366)
        let atIt = try #require(PaddleEventListing.cursor(before: occurred))
        let justAfterTheSlack = try #require(PaddleEventListing.cursor(before: occurred.addingTimeInterval(60.001)))
        let withinTheSlack = try #require(PaddleEventListing.cursor(before: occurred.addingTimeInterval(59.999)))
        #expect(atIt < "evt_01h8e1jxjnw9ra6zarhnz1a7y1" && withinTheSlack < "evt_01h8e1jxjnw9ra6zarhnz1a7y1")
        #expect(justAfterTheSlack > "evt_01h8e1jxjnw9ra6zarhnz1a7y1")
        #expect(PaddleEventListing.cursor(before: Date(timeIntervalSince1970: 0)) == nil)

        let window = try BackfillWindow(since: Self.day23, until: Self.day23.addingTimeInterval(86_400))
        #expect(listing.refusal(of: window, now: Self.day23.addingTimeInterval(89 * 86_400)) == nil)
        #expect(listing.refusal(of: window, now: Self.day23.addingTimeInterval(91 * 86_400))?.contains("Paddle keeps events 90 days") == true)
        let types = listing.eventTypes(routed: ["transaction.completed"])
        #expect(types == ["customer.created", "customer.updated", "subscription.activated", "subscription.created", "subscription.updated", "transaction.completed"])
        let first = listing.firstRequest(for: window, eventTypes: types)
        #expect(first.path.hasPrefix("/events?order_by=id%5BASC%5D&per_page=200&event_type=customer.created,customer.updated,"))
        #expect(first.path.hasSuffix("&after=\(PaddleEventListing.cursor(before: Self.day23)!)"))
        func event(_ id: String, _ type: String, _ at: String) -> String {
            #"{"event_id":"\#(id)","event_type":"\#(type)","occurred_at":"\#(at)","data":{"total":"10.50"}}"#
        }
        let inside = event("evt_2", "transaction.completed", "2025-11-23T10:00:00.5Z")
        let page = "{\"data\":[\(event("evt_1", "transaction.completed", "2025-11-22T23:59:59.999Z")),\(inside),"
            + "\(event("evt_3", "transaction.created", "2025-11-23T11:00:00Z"))],\"meta\":{\"pagination\":{\"has_more\":true}}}"
        let read = try listing.read(Array(page.utf8), of: first, window: window, eventTypes: types)
        // Before the window and of a type not asked for: left out. The bytes as the API wrote them.
        #expect(read.events.map { String(decoding: $0.body, as: UTF8.self) } == [inside])
        #expect(read.next?.page == 2 && read.next?.path.hasSuffix("&after=evt_3") == true)
        let ending = "{\"data\":[\(inside),\(event("evt_4", "transaction.completed", "2025-11-24T00:00:00Z")),\(inside)],\"meta\":{\"pagination\":{\"has_more\":true}}}"
        let last = try listing.read(Array(ending.utf8), of: first, window: window, eventTypes: types)
        #expect(last.events.count == 1 && last.next == nil)
        let badTime = "{\"data\":[\(event("evt_5", "transaction.completed", "yesterday"))],\"meta\":{\"pagination\":{\"has_more\":false}}}"
        #expect(throws: PayloadError.self) { try listing.read(Array(badTime.utf8), of: first, window: window, eventTypes: types) }
    }
    /// Older Stripe days: one collection after another, those whose event type is not asked for
    /// left out; each object inside an event envelope written here, its own bytes untouched.
    @Test func stripeObjectsAreReadCollectionAfterCollectionEachInsideItsEvent() throws {
        let listing = StripeListing.make(key: "rk_test_x", baseURL: "http://127.0.0.1:1")
        let day = try BackfillWindow(since: Self.day23, until: Self.day23.addingTimeInterval(86_400))
        #expect(listing.reading(day, now: Self.day23.addingTimeInterval(20 * 86_400)) is StripeEventListing)
        let objects = listing.reading(day, now: Self.day23.addingTimeInterval(40 * 86_400))
        #expect(objects is ObjectListing && objects.api.headers["Stripe-Version"] == "2025-10-29.clover")
        // Checkout sessions and refunds not routed: never asked for.
        let types = objects.eventTypes(routed: ["invoice.paid", "customer.subscription.deleted"])
        let first = objects.firstRequest(for: day, eventTypes: types)
        #expect(first.path.hasPrefix("/v1/customers?limit=100&created%5Bgte%5D=1763856000&created%5Blt%5D=1763942400") && first.part == 0)
        let empty = Array(#"{"object":"list","data":[],"has_more":false}"#.utf8)
        let invoices = try #require(try objects.read(empty, of: first, window: day, eventTypes: types).next)
        #expect(invoices.path.hasPrefix("/v1/invoices?") && invoices.page == 2)
        let page = Array(#"{"object":"list","data":[{"id":"in_\"1","object":"invoice","livemode":false,"created":1763900000,"status_transitions":{"paid_at":1763900100},"total":10.50}],"has_more":true}"#.utf8)
        let read = try objects.read(page, of: invoices, window: day, eventTypes: types)
        #expect(read.next?.path.hasSuffix("&starting_after=in_%221") == true && read.next?.part == invoices.part)
        let event = try #require(read.events.first)
        #expect(String(decoding: event.body, as: UTF8.self) == #"{"id":"bf_invoice.paid_in_\"1","object":"event","type":"invoice.paid","created":1763900100,"livemode":false,"data":{"object":{"id":"in_\"1","object":"invoice","livemode":false,"created":1763900000,"status_transitions":{"paid_at":1763900100},"total":10.50}}}"#)
        let subscriptions = try #require(try objects.read(empty, of: invoices, window: day, eventTypes: types).next)
        #expect(subscriptions.path.hasPrefix("/v1/subscriptions?") && subscriptions.path.contains("status=canceled"))
        #expect(try objects.read(empty, of: subscriptions, window: day, eventTypes: types).next == nil)
    }
}
