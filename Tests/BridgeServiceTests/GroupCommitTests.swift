import BridgeCore
@testable import BridgeService
import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import TestFixtures
import Testing

/// Webhooks that arrive together share one synced transaction, and each caller learns its own
/// event's fate.
@Suite struct GroupCommitTests {
    /// Holds the first commit until the test opens it, so that what arrives meanwhile queues.
    actor Gate {
        private var waiters: [CheckedContinuation<Void, Never>] = []
        private var open = false
        func wait() async {
            if open { return }
            await withCheckedContinuation { waiters.append($0) }
        }
        func release() {
            open = true
            for waiter in waiters { waiter.resume() }
            waiters = []
        }
    }

    @Test func arrivalsDuringACommitShareTheNext() async throws {
        let gate = Gate()
        let batches = Mutex<[Int]>([])
        let committer = GroupCommit<Int, Int> { items in
            let first = batches.withLock { batches in
                batches.append(items.count)
                return batches.count == 1
            }
            if first { await gate.wait() }
            return items.map { $0 * 10 }
        }
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            // One event starts a commit, held open; nineteen arrive while it is on its way.
            group.addTask { (0, try await committer.submit(0)) }
            while batches.withLock({ $0.isEmpty }) { await Task.yield() }
            for item in 1..<20 { group.addTask { (item, try await committer.submit(item)) } }
            while await committer.queued < 19 { await Task.yield() }
            await gate.release()
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(results == Dictionary(uniqueKeysWithValues: (0..<20).map { ($0, $0 * 10) }))
        // They share the next commit: two in all, not twenty.
        #expect(batches.withLock { $0 } == [1, 19])
    }

    /// On a database server, an arrival starts its own commit while fewer than `concurrency` are on
    /// their way; past that, arrivals queue and share the next.
    @Test func severalCommitsMayBeOnTheirWayAtOnce() async throws {
        let gate = Gate()
        let batches = Mutex<[Int]>([])
        let committer = GroupCommit<Int, Int>(concurrency: 2) { items in
            let count = batches.withLock { batches in
                batches.append(items.count)
                return batches.count
            }
            if count <= 2 { await gate.wait() }
            return items.map { $0 * 10 }
        }
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            group.addTask { (0, try await committer.submit(0)) }
            while batches.withLock({ $0.count < 1 }) { await Task.yield() }
            group.addTask { (1, try await committer.submit(1)) }
            while batches.withLock({ $0.count < 2 }) { await Task.yield() }
            #expect(await committer.committing == 2)
            for item in 2..<10 { group.addTask { (item, try await committer.submit(item)) } }
            while await committer.queued < 8 { await Task.yield() }
            await gate.release()
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(results == Dictionary(uniqueKeysWithValues: (0..<10).map { ($0, $0 * 10) }))
        #expect(batches.withLock { $0 } == [1, 1, 8])
    }

    /// At shutdown: what is queued is committed before `close` returns; what comes after is refused.
    @Test func closingFinishesWhatIsQueuedAndRefusesTheRest() async throws {
        let gate = Gate()
        let committed = Mutex<[Int]>([])
        let committer = GroupCommit<Int, Int> { items in
            await gate.wait()
            committed.withLock { $0 += items }
            return items
        }
        let first = Task { try await committer.submit(1) }
        // The first commit is under way (held at the gate), so the second item queues behind it.
        while true {
            let (committing, queued) = (await committer.isCommitting, await committer.queued)
            if committing && queued == 0 { break }
            await Task.yield()
        }
        let second = Task { try await committer.submit(2) }
        while await committer.queued < 1 { await Task.yield() }
        let closing = Task { await committer.close() }
        await gate.release()
        await closing.value
        #expect(committed.withLock { $0 } == [1, 2])
        #expect(try await first.value == 1)
        #expect(try await second.value == 2)
        await #expect(throws: StoreClosed.self) { try await committer.submit(3) }
    }

    @Test func aFailedCommitFailsEveryEventInIt() async {
        struct DiskFull: Error {}
        let committer = GroupCommit<Int, Int> { _ in throw DiskFull() }
        await #expect(throws: DiskFull.self) { try await committer.submit(1) }
        // The next commit is tried afresh.
        await #expect(throws: DiskFull.self) { try await committer.submit(2) }
    }

    @Test func theSameEventPosted50TimesAtOnceIsStoredOnceAndSentOnce() async throws {
        let harness = try await BridgeHarness()
        let firstPromoter = FakeFirstPromoter()
        let body = try Fixtures.bytes("stripe", "invoice.paid.basil-tax-discount.json")
        try await harness.withBridge(firstPromoter: firstPromoter) { client in
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<50 { group.addTask { try await BridgeHarness.post(client, body: body).text } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.contains(#""status":"stored""#) }.count == 1, "\(answers)")
            #expect(answers.filter { $0.contains(#""status":"duplicate""#) }.count == 49)
            try await BridgeHarness.eventually("the sale is delivered") { try await harness.settled(deliveries: 1) }
        }
        #expect(firstPromoter.calls.count == 1)
    }
}

