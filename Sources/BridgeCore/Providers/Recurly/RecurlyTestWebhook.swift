import Foundation

/// `send-test recurly`: with the JSON secret, a JSON `account.created` (not routed: it makes no
/// call and needs no API lookup), signed as Recurly signs: `recurly-signature: {ms},{hmac}` over
/// `"{ms}.{body}"`. With only the XML endpoint's basic authentication, a
/// `new_account_notification` behind it, which maps to nothing as well.
enum RecurlyTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        if let secret = credentials.list("WEBHOOK_SECRET").first {
            let body = payload ?? Array("""
                {"id":"bridge_test_\(unique)","object_type":"account","site_id":"bridge-test","event_type":"created",\
                "event_time":"\(now.ISO8601Format())","account_code":"bridge_test_\(unique)"}
                """.utf8)
            let ms = Int64(now.timeIntervalSince1970 * 1000)
            let signature = HMACSignature.hex(message: Array("\(ms).".utf8) + body, secret: secret)
            return TestWebhook(body: body, contentType: "application/json", headers: ["recurly-signature": "\(ms),\(signature)"])
        }
        guard let username = credentials.value("WEBHOOK_USERNAME"), let password = credentials.list("WEBHOOK_PASSWORD").first else {
            throw TestWebhook.missing(
                "recurly", "RECURLY_WEBHOOK_SECRET (JSON webhooks), or RECURLY_WEBHOOK_USERNAME and RECURLY_WEBHOOK_PASSWORD (XML)")
        }
        let body = payload ?? Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <new_account_notification>
              <account>
                <account_code>bridge_test_\(unique)</account_code>
                <email nil="true"></email>
              </account>
            </new_account_notification>
            """.utf8)
        let basic = Data("\(username):\(password)".utf8).base64EncodedString()
        return TestWebhook(body: body, contentType: "application/xml", headers: ["Authorization": "Basic \(basic)"])
    }
}
