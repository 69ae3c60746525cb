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

extension PaymentReference {
    /// The first sale of something that is not a sale itself (a Lemon Squeezy subscription, which
    /// its first order names): a refund of that order is a refund of this sale.
    public static func firstSale(of owner: String) -> PaymentReference { PaymentReference(kind: "first sale of", id: owner) }
}
