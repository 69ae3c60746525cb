/// One call to FirstPromoter's tracking API, ready to send: endpoint and ordered form fields.
public struct FirstPromoterCall: Sendable, Equatable, Codable {
    public var endpoint: ActionKind
    /// With the endpoint, the outbox's unique key; sent as `event_id` except for signups, whose
    /// key stands for the lead.
    public var eventID: String
    public var parameters: [FormField]
    /// What the operator should know about how this call was made (e.g. a sale it could not link).
    public var note: String?
    /// A call that must be settled first: a refund waits for its sale, a sale for its lead's signup.
    public var after: DeliveryKey?

    public init(
        endpoint: ActionKind, eventID: String, parameters: [FormField], note: String? = nil, after: DeliveryKey? = nil
    ) {
        self.endpoint = endpoint
        self.eventID = eventID
        self.parameters = parameters
        self.note = note
        self.after = after
    }

    /// `/api/v1/track/sale` and so on (`FirstPromoterAPIVersion.path(of:)` for either version).
    public var path: String { FirstPromoterAPIVersion.v1.path(of: self) }

    /// The `application/x-www-form-urlencoded` body.
    public var formBody: String { FormField.encode(parameters) }

    public func value(of name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }
}

/// An outbox row's unique key: the endpoint and the `event_id` (or signup key).
public struct DeliveryKey: Sendable, Equatable, Codable, CustomStringConvertible {
    public var endpoint: ActionKind
    public var eventID: String

    public init(_ endpoint: ActionKind, _ eventID: String) {
        self.endpoint = endpoint
        self.eventID = eventID
    }

    public var description: String { "\(endpoint.rawValue) \(eventID)" }
}
