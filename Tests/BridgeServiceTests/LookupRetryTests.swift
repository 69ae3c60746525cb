@testable import BridgeService
import Foundation
import Testing

/// Events held by one provider API outage come due together, so they are mapped in the order
/// they arrived; each waits about as long as it has waited so far, from 1 s to 1 h.
@Suite struct LookupRetryTests {
    @Test func eventsHeldByOneOutageComeDueTogether() {
        let now = Date(timeIntervalSince1970: 1_800_000_000.3)
        let dues = [0.05, 0.4, 0.9].map { age in EventMapperService.lookupRetry(receivedAt: now.addingTimeInterval(-age), now: now) }
        #expect(Set(dues).count == 1)
        #expect(dues[0] > now && dues[0].timeIntervalSince(now) <= 2)
    }

    @Test func theWaitGrowsWithTheAgeAndStopsAtAnHour() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let afterAMinute = EventMapperService.lookupRetry(receivedAt: now.addingTimeInterval(-60), now: now).timeIntervalSince(now)
        #expect(afterAMinute >= 60 && afterAMinute < 128)
        let afterADay = EventMapperService.lookupRetry(receivedAt: now.addingTimeInterval(-86_400), now: now).timeIntervalSince(now)
        #expect(afterADay >= 3600 && afterADay < 2 * 4096)
    }
}
