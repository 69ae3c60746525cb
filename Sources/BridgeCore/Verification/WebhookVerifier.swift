import Foundation

/// Checks that a webhook came from its provider. Pure: the clock is a parameter.
public protocol WebhookVerifier: Sendable {
    /// Throws a `VerificationError` that says which check failed; never returns on a bad signature.
    func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError)
}
