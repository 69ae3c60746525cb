/// What FirstPromoter's answer to one call means for its delivery, as its reference says:
/// 2xx, 204 and 409 are done; 429, 5xx and 408 are transient; 400, 401, 403, 422 and other 4xx
/// are permanent for that request and become dead letters.
public enum AnswerClassification: Sendable, Equatable {
    case delivered(outcome: DeliveredOutcome)
    case retry(reason: String)
    case dead(reason: String)

    public static func classify(status: Int) -> AnswerClassification {
        switch status {
        case 204: .delivered(outcome: .notReferral)
        case 200..<300: .delivered(outcome: .tracked)
        case 409: .delivered(outcome: .duplicate)
        case 408, 425, 429: .retry(reason: "HTTP \(status)")
        case 500..<600: .retry(reason: "HTTP \(status)")
        case 400..<500: .dead(reason: "HTTP \(status)")
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
}
