/// A call is not sent while the call it must follow is unsettled: a refund waits for its sale,
/// a sale for its lead's signup. A refund also waits behind a dead sale (until it is replayed),
/// but a sale does not wait behind a dead signup: it carries the tid itself. A dry run counts as
/// settled. The one statement of the rule: stores build their queries from `blocking`, and
/// `StoreContractTests` checks every combination against `holds`.
public enum CallOrdering {
    /// The statuses of the call it follows, of the given endpoint, that hold a pending call back.
    public static func blocking(after endpoint: ActionKind) -> [DeliveryStatus] {
        endpoint == .signup ? [.pending] : [.pending, .dead]
    }

    /// Whether a call in `status`, that follows a call to `endpoint` now in `afterStatus`, waits.
    public static func holds(_ status: DeliveryStatus, after endpoint: ActionKind, whileItIs afterStatus: DeliveryStatus) -> Bool {
        status == .pending && blocking(after: endpoint).contains(afterStatus)
    }
}
