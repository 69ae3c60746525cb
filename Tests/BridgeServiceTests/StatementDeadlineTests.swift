import Synchronization
import Testing

@testable import BridgeService

/// Every PostgreSQL statement runs in a race with its deadline: the first to finish answers.
@Suite struct StatementDeadlineTests {
    @Test func aResultInTimeIsReturned() async throws {
        let value = try await StatementDeadline.race(.seconds(5)) { 42 }
        #expect(value == 42)
        await #expect(throws: PostgresTestError.self) {
            try await StatementDeadline.race(.seconds(5)) { () async throws -> Int in throw PostgresTestError() }
        }
    }

    /// Work that never heeds cancellation (a statement on a dead connection) does not hold the
    /// caller: the deadline answers, and the work is told to stop. No time is asserted: the work
    /// stays stuck until the test lets it go, whatever the machine's load.
    @Test func workPastItsDeadlineIsAbandonedAndCancelled() async throws {
        let stuck = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let cancelled = Atomic<Bool>(false)
        await #expect(throws: StatementDeadline.Expired.self) {
            try await StatementDeadline.race(.milliseconds(100)) { () async throws -> Int in
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in stuck.withLock { $0 = continuation } }
                    return 1
                } onCancel: {
                    cancelled.store(true, ordering: .relaxed)
                }
            }
        }
        // Told right after the caller is answered; a minute is only a bound for a broken build.
        let answered = ContinuousClock.now
        while !cancelled.load(ordering: .relaxed), ContinuousClock.now - answered < .seconds(60) { await Task.yield() }
        let toldToStop = cancelled.load(ordering: .relaxed)
        #expect(toldToStop)
        // Let the abandoned work finish, once it is waiting.
        while true {
            if let continuation = stuck.withLock({ $0.take() }) {
                continuation.resume()
                break
            }
            await Task.yield()
        }
    }

    @Test func aCancelledCallerStopsWaitingAtOnce() async throws {
        let caller = Task {
            try await StatementDeadline.race(.seconds(3600)) { () async throws -> Int in
                try await Task.sleep(for: .seconds(3600))
                return 1
            }
        }
        try await Task.sleep(for: .milliseconds(20))
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
    }

    struct PostgresTestError: Error {}
}
