/// A reconcile's findings summed by what they are (missing from the bridge, or stored and not
/// delivered: failed, held, dead) and the call each makes, with amounts per currency. Sums are
/// checked: a total that does not fit says so instead of trapping.
public struct ReconcileTally: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var kind: String
        /// The FirstPromoter call (sale, refund, cancellation, signup), or "none".
        public var action: String
        public var count = 0
        public var amounts: [String: Int] = [:]
        /// Currencies whose total did not fit in an integer.
        public var overflowed: Set<String> = []
    }

    public private(set) var lines: [Line] = []

    public init() {}

    public mutating func add(kind: String, action: String?, amount: Int?, currency: String?) {
        let action = action ?? "none"
        let index = lines.firstIndex { $0.kind == kind && $0.action == action } ?? {
            lines.append(Line(kind: kind, action: action))
            return lines.count - 1
        }()
        lines[index].count += 1
        guard let amount, let currency else { return }
        let (sum, overflow) = (lines[index].amounts[currency] ?? 0).addingReportingOverflow(amount)
        if overflow { lines[index].overflowed.insert(currency) } else { lines[index].amounts[currency] = sum }
    }

    /// Everything found, of every kind.
    public var count: Int { lines.reduce(0) { $0 + $1.count } }
    /// What the provider has that the bridge never stored.
    public var missing: Int { lines.filter { $0.kind == "missing" }.reduce(0) { $0 + $1.count } }
}
