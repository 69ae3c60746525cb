/// What one provider event asks of FirstPromoter.
public enum Action: Sendable, Equatable {
    case sale(SaleParameters)
    case refund(RefundParameters)
    case cancellation(CancellationParameters)
    /// Nothing to send; the reason is kept with the event so an operator can see why.
    case ignored(reason: String)
}

/// The FirstPromoter calls an action kind can become; also the keys of a mapping file's `events`.
public enum ActionKind: String, Sendable, Codable, CaseIterable, Hashable {
    case sale, refund, cancellation
}
