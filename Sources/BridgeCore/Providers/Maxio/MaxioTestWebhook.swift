import Foundation

/// `send-test maxio`: a `subscription_state_change` to active (it makes no call), signed as Maxio
/// signs: the hex HMAC-SHA256 of the body under the site's shared key.
enum MaxioTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        guard let secret = credentials.list("WEBHOOK_SECRET").first else {
            throw TestWebhook.missing("maxio", "MAXIO_WEBHOOK_SECRET")
        }
        let body = payload ?? Array(
            ("id=\(unique)&event=subscription_state_change&payload[subscription][id]=bridge-test-\(unique)"
                + "&payload[subscription][state]=active&payload[subscription][previous_state]=trialing").utf8)
        let signature = HMACSignature(.sha256, .hex).sign(body, key: Array(secret.utf8))
        return TestWebhook(
            body: body, contentType: "application/x-www-form-urlencoded", headers: ["X-Chargify-Webhook-Signature-Hmac-Sha-256": signature])
    }
}
