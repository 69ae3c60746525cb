import Foundation

/// A FirstPromoter signup: the parameters `POST /api/v1/track/signup` accepts.
public struct SignupParameters: Sendable, Equatable {
    public var email: String?
    public var uid: String?
    public var tid: String?
    public var refID: String?
    public var createdAt: Date?

    public init(email: String? = nil, uid: String? = nil, tid: String? = nil, refID: String? = nil, createdAt: Date? = nil) {
        self.email = email
        self.uid = uid
        self.tid = tid
        self.refID = refID
        self.createdAt = createdAt
    }

    /// The outbox key of a lead's signup: one per lead, however many events carry its referral.
    public static func key(uid: String?, email: String?) -> String? {
        if let uid, !uid.isEmpty { return "signup-uid-\(uid)" }
        if let email, !email.isEmpty { return "signup-email-\(email.lowercased())" }
        return nil
    }
}
