import Foundation

/// `send-test chargebee`: a `customer_created` with no referral (it makes no call), with the
/// endpoint's basic authentication, as Chargebee sends it.
enum ChargebeeTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        guard let username = credentials.value("WEBHOOK_USERNAME"), let password = credentials.value("WEBHOOK_PASSWORD") else {
            throw TestWebhook.missing("chargebee", "CHARGEBEE_WEBHOOK_USERNAME and CHARGEBEE_WEBHOOK_PASSWORD")
        }
        let body = payload ?? Array("""
            {"id":"ev_bridge_test_\(unique)","occurred_at":\(Int(now.timeIntervalSince1970)),"object":"event","api_version":"v2",\
            "event_type":"customer_created","content":{"customer":{"id":"bridge_test_\(unique)","object":"customer"}}}
            """.utf8)
        let basic = Data("\(username):\(password)".utf8).base64EncodedString()
        return TestWebhook(body: body, contentType: "application/json", headers: ["Authorization": "Basic \(basic)"])
    }
}
