import Testing

@testable import BridgeService

/// The pace needs calls in flight in proportion to it: the configured workers stand at
/// FirstPromoter's own limit, and a raised pace gets enough for a 120 ms round trip a call.
@Suite struct ForwarderWorkersTests {
    @Test func theConfiguredWorkersStandAtFirstPromotersLimit() {
        #expect(ForwarderService.workers(configured: 4, requestsPerMinute: 360) == 4)
        #expect(ForwarderService.workers(configured: 1, requestsPerMinute: 400) == 1)
        #expect(ForwarderService.workers(configured: 12, requestsPerMinute: 360) == 12)
    }

    @Test func aRaisedPaceGetsWorkersForItsRoundTrips() {
        // 20,000 a minute is 333 a second: 40 calls in flight at 120 ms each.
        #expect(ForwarderService.workers(configured: 4, requestsPerMinute: 20_000) == 40)
        #expect(ForwarderService.workers(configured: 4, requestsPerMinute: 2_001) == 5)
        #expect(ForwarderService.workers(configured: 4, requestsPerMinute: 100_000) == 64)
        #expect(ForwarderService.workers(configured: 64, requestsPerMinute: 1) == 64)
    }
}
