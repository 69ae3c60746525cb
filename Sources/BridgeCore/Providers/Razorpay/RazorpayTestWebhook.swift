import Foundation

/// `send-test razorpay`: a `payment.authorized` (it makes no call), signed as Razorpay signs:
/// `X-Razorpay-Signature`, the HMAC of the body, with its event id header.
enum RazorpayTestWebhook {
    static let make: TestWebhook.Maker = { credentials, payload, unique, now in
        guard let secret = credentials.list("WEBHOOK_SECRET").first else {
            throw TestWebhook.missing("razorpay", "RAZORPAY_WEBHOOK_SECRET")
        }
        let seconds = Int(now.timeIntervalSince1970)
        let body = payload ?? Array("""
            {"entity":"event","account_id":"acc_bridge_test","event":"payment.authorized","contains":["payment"],\
            "payload":{"payment":{"entity":{"id":"pay_bridge_test_\(unique)","entity":"payment","amount":100,"currency":"INR",\
            "status":"authorized","captured":false,"notes":[],"created_at":\(seconds)}}},"created_at":\(seconds)}
            """.utf8)
        return TestWebhook(
            body: body, contentType: "application/json",
            headers: ["X-Razorpay-Signature": HMACSignature.hex(message: body, secret: secret), "X-Razorpay-Event-Id": "evt_bridge_test_\(unique)"])
    }
}
