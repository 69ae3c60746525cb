import Testing

@testable import BridgeService

/// Mapping gives way to webhooks only once more are in flight than the machine has cores: a
/// steady stream, each waiting for its commit, is no burst.
@Suite struct ReceiverLoadTests {
    @Test func busyOnlyAboveTheCores() {
        let load = ReceiverLoad(busyAbove: 2)
        #expect(!load.busy)
        load.begin()
        load.begin()
        #expect(!load.busy)
        load.begin()
        #expect(load.busy)
        load.end()
        #expect(!load.busy)
    }

    @Test func aWaitForAPauseEndsAtItsLimit() async {
        let load = ReceiverLoad(busyAbove: 0)
        load.begin()
        let started = ContinuousClock.now
        await load.yieldWhileBusy(upTo: .milliseconds(30))
        #expect(ContinuousClock.now - started >= .milliseconds(30))
        load.end()
    }
}
