import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The admin API and the console show the latest backfill and reconcile of each provider and
/// start a reconcile when asked (run by the service in the background), through the real server.
@Suite struct ReconcileAdminTests {
    @Test func aReconcileIsAskedForAndItsRunShown() async throws {
        let harness = try await BridgeHarness()
        let api = try FakeStripeAPI(fixtures: [])
        let admin = AdminAPITests()
        try await api.application.test(.live) { server in
            let extra = [
                "BRIDGE_ADMIN_TOKEN": AdminAPITests.token, "STRIPE_API_KEY": BackfillTests.key, "STRIPE_API_URL": "http://127.0.0.1:\(server.port!)",
            ]
            try await harness.withBridge(firstPromoter: FakeFirstPromoter(), extra: extra) { client in
                let before = try admin.object(try await admin.get(client, "/admin/api/imports"))
                // Recurly and Paystack too: the harness gives them the keys their webhooks need, which read their APIs.
                #expect(before["reconcilable"] as? [String] == ["stripe", "recurly", "paystack"])
                #expect((before["runs"] as? [Any])?.isEmpty == true)
                let paddle = try await admin.post(client, "/admin/api/imports/reconcile/paddle", json: "{}")
                #expect(paddle.status == .notFound && paddle.text.contains("paddle cannot be reconciled here"), "\(paddle.text)")
                let asked = try await admin.post(client, "/admin/api/imports/reconcile/stripe", json: "{}")
                #expect(asked.status == .accepted, "\(asked.text)")
                try await BridgeHarness.eventually("the reconcile is recorded") {
                    let runs = try admin.object(try await admin.get(client, "/admin/api/imports"))["runs"] as? [[String: Any]] ?? []
                    return runs.contains { $0["provider"] as? String == "stripe" && $0["kind"] as? String == "reconcile" && $0["done"] as? Bool == true }
                }

                // The console: the run in its table, a button that asks for another (with its CSRF token only).
                let cookie = try await ConsoleTests().signIn(client)
                let home = try await client.execute(uri: "/admin", method: .get, headers: [.cookie: cookie])
                #expect(home.text.contains("Backfills and reconciles") && home.text.contains("<td>reconcile</td>"), "\(home.text)")
                #expect(home.text.contains(#"action="/admin/reconcile/stripe""#))
                let csrf = try #require(home.text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/)?.1)
                let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
                let forged = try await client.execute(uri: "/admin/reconcile/stripe", method: .post, headers: form, body: ByteBuffer(string: ""))
                #expect(forged.status == .forbidden)
                let requests = api.requests.count
                let clicked = try await client.execute(
                    uri: "/admin/reconcile/stripe", method: .post, headers: form, body: ByteBuffer(string: "csrf=\(csrf)"))
                #expect(clicked.status == .seeOther && clicked.headers[.location] == "/admin?done=reconcile-asked&n=0")
                try await BridgeHarness.eventually("the second reconcile reads the API") { api.requests.count > requests }
                let notice = try await client.execute(uri: "/admin?done=reconcile-asked&n=0", method: .get, headers: [.cookie: cookie])
                #expect(notice.text.contains("reconcile asked for"))
            }
        }
        #expect(api.requests.allSatisfy { $0.authorization == "Bearer \(BackfillTests.key)" })
    }
}
