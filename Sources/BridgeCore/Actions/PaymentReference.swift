/// A provider's id for a payment (a Stripe payment intent or charge), remembered with the sale it
/// paid so that a later refund naming only the payment finds its sale.
public struct PaymentReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kind: String
    public var id: String

    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(kind) \(id)" }
}
