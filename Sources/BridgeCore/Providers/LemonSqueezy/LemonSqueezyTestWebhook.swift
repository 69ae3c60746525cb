import Foundation

/// `send-test lemonsqueezy`: a test-mode `license_key_created` (it makes no call), signed as
/// Lemon Squeezy signs: `X-Signature`, the HMAC of the body.
enum LemonSqueezyTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        guard let secret = credentials.list("WEBHOOK_SECRET").first else {
            throw TestWebhook.missing("lemonsqueezy", "LEMONSQUEEZY_WEBHOOK_SECRET")
        }
        let body = payload ?? Array("""
            {"meta":{"event_name":"license_key_created","test_mode":true},"data":{"type":"license-keys",\
            "id":"bridge-test-\(unique)","attributes":{"test_mode":true,"created_at":"\(now.ISO8601Format())"}}}
            """.utf8)
        return TestWebhook(
            body: body, contentType: "application/json",
            headers: ["X-Signature": HMACSignature.hex(message: body, secret: secret), "X-Event-Name": "license_key_created"])
    }
}
