import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's basic one, plus the peer's address, which
/// the receiver's budget for unverified bytes is kept by.
public struct BridgeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address, or `unknown` (a Unix socket).
    public var peer: String { remoteAddress?.ipAddress ?? "unknown" }
}
