import Foundation

/// A FirstPromoter cancellation: the parameters `POST /api/v1/track/cancellation` accepts.
public struct CancellationParameters: Sendable, Equatable {
    public var email: String?
    public var uid: String?
    public var eventID: String
    public var createdAt: Date?

    public init(email: String? = nil, uid: String? = nil, eventID: String, createdAt: Date? = nil) {
        self.email = email
        self.uid = uid
        self.eventID = eventID
        self.createdAt = createdAt
    }
}
