import NIOCore
import NIOPosix
import Testing

@testable import BridgeService

/// The timeouts raced against every request: a cancelled sleep ends at once (its timer cancelled
/// on the event loop). What a timer left set costs is measured by `scripts/bench` (peak RSS).
@Suite struct EventLoopSleepTests {
    @Test func aCancelledSleepOfAnHourEndsAtOnceWithCancellation() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let sleeper = Task { try await EventLoopSleep.sleep(for: .seconds(3600), on: loop) }
        // Until the sleep has set its timer, a task on the loop would run before the timer's own.
        try await loop.submit {}.get()
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        try await group.shutdownGracefully()
    }

    @Test func anUncancelledSleepLastsItsTime() async throws {
        let started = ContinuousClock.now
        try await EventLoopSleep.sleep(for: .milliseconds(50))
        #expect(ContinuousClock.now - started >= .milliseconds(50))
    }
}
