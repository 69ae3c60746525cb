/// Webhooks that arrive together share one synced transaction: while a commit is on its way to
/// disk, the next arrivals queue, and go in the following commit together. Each caller still
/// returns only once its own event is on disk; a failed commit fails every event in it (each is
/// answered 503, and the provider sends it again). The honest rate of fully synced commits then
/// grows with the load instead of being one fsync per webhook.
///
/// `concurrency` batches may be on their way at once. Commits go one at a time (SQLite has one
/// writer; PostgreSQL on this 2-core machine took fewer webhooks with three at once). PostgreSQL's
/// memory reads, batched the same way, go two at a time, so that a read need not wait for a
/// whole round trip before its own begins.
actor GroupCommit<Item: Sendable, Result: Sendable> {
    typealias Commit = @Sendable ([Item]) async throws -> [Result]

    private let commit: Commit
    private let maxBatch: Int
    private let concurrency: Int
    private var queue: [(item: Item, continuation: CheckedContinuation<Result, any Error>)] = []
    private var running = 0
    private var closed = false
    private var drained: [CheckedContinuation<Void, Never>] = []

    init(maxBatch: Int = 256, concurrency: Int = 1, commit: @escaping Commit) {
        self.maxBatch = maxBatch
        self.concurrency = max(concurrency, 1)
        self.commit = commit
    }

    /// Items waiting for the next commit.
    var queued: Int { queue.count }
    var isCommitting: Bool { running > 0 }
    /// Commits on their way now.
    var committing: Int { running }

    func submit(_ item: Item) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            guard !closed else { return continuation.resume(throwing: StoreClosed()) }
            queue.append((item, continuation))
            if running < concurrency {
                running += 1
                Task { await drain() }
            }
        }
    }

    /// Commits what is queued, batch after batch, until nothing is left.
    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            do {
                let results = try await commit(batch.map(\.item))
                guard results.count == batch.count else {
                    throw GroupCommitError(expected: batch.count, got: results.count)
                }
                for (waiting, result) in zip(batch, results) { waiting.continuation.resume(returning: result) }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
        running -= 1
        guard running == 0 else { return }
        for waiter in drained { waiter.resume() }
        drained = []
    }

    /// Refuses new items (`StoreClosed`) and returns once everything already queued is committed.
    func close() async {
        closed = true
        guard running > 0 else { return }
        await withCheckedContinuation { drained.append($0) }
    }
}

/// The store was closed at shutdown: nothing more is written.
public struct StoreClosed: Error, CustomStringConvertible {
    public var description: String { "the store is closed (the service is shutting down)" }
}

struct GroupCommitError: Error, CustomStringConvertible {
    var expected: Int
    var got: Int
    var description: String { "a group commit answered \(got) results for \(expected) events" }
}
