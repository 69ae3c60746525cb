import Foundation

/// A FirstPromoter cancellation: the parameters `POST /api/v1/track/cancellation` accepts.
public struct CancellationParameters: Sendable, Equatable {
    public var email: String?
    public var uid: String?
    public var eventID: String
    public var createdAt: Date?
    /// The provider's customer id, whose remembered referral uid (`fp_uid`) replaces `uid`.
    public var customerID: String?

    public init(email: String? = nil, uid: String? = nil, eventID: String, createdAt: Date? = nil, customerID: String? = nil) {
        self.email = email
        self.uid = uid
        self.eventID = eventID
        self.createdAt = createdAt
        self.customerID = customerID
    }
}
