import Foundation

/// Checks that a webhook came from its provider. Pure: the clock is a parameter.
public protocol WebhookVerifier: Sendable {
    /// Throws a `VerificationError` that says which check failed; never returns on a bad signature.
    func verify(body: [UInt8], headers: WebhookHeaders, now: Date) throws(VerificationError)
    /// The answer to the provider's check of a new endpoint (a GET with these query items), or
    /// nil when the provider makes none.
    func answerChallenge(query: [String: String]) throws(VerificationError) -> String?
}

extension WebhookVerifier {
    /// Most providers send no endpoint check; Braintree's `bt_challenge` GET is answered here.
    public func answerChallenge(query: [String: String]) throws(VerificationError) -> String? { nil }
}
