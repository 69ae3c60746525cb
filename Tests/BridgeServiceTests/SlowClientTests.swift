import BridgeCore
import Glibc
import BridgeService
import Foundation
import HummingbirdTesting
import Testing

/// Idle and slow clients cannot hold the service: an idle connection is closed after
/// `BRIDGE_IDLE_TIMEOUT_SECONDS`, and a body still arriving after `BRIDGE_BODY_TIMEOUT_SECONDS`
/// gets 408. Nothing is stored from either.
@Suite struct SlowClientTests {
    @Test func anIdleConnectionIsClosed() async throws {
        let harness = try BridgeHarness()
        let environment = harness.environment(firstPromoterPort: nil, apiKey: nil, extra: ["BRIDGE_IDLE_TIMEOUT_SECONDS": "1"])
        try await harness.withBridge(environment) { client in
            let connection = try RawConnection(port: try #require(client.port))
            #expect(connection.readUntilClosed(seconds: 15) == "", "the idle connection is still open")
        }
    }

    @Test func aStalledBodyIsAnswered408() async throws {
        let harness = try BridgeHarness()
        let environment = harness.environment(
            firstPromoterPort: nil, apiKey: nil, extra: ["BRIDGE_BODY_TIMEOUT_SECONDS": "1", "BRIDGE_IDLE_TIMEOUT_SECONDS": "10"])
        try await harness.withBridge(environment) { client in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send(
                "POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Stripe-Signature: t=1,v1=00\r\nContent-Length: 1000\r\n\r\n{\"id\":")
            let answer = try #require(connection.readUntilClosed(seconds: 15), "no answer to a stalled body")
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
            #expect(answer.contains("did not arrive within"), "\(answer)")
        }
        #expect(try await harness.store.events(in: .received, limit: 1).isEmpty)
    }
}

extension SlowClientTests {
    @Test func theOpenFileLimitIsRaisedToTheHardLimit() throws {
        let (before, after) = try #require(OpenFileLimit.raiseToHardLimit())
        #expect(after >= before)
        var limit = rlimit()
        #expect(getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0)
        #expect(UInt64(limit.rlim_cur) == UInt64(limit.rlim_max), "the soft limit is the hard one now")
    }
}
