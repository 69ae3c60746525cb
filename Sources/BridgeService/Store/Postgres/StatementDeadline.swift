import Synchronization

/// Runs work against PostgreSQL for at most a deadline, and returns then even when the work does
/// not: a statement on a connection that died mid-way may not heed cancellation at once, and
/// waiting for it would hang the caller (a webhook, a worker, the shutdown). The work is told to
/// stop and finishes on its own; its result, if one comes, is dropped.
enum StatementDeadline {
    struct Expired: Error {}

    static func race<T: Sendable>(_ deadline: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let work = Task { try await body() }
        let outcome = Outcome<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                outcome.wait(continuation)
                let timer = Task {
                    do {
                        try await EventLoopSleep.sleep(for: deadline)
                    } catch {
                        return  // the work finished first
                    }
                    if outcome.finish(.failure(Expired())) { work.cancel() }
                }
                Task {
                    do { outcome.finish(.success(try await work.value)) } catch { outcome.finish(.failure(error)) }
                    timer.cancel()
                }
            }
        } onCancel: {
            work.cancel()
            outcome.finish(.failure(CancellationError()))
        }
    }

    /// The first result wins; the others are dropped.
    final class Outcome<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var early: Result<T, any Error>?
            var done = false
        }

        private let state = Mutex(State())

        func wait(_ continuation: CheckedContinuation<T, any Error>) {
            let early = state.withLock { state -> Result<T, any Error>? in
                if let early = state.early { return early }
                state.continuation = continuation
                return nil
            }
            if let early { continuation.resume(with: early) }
        }

        /// Returns whether this result was the first.
        @discardableResult
        func finish(_ result: Result<T, any Error>) -> Bool {
            let waiting = state.withLock { state -> (Bool, CheckedContinuation<T, any Error>?) in
                guard !state.done else { return (false, nil) }
                state.done = true
                guard let continuation = state.continuation else {
                    state.early = result
                    return (true, nil)
                }
                state.continuation = nil
                return (true, continuation)
            }
            waiting.1?.resume(with: result)
            return waiting.0
        }
    }
}
