/// One call to FirstPromoter's tracking API, ready to send: endpoint and ordered form fields.
public struct FirstPromoterCall: Sendable, Equatable, Codable {
    public var endpoint: ActionKind
    /// The `event_id` sent: with the endpoint, the outbox's unique key.
    public var eventID: String
    public var parameters: [FormField]
    /// What the operator should know about how this call was made (e.g. a sale it could not link).
    public var note: String?

    public init(endpoint: ActionKind, eventID: String, parameters: [FormField], note: String? = nil) {
        self.endpoint = endpoint
        self.eventID = eventID
        self.parameters = parameters
        self.note = note
    }

    /// `/api/v1/track/sale` and so on.
    public var path: String { "/api/v1/track/\(endpoint.rawValue)" }

    /// The `application/x-www-form-urlencoded` body.
    public var formBody: String { FormField.encode(parameters) }

    public func value(of name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }
}
