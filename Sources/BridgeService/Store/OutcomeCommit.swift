import BridgeCore

/// A call's outcome, as a forwarder worker files it with the store: the delivery's new state and
/// the attempt's record, written only while the worker still holds the delivery's claim.
struct OutcomeCommit: Sendable {
    let delivery: Int64
    let written: WrittenAttempt
    let record: CallRecord
    let owner: String
    /// Milliseconds since 1970.
    let at: Int64
}
