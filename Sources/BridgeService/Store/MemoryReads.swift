import Synchronization

/// One memory entry as a resolution read it (nil: absent).
public struct MemoryRead: Sendable, Equatable {
    public var kind: String
    public var key: String
    public var value: String?
}

/// The memory entries one resolution read, noted as it reads them, so that committing its
/// result can check none changed meanwhile (another worker spent the same refunded total).
public final class MemoryReads: Sendable {
    private let reads = Mutex<[MemoryRead]>([])

    public init() {}

    func note(_ read: MemoryRead) { reads.withLock { $0.append(read) } }

    public var all: [MemoryRead] { reads.withLock { $0 } }
}

/// A memory entry changed between a resolution's read and its commit: resolve again.
public struct MemoryChanged: Error, CustomStringConvertible {
    public var kind: String
    public var key: String
    public var description: String { "memory \(kind) \(key) changed while the event was resolved; resolving again" }
}
