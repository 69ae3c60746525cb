import Foundation

/// Stripe's `Stripe-Signature` check, as stripe-python and stripe-node do it: `t=` and one or
/// more `v1=` (other schemes ignored), hex HMAC-SHA256 over `"{t}.{raw body}"` keyed with the
/// whole `whsec_...` string; any `v1` under any configured secret passes; only timestamps older
/// than the tolerance fail. The catalogue's timestamped HMAC, configured.
public struct StripeVerifier: WebhookVerifier {
    public static let header = "Stripe-Signature"
    let check: SignedStringVerifier

    public init(secrets: [String], toleranceSeconds: Int = 300) {
        check = SignedStringVerifier(
            header: Self.header, pairSeparator: ",", timestampKey: "t", signatureKey: "v1", separatorAfterTimestamp: ".",
            secrets: secrets, toleranceSeconds: toleranceSeconds)
    }

    public func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError) {
        try check.verify(body: body, headers: headers, now: now)
    }
}
