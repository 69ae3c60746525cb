import Foundation

/// `send-test fastspring`: a batch of one test-mode `account.created` (it makes no call), signed
/// as FastSpring signs: `X-FS-Signature`, the base64 HMAC-SHA256 of the body.
enum FastSpringTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        guard let secret = credentials.list("WEBHOOK_SECRET").first else {
            throw TestWebhook.missing("fastspring", "FASTSPRING_WEBHOOK_SECRET")
        }
        let body = payload ?? Array("""
            {"events":[{"id":"bridge-test-\(unique)","live":false,"processed":false,"type":"account.created",\
            "created":\(Int(now.timeIntervalSince1970 * 1000)),"data":{"id":"bridge-test-account-\(unique)"}}]}
            """.utf8)
        let signature = HMACSignature(.sha256, .base64).sign(body, key: Array(secret.utf8))
        return TestWebhook(body: body, contentType: "application/json", headers: ["X-FS-Signature": signature])
    }
}
