import Synchronization

/// Webhooks being answered right now, so that mapping can give way to a burst: a provider waits
/// for its answer (Paddle for 5 seconds at most), while an event in the inbox can wait a moment.
///
/// Busy means more webhooks in flight than the machine has cores: a queue is forming. A steady
/// stream keeps a few in flight while each waits for its commit (more on a database across the
/// network); giving way to those would only leave the inbox to grow.
final class ReceiverLoad: Sendable {
    private let inFlight = Atomic<Int>(0)
    private let busyAbove: Int

    init(busyAbove: Int = 0) {
        self.busyAbove = max(busyAbove, 0)
    }

    var busy: Bool { inFlight.load(ordering: .relaxed) > busyAbove }

    func begin() { inFlight.add(1, ordering: .relaxed) }
    func end() { inFlight.subtract(1, ordering: .relaxed) }

    /// Waits while webhooks are being answered, `upTo` at most: mapping slows down under a burst
    /// but never stops (each event waits once, at most this long).
    func yieldWhileBusy(upTo limit: Duration) async {
        let step = Duration.milliseconds(2)
        var waited = Duration.zero
        while busy, waited < limit {
            do {
                try await EventLoopSleep.sleep(for: step)
            } catch {
                return  // cancelled: the caller stops anyway
            }
            waited += step
        }
    }
}
