import Foundation

/// What happened to one delivery attempt.
public enum DeliveryUpdate: Sendable {
    case delivered(DeliveredOutcome, httpStatus: Int, response: String?)
    case retry(at: Date, httpStatus: Int?, reason: String, response: String?)
    case dead(httpStatus: Int?, reason: String, response: String?)
    case dryRun
}

/// What an attempt writes: the outbox row's new state and the line its history keeps. The one
/// wording of every outcome, whatever the store.
public struct WrittenAttempt: Sendable, Equatable {
    public var status: DeliveryStatus
    /// A dry run is not an attempt at FirstPromoter.
    public var countsAsAttempt: Bool
    /// Set only by a retry.
    public var nextAttemptAt: Date?
    public var outcome: String
    public var httpStatus: Int?
    public var response: String?
    public var kind: AttemptKind
    public var historyOutcome: String
}

extension DeliveryUpdate {
    public var written: WrittenAttempt {
        switch self {
        case .delivered(let outcome, let status, let response):
            WrittenAttempt(
                status: .delivered, countsAsAttempt: true, outcome: outcome.rawValue, httpStatus: status, response: response,
                kind: .call, historyOutcome: outcome.rawValue)
        case .retry(let next, let status, let reason, let response):
            WrittenAttempt(
                status: .pending, countsAsAttempt: true, nextAttemptAt: next, outcome: "retrying: \(reason)", httpStatus: status,
                response: response, kind: .call, historyOutcome: "retrying at \(next.ISO8601Format()): \(reason)")
        case .dead(let status, let reason, let response):
            WrittenAttempt(
                status: .dead, countsAsAttempt: true, outcome: reason, httpStatus: status, response: response, kind: .call,
                historyOutcome: "dead: \(reason)")
        case .dryRun:
            WrittenAttempt(
                status: .dryRun, countsAsAttempt: false, outcome: Self.notSent, kind: .dryRun, historyOutcome: Self.notSent)
        }
    }

    static let notSent = "not sent: no FIRSTPROMOTER_API_KEY"
}

public enum AttemptKind: String, Sendable, Codable, CaseIterable {
    case call
    case dryRun = "dry_run"
    case replay
}
