import Foundation

/// `send-test recurly`: a JSON `account.created` (not routed: it makes no call and needs no API
/// lookup), signed as Recurly signs: `recurly-signature: {ms},{hmac}` over `"{ms}.{body}"`.
enum RecurlyTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        guard let secret = credentials.list("WEBHOOK_SECRET").first else {
            throw TestWebhook.missing("recurly", "RECURLY_WEBHOOK_SECRET (the JSON webhooks; XML notifications have no sample)")
        }
        let body = payload ?? Array("""
            {"id":"bridge_test_\(unique)","object_type":"account","site_id":"bridge-test","event_type":"created",\
            "event_time":"\(now.ISO8601Format())","account_code":"bridge_test_\(unique)"}
            """.utf8)
        let ms = Int64(now.timeIntervalSince1970 * 1000)
        let signature = HMACSignature.hex(message: Array("\(ms).".utf8) + body, secret: secret)
        return TestWebhook(body: body, contentType: "application/json", headers: ["recurly-signature": "\(ms),\(signature)"])
    }
}
