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
    /// caller past the deadline; it is told to stop.
    @Test func workPastItsDeadlineIsAbandonedAndCancelled() async throws {
        let cancelled = Atomic<Bool>(false)
        let started = ContinuousClock.now
        await #expect(throws: StatementDeadline.Expired.self) {
            try await StatementDeadline.race(.milliseconds(100)) { () async throws -> Int in
                await withTaskCancellationHandler {
                    // Ignores cancellation for a while, as a stuck connection would.
                    while ContinuousClock.now - started < .seconds(2) { try? await Task.sleep(for: .milliseconds(10)) }
                    return 1
                } onCancel: {
                    cancelled.store(true, ordering: .relaxed)
                }
            }
        }
        #expect(ContinuousClock.now - started < .seconds(2))
        let toldToStop = cancelled.load(ordering: .relaxed)
        #expect(toldToStop)
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
