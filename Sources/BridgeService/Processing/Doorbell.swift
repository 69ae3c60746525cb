import Foundation
import Synchronization

/// Wakes polling loops early: the receiver rings when an event is stored, the mapper when a
/// delivery is queued. A ring wakes every waiter (several workers wait on one bell); a ring with
/// nobody waiting is kept for the next wait.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
        /// Waits whose time ran out before they were registered.
        var expired: Set<UUID> = []
    }

    private let state = Mutex(State())

    init() {}

    func ring() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.waiters.isEmpty { state.rung = true }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns at the next ring, or after `timeout`, whichever comes first.
    func wait(upTo timeout: Duration) async {
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let ready = self.state.withLock { state -> Bool in
                        if state.rung || state.expired.remove(id) != nil {
                            state.rung = false
                            return true
                        }
                        state.waiters[id] = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            }
            group.addTask {
                // Either way this wait's own waiter is woken.
                do {
                    try await EventLoopSleep.sleep(for: timeout)
                } catch {
                    // Cancelled: the ring came first.
                }
                self.wake(id)
            }
            await group.next()
            group.cancelAll()
        }
        // Both halves are done now: nothing of this wait is left behind.
        state.withLock { state in
            state.expired.remove(id)
            state.waiters[id] = nil
        }
    }

    /// Ends one wait (its time ran out, or it is over).
    private func wake(_ id: UUID) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                state.expired.insert(id)
                return nil
            }
            return waiter
        }
        waiter?.resume()
    }
}
