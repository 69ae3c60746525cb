import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The web console through the real server (the browser test in `.ci/run` clicks through it in
/// Chromium): pages need a session, the session cookie is HttpOnly and SameSite=Strict, a form
/// needs the CSRF token of its session, and what a payload holds is escaped in the page.
@Suite struct ConsoleTests {
    static let token = AdminAPITests.token

    func signIn(_ client: any TestClientProtocol) async throws -> String {
        let response = try await client.execute(
            uri: "/admin/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "token=\(Self.token)"))
        #expect(response.status == .seeOther)
        let cookie = try #require(response.headers[.setCookie])
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/admin"))
        return String(try #require(cookie.split(separator: ";").first))
    }

    @Test func pagesNeedASessionAndFormsTheirCSRFToken() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter(answers: [422]), extra: ["BRIDGE_ADMIN_TOKEN": Self.token]) { client in
            #expect(try await BridgeHarness.post(client, fixture: "invoice.paid.basil-tax-discount").status == .ok)
            try await BridgeHarness.eventually("the sale is a dead letter") { try await harness.deliveries(.dead).count == 1 }
            let anonymous = try await client.execute(uri: "/admin", method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/admin/login")
            let wrong = try await client.execute(
                uri: "/admin/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=not-the-token"))
            #expect(wrong.status == .unauthorized && wrong.headers[.setCookie] == nil)

            let cookie = try await signIn(client)
            let event = try await client.execute(uri: "/admin/events/1", method: .get, headers: [.cookie: cookie])
            #expect(event.status == .ok)
            #expect(event.text.contains("HTTP 422") || event.text.contains("dead: HTTP 422"))
            // What a payload holds is shown escaped, never as markup.
            let hostile = #"{"id":"evt_xss","type":"invoice.paid","created":1764000000,"data":{"object":{"id":"in_xss","description":"<script>alert(1)</script>"}}}"#
            #expect(try await BridgeHarness.postSigned(client, provider: "stripe", body: Array(hostile.utf8)).status == .ok)
            let xss = try await client.execute(uri: "/admin/events/2", method: .get, headers: [.cookie: cookie])
            #expect(xss.text.contains("evt_xss"))
            #expect(xss.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !xss.text.contains("<script>alert"))
            let csrf = try #require(event.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/)?.1)
            let id = try #require(try await harness.deliveries(.dead).first?.id)
            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let forged = try await client.execute(uri: "/admin/deliveries/\(id)/replay", method: .post, headers: form, body: ByteBuffer(string: "force=true"))
            #expect(forged.status == .forbidden)
            var crossSite = form
            crossSite[.origin] = "https://evil.example"
            let fromElsewhere = try await client.execute(
                uri: "/admin/deliveries/\(id)/replay", method: .post, headers: crossSite, body: ByteBuffer(string: "csrf=\(csrf)"))
            #expect(fromElsewhere.status == .forbidden)
            let replayed = try await client.execute(
                uri: "/admin/deliveries/\(id)/replay", method: .post, headers: form, body: ByteBuffer(string: "csrf=\(csrf)"))
            #expect(replayed.status == .seeOther)
            #expect(replayed.headers[.location]?.contains("done=replayed&n=\(id)&status=dead") == true)
            try await BridgeHarness.eventually("the replay is delivered") { try await harness.deliveries(.delivered).count == 1 }
        }
    }

    /// Finding 9: a form with bad percent-encoding was a 500 with an empty body.
    @Test func aFormThatIsNotAFormIs400NamingWhy() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter(), extra: ["BRIDGE_ADMIN_TOKEN": Self.token]) { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let login = try await client.execute(uri: "/admin/login", method: .post, headers: form, body: ByteBuffer(string: "token=%zz"))
            #expect(login.status == .badRequest)
            #expect(login.text.contains("two hex digits"), "\(login.text)")
            let cookie = try await signIn(client)
            var signedIn = form
            signedIn[.cookie] = cookie
            let post = try await client.execute(uri: "/admin/logout", method: .post, headers: signedIn, body: ByteBuffer(string: "csrf=%4"))
            #expect(post.status == .badRequest)
            #expect(post.text.contains("two hex digits"), "\(post.text)")
            let large = try await client.execute(
                uri: "/admin/login", method: .post, headers: form, body: ByteBuffer(string: String(repeating: "a", count: 20_000)))
            #expect(large.status == .contentTooLarge)
        }
    }

    /// Finding 10: `/admin?done=` showed any text as a notice. Only the console's own codes show.
    @Test func aCraftedNoticeShowsNothing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter(), extra: ["BRIDGE_ADMIN_TOKEN": Self.token]) { client in
            let cookie = try await signIn(client)
            let crafted = try await client.execute(
                uri: "/admin?done=Your%20token%20expired%2C%20enter%20it%20at%20evil.example", method: .get, headers: [.cookie: cookie])
            #expect(crafted.status == .ok)
            #expect(!crafted.text.contains("evil.example") && !crafted.text.contains("token expired"))
            let coded = try await client.execute(uri: "/admin?done=requeued-dead&n=3", method: .get, headers: [.cookie: cookie])
            #expect(coded.text.contains("requeued 3 dead and dry-run deliveries"))
            let wrongNumber = try await client.execute(uri: "/admin?done=requeued-dead&n=evil", method: .get, headers: [.cookie: cookie])
            #expect(!wrongNumber.text.contains("requeued"))
        }
    }

    /// Finding 11: signing out cleared the cookie in the browser only; a copy worked for 12 h.
    @Test func signingOutEndsTheSessionOnTheServer() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(firstPromoter: FakeFirstPromoter(), extra: ["BRIDGE_ADMIN_TOKEN": Self.token]) { client in
            let cookie = try await signIn(client)
            let home = try await client.execute(uri: "/admin", method: .get, headers: [.cookie: cookie])
            #expect(home.status == .ok)
            let csrf = try #require(home.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/)?.1)
            let out = try await client.execute(
                uri: "/admin/logout", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                body: ByteBuffer(string: "csrf=\(csrf)"))
            #expect(out.status == .seeOther)
            // The copied cookie, sent again: signed out.
            let copied = try await client.execute(uri: "/admin", method: .get, headers: [.cookie: cookie])
            #expect(copied.status == .seeOther && copied.headers[.location] == "/admin/login")
            // A new sign-in works.
            let again = try await signIn(client)
            #expect(try await client.execute(uri: "/admin", method: .get, headers: [.cookie: again]).status == .ok)
        }
    }

    @Test func theConsoleIsOffWithoutAToken() async throws {
        let harness = try await BridgeHarness()
        let status = try await harness.withBridge(firstPromoter: FakeFirstPromoter()) { client in
            try await client.execute(uri: "/admin/login", method: .get).status
        }
        #expect(status == .notFound)
    }
}
