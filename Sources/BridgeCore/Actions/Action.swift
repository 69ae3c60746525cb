/// What one provider event asks of FirstPromoter.
public enum Action: Sendable, Equatable {
    case sale(SaleParameters)
    case refund(RefundParameters)
    case cancellation(CancellationParameters)
    /// A lead for an affiliate: sent when a customer first carries referral data.
    case signup(SignupParameters)
    /// Nothing to send; the reason is kept with the event so an operator can see why.
    case ignored(reason: String)
}

/// The FirstPromoter calls an action kind can become.
public enum ActionKind: String, Sendable, Codable, CaseIterable, Hashable {
    case sale, refund, cancellation, signup

    /// The keys of a mapping file's `events`: signups are not routed by event type but follow
    /// from referral data wherever it appears (turned off by `signups: ignore`).
    public static let routable: [ActionKind] = [.sale, .refund, .cancellation]
}
