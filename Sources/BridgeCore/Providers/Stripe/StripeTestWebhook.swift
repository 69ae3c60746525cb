import Foundation

/// `send-test stripe`: a test-mode `customer.created` (ignored under `test_mode: ignore`),
/// signed as Stripe signs: `t=…,v1=…` over `"{t}.{body}"`.
enum StripeTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        guard let secret = credentials.list("WEBHOOK_SECRET").first else { throw TestWebhook.missing("stripe", "STRIPE_WEBHOOK_SECRET") }
        let t = Int(now.timeIntervalSince1970)
        let body = payload ?? Array("""
            {"id":"evt_bridge_test_\(unique)","object":"event","type":"customer.created","livemode":false,"created":\(t),\
            "data":{"object":{"id":"cus_bridge_test_\(unique)","object":"customer","email":null,"livemode":false}}}
            """.utf8)
        let signature = HMACSignature.hex(message: Array("\(t).".utf8) + body, secret: secret)
        return TestWebhook(body: body, contentType: "application/json", headers: ["Stripe-Signature": "t=\(t),v1=\(signature)"])
    }
}
