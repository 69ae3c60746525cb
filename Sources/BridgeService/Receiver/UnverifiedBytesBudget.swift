import Synchronization

/// Memory for webhook bodies whose signature is not checked yet: anyone can send those, so they
/// share a fixed budget, and one peer may hold only its share of it. Bytes are reserved as they
/// arrive and given back once the signature is checked (or the request refused), so a flood of
/// strangers holding stalled bodies gets 503 or 429 instead of taking memory from real webhooks.
/// Webhooks are small: bodies of at most `smallBody` bytes may also use a reserve on top of the
/// budget, so that a flood of large bodies cannot keep real webhooks out.
public final class UnverifiedBytesBudget: Sendable {
    public let totalLimit: Int
    public let perPeerLimit: Int
    /// An eighth of the budget again, for small bodies only.
    public let smallBodyReserve: Int
    public static let smallBody = 64 << 10
    private let held = Mutex<(total: Int, byPeer: [String: Int])>((0, [:]))

    public init(totalLimit: Int, perPeerLimit: Int) {
        self.totalLimit = totalLimit
        self.perPeerLimit = perPeerLimit
        smallBodyReserve = totalLimit / 8
    }

    public enum Refusal: Error, Equatable {
        /// Every peer together holds the whole budget: 503, try again shortly.
        case full
        /// This peer holds its share: 429.
        case peerFull
    }

    /// Takes `bytes` for `peer`, towards a request of `requestBytes` in all, or refuses and takes
    /// nothing.
    public func reserve(_ bytes: Int, for peer: String, requestBytes: Int) throws(Refusal) {
        let ceiling = requestBytes <= Self.smallBody ? totalLimit + smallBodyReserve : totalLimit
        try held.withLock { (held) throws(Refusal) in
            let mine = held.byPeer[peer, default: 0]
            // Each side is within its limit already, so these sums cannot overflow for a body
            // under the receiver's size limit.
            guard mine + bytes <= perPeerLimit else { throw .peerFull }
            guard held.total + bytes <= ceiling else { throw .full }
            held.total += bytes
            held.byPeer[peer] = mine + bytes
        }
    }

    /// Gives back what `reserve` took.
    public func release(_ bytes: Int, for peer: String) {
        guard bytes > 0 else { return }
        held.withLock { held in
            held.total -= bytes
            let left = held.byPeer[peer, default: 0] - bytes
            // Peers holding nothing are forgotten: the table is as large as the peers sending now.
            held.byPeer[peer] = left > 0 ? left : nil
        }
    }

    /// What is held now, for tests and metrics.
    public var heldBytes: (total: Int, peers: Int) {
        held.withLock { ($0.total, $0.byPeer.count) }
    }
}

extension UnverifiedBytesBudget {
    /// What one request holds of the budget, given back all at once.
    final class Hold: Sendable {
        let budget: UnverifiedBytesBudget
        let peer: String
        private let bytes = Mutex(0)

        init(_ budget: UnverifiedBytesBudget, peer: String) {
            self.budget = budget
            self.peer = peer
        }

        /// Holds `total` bytes in all, taking what is not held yet: the declared length up front,
        /// then the body as it arrives (a sender may send more than it declared).
        func cover(_ total: Int) throws(Refusal) {
            // One request's hold is used by one task at a time: read, then take, is no race.
            let missing = bytes.withLock { total - $0 }
            guard missing > 0 else { return }
            try budget.reserve(missing, for: peer, requestBytes: total)
            bytes.withLock { $0 += missing }
        }

        func giveBack() {
            let count = bytes.withLock { held in
                defer { held = 0 }
                return held
            }
            budget.release(count, for: peer)
        }
    }
}
