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

extension PaymentReference {
    /// The latest sale queued for a lead (`uid:…` or `email:…`): a cancellation of that lead is
    /// sent after it.
    public static func latestSale(ofLead lead: String) -> PaymentReference { PaymentReference(kind: "latest sale of", id: lead) }

    /// The lead keys of a uid and an email, as `latestSale(ofLead:)` takes them.
    public static func leadKeys(uid: String?, email: String?) -> [String] {
        [uid.map { "uid:\($0)" }, email.map { "email:\($0.lowercased())" }].compactMap { $0 }
    }
}
