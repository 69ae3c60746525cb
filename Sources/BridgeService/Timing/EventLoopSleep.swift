import NIOCore
import NIOPosix

/// A sleep for timeouts raced against work done per request or per statement. It waits on an
/// event loop's timer, which cancellation removes at once. A cancelled `Task.sleep` returns at
/// once too, but leaves its dispatch timer (about 600 bytes) alive until the time it was set for:
/// flat out, a 15 s body timeout kept 85 MiB of them, and a dispatch thread busy sorting them.
enum EventLoopSleep {
    /// Returns after `duration`; throws `CancellationError` as soon as the task is cancelled.
    static func sleep(for duration: Duration, on eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) async throws {
        let timer = eventLoop.scheduleTask(in: TimeAmount(duration)) {}
        do {
            try await withTaskCancellationHandler {
                try await timer.futureResult.get()
            } onCancel: {
                timer.cancel()
            }
        } catch EventLoopError.cancelled {
            throw CancellationError()
        }
    }
}
