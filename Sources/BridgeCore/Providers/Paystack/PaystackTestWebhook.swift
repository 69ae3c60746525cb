import Foundation

/// `send-test paystack`: a test-domain `subscription.create` (it makes no call), signed as
/// Paystack signs: `x-paystack-signature`, the HMAC-SHA512 of the body under the secret key.
enum PaystackTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        guard let secret = credentials.list("SECRET_KEY").first else {
            throw TestWebhook.missing("paystack", "PAYSTACK_SECRET_KEY")
        }
        let body = payload ?? Array("""
            {"event":"subscription.create","data":{"domain":"test","status":"active",\
            "subscription_code":"SUB_bridge_test_\(unique)","created_at":"\(now.ISO8601Format())"}}
            """.utf8)
        let signature = HMACSignature(.sha512, .hex).sign(body, key: Array(secret.utf8))
        return TestWebhook(body: body, contentType: "application/json", headers: ["x-paystack-signature": signature])
    }
}
