import Foundation

/// `send-test paddle`: a `customer.created` (it makes no call), signed as Paddle signs:
/// `ts=…;h1=…` over `"{ts}:{body}"`.
enum PaddleTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        guard let secret = credentials.list("WEBHOOK_SECRET").first else { throw TestWebhook.missing("paddle", "PADDLE_WEBHOOK_SECRET") }
        let ts = Int(now.timeIntervalSince1970)
        let at = now.ISO8601Format()
        let body = payload ?? Array("""
            {"event_id":"evt_bridge_test_\(unique)","event_type":"customer.created","occurred_at":"\(at)",\
            "notification_id":"ntf_bridge_test_\(unique)","data":{"id":"ctm_bridge_test_\(unique)","email":null,\
            "status":"active","created_at":"\(at)","updated_at":"\(at)","custom_data":null}}
            """.utf8)
        let signature = HMACSignature.hex(message: Array("\(ts):".utf8) + body, secret: secret)
        return TestWebhook(body: body, contentType: "application/json", headers: ["Paddle-Signature": "ts=\(ts);h1=\(signature)"])
    }
}
