import Foundation

/// `send-test polar`: a `customer.created` (it makes no call), signed as Polar signs: Standard
/// Webhooks headers, the HMAC keyed with the whole secret string.
enum PolarTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        guard let secret = credentials.list("WEBHOOK_SECRET").first else {
            throw TestWebhook.missing("polar", "POLAR_WEBHOOK_SECRET")
        }
        let body = payload ?? Array("""
            {"type":"customer.created","timestamp":"\(now.ISO8601Format())","data":{"id":"bridge-test-\(unique)",\
            "email":"bridge-test@example.com","external_id":null,"metadata":{}}}
            """.utf8)
        let id = "msg_bridge_test_\(unique)"
        let timestamp = String(Int(now.timeIntervalSince1970))
        let signature = HMACSignature(.sha256, .base64).sign(Array("\(id).\(timestamp).".utf8) + body, key: Array(secret.utf8))
        return TestWebhook(
            body: body, contentType: "application/json",
            headers: ["webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": "v1,\(signature)"])
    }
}
