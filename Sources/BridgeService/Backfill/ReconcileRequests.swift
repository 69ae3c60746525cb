import BridgeCore

/// Asks the running `ReconcileService` for a reconcile now (the admin API and the console), or
/// for every provider's (its own timer). Requests queue; each is run in turn.
public final class ReconcileRequests: Sendable {
    public enum Request: Sendable, Equatable {
        case every
        case one(ProviderID)
    }

    /// The providers a reconcile can be asked for: mounted, with an API that lists past events
    /// and its key set.
    public let providers: [ProviderID]
    let stream: AsyncStream<Request>
    private let continuation: AsyncStream<Request>.Continuation

    public init(providers: [ProviderID]) {
        self.providers = providers
        (stream, continuation) = AsyncStream.makeStream(of: Request.self)
    }

    /// False when `provider` cannot be reconciled here (no listing, or no key).
    @discardableResult
    public func ask(_ provider: ProviderID) -> Bool {
        guard providers.contains(provider) else { return false }
        continuation.yield(.one(provider))
        return true
    }

    func askEvery() { continuation.yield(.every) }
}
