import BridgeCore
import BridgeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestFixtures
import Testing

/// A month-start burst drains at the configured pace with no 429, against a fake FirstPromoter
/// that enforces a limit. Scaled up (6,000 a minute against a limit of 110 a second) so that it
/// runs in seconds; the pacing logic is the one that runs at 360 against 400 a minute.
@Suite struct PacingTests {
    /// `count` distinct paid invoices (`evt_{name}_{i}`, `in_{name}_{i}`) from the Stripe fixture.
    static func invoices(_ name: String, count: Int) throws -> [[UInt8]] {
        let template = try #require(try Fixtures.json("stripe", "invoice.paid.basil-tax-discount.json") as? [String: Any])
        return try (0..<count).map { index in
            var event = template
            event["id"] = "evt_\(name)_\(index)"
            var data = try #require(event["data"] as? [String: Any])
            var invoice = try #require(data["object"] as? [String: Any])
            invoice["id"] = "in_\(name)_\(index)"
            data["object"] = invoice
            event["data"] = data
            return Array(try JSONSerialization.data(withJSONObject: event))
        }
    }

    @Test func aBurstOfInvoicesDrainsUnderTheLimitWithNo429() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(perSecondLimit: 110)
        let count = 300
        let bodies = try Self.invoices("burst", count: count)
        try await harness.withBridge(firstPromoter: firstPromoter, extra: ["FIRSTPROMOTER_RATE_LIMIT": "6000"]) { client in
            for body in bodies {
                #expect(try await BridgeHarness.post(client, body: body).status == .ok)
            }
            try await BridgeHarness.eventually("the burst is delivered", seconds: 60) {
                try await harness.deliveries(.delivered).count == count
            }
        }
        #expect(firstPromoter.rateLimited == 0, "FirstPromoter answered 429 \(firstPromoter.rateLimited) times")
        #expect(firstPromoter.calls.count == count)
    }
}

extension PacingTests {
    /// Several forwarder workers: while one call hangs in a slow FirstPromoter, the others go on.
    @Test func oneSlowCallDoesNotHoldUpTheOthers() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter(firstAnswerDelay: .seconds(15))
        let bodies = try Self.invoices("slow", count: 10)
        try await harness.withBridge(
            firstPromoter: firstPromoter, extra: ["FIRSTPROMOTER_TIMEOUT_SECONDS": "30", "BRIDGE_WORKERS": "4"]
        ) { client in
            for body in bodies { #expect(try await BridgeHarness.post(client, body: body).status == .ok) }
            try await BridgeHarness.eventually("nine calls are delivered around the slow one") {
                try await harness.deliveries(.delivered).count == 9
            }
            // The slow one is still in flight: nothing waited for it.
            #expect(try await harness.deliveries(.pending).count == 1)
            try await BridgeHarness.eventually("the slow one is delivered too") { try await harness.settled(deliveries: 10) }
        }
        #expect(firstPromoter.calls.count == 10)
    }
}
