import Logging
import ServiceLifecycle

/// Rings this process's mapper and forwarder when another replica stores an event or queues a
/// call, so that they do not wait for their next poll. A store used by one process has nothing
/// to listen for: this then just waits for the shutdown (a service that returns stops the others).
struct WorkListener: Service {
    let store: any BridgeStore
    let inbox: Doorbell
    let outbox: Doorbell

    func run() async throws {
        let (inbox, outbox) = (inbox, outbox)
        try await cancelWhenGracefulShutdown {
            try await store.listenForWork { queue in
                switch queue {
                case .inbox: inbox.ring()
                case .outbox: outbox.ring()
                }
            }
        }
        do {
            try await gracefulShutdown()
        } catch is CancellationError {
            return
        }
    }
}
