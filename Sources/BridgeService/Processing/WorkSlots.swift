/// At most `count` holders at once; the others wait their turn, first come first served.
///
/// Mapping is CPU work (decoding, resolving, committing). On a small machine, every mapper
/// worker mapping at once takes the cores the receiver needs to answer webhooks, so mapping
/// holds a slot, one fewer than the cores (at least one); lookups from a provider's API, which
/// only wait, run outside it.
actor WorkSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) {
        free = max(count, 1)
    }

    /// Slots for mapping on this machine: one fewer than the cores, at least one, at most `workers`.
    static func forMapping(workers: Int, cores: Int) -> Int {
        min(max(workers, 1), max(cores - 1, 1))
    }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if free > 0 {
            free -= 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
        defer { release() }
        return try await body()
    }

    private func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            // Handed straight to the next in line: the count stays taken.
            waiting.removeFirst().resume()
        }
    }
}
