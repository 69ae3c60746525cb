import BridgeCore

/// Sends one call to FirstPromoter and returns its answer. Throws only when no answer came
/// (connection refused, timeout): the forwarder retries those.
public protocol FirstPromoterAPI: Sendable {
    func send(_ call: FirstPromoterCall) async throws -> FirstPromoterAnswer
}

public struct FirstPromoterAnswer: Sendable, Equatable {
    public var status: Int
    public var body: String
    public var retryAfter: String?
    /// Where a 3xx pointed (never followed).
    public var location: String?

    public init(status: Int, body: String, retryAfter: String? = nil, location: String? = nil) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
        self.location = location
    }
}
