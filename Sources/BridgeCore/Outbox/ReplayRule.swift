/// Which deliveries an operator's replay sends again, and what each refusal says: decided here
/// once, for every store and every way in (command line, admin API, console).
public enum ReplayRule {
    public enum Decision: Sendable, Equatable {
        case requeue
        case refuse(String)
    }

    /// Replaying one delivery by id.
    public static func decide(_ status: DeliveryStatus, force: Bool) -> Decision {
        switch status {
        case .ignored, .held: .refuse("it makes no call (\(status.rawValue)): nothing to send")
        case .pending: .refuse("it is pending already")
        case .delivered where !force:
            .refuse("it was delivered; FirstPromoter does not dedup every kind of call, so send it again only with --force")
        case .delivered, .dead, .dryRun: .requeue
        }
    }

    /// What a replay of all dead letters takes: the dead, and dry runs (sent once a key is set).
    public static let deadLetters: [DeliveryStatus] = [.dead, .dryRun]

    /// The history line a replay adds: who did it and what the delivery was.
    public static func historyLine(by who: String, was status: DeliveryStatus, outcome: String?) -> String {
        "replayed by \(who); was \(status.rawValue)" + (outcome.map { ": \($0)" } ?? "")
    }

    /// The ignored row an event gets when a call it maps to was queued by another event already.
    public static func sentOnce(_ key: DeliveryKey, asDelivery id: Int64) -> String {
        "same \(key.endpoint.rawValue) event_id \(key.eventID) as delivery \(id): sent once"
    }
}
