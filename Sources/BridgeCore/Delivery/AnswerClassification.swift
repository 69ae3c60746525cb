/// What FirstPromoter's answer to one call means for its delivery, as its reference says:
/// 2xx, 204 and 409 are done; 429, 5xx and 408 are transient; 400, 401, 403, 422 and other 4xx
/// are permanent for that request and become dead letters, as are redirects (3xx), which are
/// never followed since they would carry the API key elsewhere. A signup's 422 (the lead already has
/// one) is done, and its 404 (a visitor FirstPromoter never saw) is recorded, not retried.
public enum AnswerClassification: Sendable, Equatable {
    case delivered(outcome: DeliveredOutcome)
    case retry(reason: String)
    case dead(reason: String)

    public static func classify(status: Int, endpoint: ActionKind = .sale, version: FirstPromoterAPIVersion = .v1) -> AnswerClassification {
        // v2 answers 404 `not_found` where v1 answers 204: not a referral, nothing to retry.
        if version == .v2, status == 404, endpoint != .signup { return .delivered(outcome: .notReferral) }
        return switch (status, endpoint) {
        case (422, .signup): .delivered(outcome: .alreadySignedUp)
        case (404, .signup): .delivered(outcome: .unknownVisitor)
        case (204, _): .delivered(outcome: .notReferral)
        case (200..<300, _): .delivered(outcome: .tracked)
        case (409, _): .delivered(outcome: .duplicate)
        case (408, _), (425, _), (429, _): .retry(reason: "HTTP \(status)")
        case (500..<600, _): .retry(reason: "HTTP \(status)")
        case (400..<500, _): .dead(reason: "HTTP \(status)")
        case (300..<400, _): .dead(reason: "HTTP \(status): a redirect, not followed (the API key goes to the configured origin only)")
        default: .retry(reason: "unexpected HTTP \(status)")
        }
    }
}

/// How a delivered call ended: what an operator reads in `billing-bridge deliveries`.
public enum DeliveredOutcome: String, Sendable, Codable {
    /// FirstPromoter recorded it.
    case tracked
    /// 204: the customer is not a referral; nothing to do.
    case notReferral = "not_referral"
    /// 409: FirstPromoter already had this event_id.
    case duplicate
    /// Signup 422: the lead already has a signup.
    case alreadySignedUp = "already_signed_up"
    /// Signup 404: FirstPromoter does not know the visitor (tid); nothing to retry.
    case unknownVisitor = "unknown_visitor"
}
