/// Webhooks that arrive together share one synced transaction: while one commit is on its way to
/// disk, the next arrivals queue, and go in the following commit together. Each caller still
/// returns only once its own event is on disk; a failed commit fails every event in it (each is
/// answered 503, and the provider sends it again). The honest rate of fully synced commits then
/// grows with the load instead of being one fsync per webhook.
actor GroupCommit<Item: Sendable, Result: Sendable> {
    typealias Commit = @Sendable ([Item]) async throws -> [Result]

    private let commit: Commit
    private let maxBatch: Int
    private var queue: [(item: Item, continuation: CheckedContinuation<Result, any Error>)] = []
    private var committing = false
    private var closed = false
    private var drained: [CheckedContinuation<Void, Never>] = []

    init(maxBatch: Int = 256, commit: @escaping Commit) {
        self.maxBatch = maxBatch
        self.commit = commit
    }

    /// Items waiting for the next commit.
    var queued: Int { queue.count }
    var isCommitting: Bool { committing }

    func submit(_ item: Item) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            guard !closed else { return continuation.resume(throwing: StoreClosed()) }
            queue.append((item, continuation))
            if !committing {
                committing = true
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
        committing = false
        for waiter in drained { waiter.resume() }
        drained = []
    }

    /// Refuses new items (`StoreClosed`) and returns once everything already queued is committed.
    func close() async {
        closed = true
        guard committing else { return }
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
