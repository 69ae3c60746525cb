import Foundation

/// A webhook as its provider would send it, signed with the configured credentials: what
/// `billing-bridge send-test` posts to a running bridge after a deploy. Each provider's sample
/// is an event that makes no FirstPromoter call (a test-mode event, or a new customer), so the
/// check proves signature, storage and mapping without tracking anything.
public struct TestWebhook: Sendable {
    public var body: [UInt8]
    public var contentType: String
    public var headers: [String: String]

    public init(body: [UInt8], contentType: String, headers: [String: String]) {
        self.body = body
        self.contentType = contentType
        self.headers = headers
    }

    /// Builds a provider's test webhook: `payload` (a file the operator gave) or the sample, with
    /// `unique` in its ids so that it is stored, not a duplicate.
    public typealias Maker = @Sendable (_ credentials: ProviderCredentials, _ payload: [UInt8]?, _ unique: String, _ now: Date) throws -> TestWebhook

    /// The credential a test webhook needs, missing.
    public static func missing(_ provider: ProviderID, _ what: String) -> PayloadError {
        PayloadError("send-test for \(provider) needs \(what)")
    }
}
