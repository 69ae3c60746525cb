import AsyncHTTPClient
import NIOCore

/// The one HTTP client for calls that carry our credentials (FirstPromoter's API key, a
/// provider's API key): redirects are never followed, since a redirect to another origin would
/// re-send the key there; a 3xx comes back as an answer, and is a dead letter that names where
/// it pointed. Connecting is bounded apart from the whole request, so that an unreachable host
/// costs seconds, not the request timeout. Lives for the process.
public enum OutboundHTTP {
    public static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: HTTPClient.Configuration.Timeout(connect: .seconds(5))))
}
