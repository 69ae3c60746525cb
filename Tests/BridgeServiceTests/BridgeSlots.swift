/// How many bridges the test process serves at once. Each runs its workers on its own SQLite
/// pool, and GRDB parks one dispatch thread per pool whose readers are all busy: with every suite
/// started together, a few hundred bridges parked all of libdispatch's 255 threads and the run
/// hung (thread starvation, seen with gdb: every thread in `GRDB.Pool.get`). One process serves
/// one bridge in production; the tests queue for a slot instead.
actor BridgeSlots {
    static let shared = BridgeSlots(count: 24)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) {
        free = count
    }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
