import BridgeCore
import Glibc
import HTTPTypes
import BridgeService
import Foundation
import HummingbirdTesting
import Testing

/// Idle and slow clients cannot hold the service: an idle connection is closed after
/// `BRIDGE_IDLE_TIMEOUT_SECONDS`, and a body still arriving after `BRIDGE_BODY_TIMEOUT_SECONDS`
/// gets 408. Nothing is stored from either.
@Suite struct SlowClientTests {
    @Test func anIdleConnectionIsClosed() async throws {
        let harness = try await BridgeHarness()
        let environment = harness.environment(firstPromoterPort: nil, apiKey: nil, extra: ["BRIDGE_IDLE_TIMEOUT_SECONDS": "1"])
        try await harness.withBridge(environment) { client in
            let connection = try RawConnection(port: try #require(client.port))
            #expect(await connection.readUntilClosed(seconds: 15) == "", "the idle connection is still open")
        }
    }

    @Test func aStalledBodyIsAnswered408() async throws {
        let harness = try await BridgeHarness()
        let environment = harness.environment(
            firstPromoterPort: nil, apiKey: nil, extra: ["BRIDGE_BODY_TIMEOUT_SECONDS": "1", "BRIDGE_IDLE_TIMEOUT_SECONDS": "10"])
        try await harness.withBridge(environment) { client in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send(
                "POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Stripe-Signature: t=1,v1=00\r\nContent-Length: 1000\r\n\r\n{\"id\":")
            let answer = try #require(await connection.readUntilClosed(seconds: 15, until: "within"), "no answer to a stalled body")
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

/// Bad input on the wire, as a sloppy or hostile sender would send it; the service keeps serving.
@Suite struct WireInputTests {
    @Test func aChunkedBodyOverTheLimitIs413WithoutContentLength() async throws {
        let harness = try await BridgeHarness()
        let environment = harness.environment(firstPromoterPort: nil, apiKey: nil, extra: ["BRIDGE_MAX_BODY_BYTES": "1024"])
        try await harness.withBridge(environment) { client in
            let connection = try RawConnection(port: try #require(client.port))
            let chunk = String(repeating: "x", count: 4096)
            connection.send(
                "POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Stripe-Signature: t=1,v1=00\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "\(String(chunk.utf8.count, radix: 16))\r\n\(chunk)\r\n0\r\n\r\n")
            let answer = try #require(await connection.readUntilClosed(seconds: 15, until: "\r\n\r\n"))
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
        #expect(try await harness.store.events(in: .received, limit: 1).isEmpty)
    }

    @Test func hugeHeadersAreRefusedAndTheServiceKeepsServing() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(harness.environment(firstPromoterPort: nil, apiKey: nil)) { client in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send(
                "POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nX-Padding: \(String(repeating: "a", count: 200_000))\r\n"
                    + "Content-Length: 2\r\n\r\n{}")
            let answer = await connection.readUntilClosed(seconds: 15, until: "\r\n\r\n") ?? ""
            #expect(!answer.hasPrefix("HTTP/1.1 2"), "\(answer.prefix(200))")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
        #expect(try await harness.store.events(in: .received, limit: 1).isEmpty)
    }

    @Test func anEmptySignedBodyIsKeptAsideAndAnswered400() async throws {
        let harness = try await BridgeHarness()
        try await harness.withBridge(harness.environment(firstPromoterPort: nil, apiKey: nil)) { client in
            let response = try await BridgeHarness.post(client, body: [])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("not a stripe event"), "\(response.text)")
            let unsigned = try await client.execute(uri: "/webhooks/stripe", method: .post, headers: [.contentType: "application/json"])
            #expect(unsigned.status == .badRequest)
        }
        #expect(try await harness.store.events(in: .received, limit: 1).isEmpty)
        #expect(try await harness.store.events(in: .undecodable, limit: 5).count == 1)
    }
}
