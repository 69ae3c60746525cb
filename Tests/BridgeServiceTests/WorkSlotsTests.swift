@testable import BridgeService
import Testing

/// Mapping holds a slot: never more holders at once than slots, and every waiter gets its turn.
@Suite struct WorkSlotsTests {
    actor Counts {
        var now = 0, most = 0, done = 0
        func enter() { now += 1; most = max(most, now) }
        func leave() { now -= 1; done += 1 }
    }

    @Test func neverMoreHoldersThanSlotsAndEveryoneGetsATurn() async throws {
        let slots = WorkSlots(2)
        let counts = Counts()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await slots.run {
                        await counts.enter()
                        try await Task.sleep(for: .milliseconds(2))
                        await counts.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await counts.most == 2)
        #expect(await counts.done == 20)
    }

    @Test func aFailingHolderGivesItsSlotBack() async throws {
        struct Failed: Error {}
        let slots = WorkSlots(1)
        await #expect(throws: Failed.self) { try await slots.run { throw Failed() } }
        #expect(try await slots.run { 7 } == 7)
    }

    /// One fewer than the cores, so the receiver keeps one; at least one; never more than workers.
    @Test(arguments: [(4, 2, 1), (4, 1, 1), (4, 8, 4), (2, 8, 2), (8, 8, 7), (0, 4, 1)])
    func mappingSlotsLeaveTheReceiverACore(_ workers: Int, _ cores: Int, _ expected: Int) {
        #expect(WorkSlots.forMapping(workers: workers, cores: cores) == expected)
    }
}
