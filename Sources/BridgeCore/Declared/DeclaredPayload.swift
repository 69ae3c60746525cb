import Crypto
import Foundation

/// One event of a declared provider as its mapping reads it: the tree, the request's headers
/// and the event's own bytes (for `{body.sha256}`).
public struct DeclaredPayload: Sendable {
    public var tree: PayloadValue
    public var headers: WebhookHeaders
    public var body: [UInt8]
    /// "acme event", for errors.
    public var what: String

    public init(tree: PayloadValue, headers: WebhookHeaders, body: [UInt8], what: String) {
        self.tree = tree
        self.headers = headers
        self.body = body
        self.what = what
    }

    /// The lower-case hex SHA-256 of the event's bytes: a dedup key for events without an id.
    public var bodySHA256: String {
        SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
    }
}
