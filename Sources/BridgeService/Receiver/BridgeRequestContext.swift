import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's basic one, plus the peer's address, which
/// the receiver's budget for unverified bytes is kept by.
public struct BridgeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The connection's event loop, whose timers are cheap and cancelled outright.
    public let eventLoop: any EventLoop

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        eventLoop = source.channel.eventLoop
    }

    /// The peer's IP address, or `unknown` (a Unix socket).
    public var peer: String { remoteAddress?.ipAddress ?? "unknown" }
}
