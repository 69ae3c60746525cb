/// What the bridge remembers from earlier events, for actions whose payload is not enough alone.
/// The store implements it; tests and `billing-bridge map` use `InMemoryBridgeMemory`.
public protocol BridgeMemory: Sendable {
    func saleEventID(paidBy reference: PaymentReference) async throws -> String?
    func subscriptionMRR(subscriptionID: String) async throws -> Int?
    func refundedTotal(paymentID: String) async throws -> Int?
}

/// Memory held in a value: facts applied in order, as the store applies them.
public struct InMemoryBridgeMemory: BridgeMemory {
    public var sales: [PaymentReference: String] = [:]
    public var subscriptions: [String: (mrr: Int, asOf: Int)] = [:]
    public var refunds: [String: Int] = [:]

    public init() {}

    public mutating func apply(_ facts: [Fact]) {
        for fact in facts {
            switch fact {
            case .salePaidBy(let reference, let saleEventID):
                sales[reference] = saleEventID
            case .subscriptionMRR(let id, let mrr, let asOf):
                if let known = subscriptions[id], known.asOf > asOf { continue }
                subscriptions[id] = (mrr, asOf)
            case .refundedTotal(let paymentID, let total):
                refunds[paymentID] = max(refunds[paymentID] ?? 0, total)
            }
        }
    }

    public func saleEventID(paidBy reference: PaymentReference) async throws -> String? { sales[reference] }
    public func subscriptionMRR(subscriptionID: String) async throws -> Int? { subscriptions[subscriptionID]?.mrr }
    public func refundedTotal(paymentID: String) async throws -> Int? { refunds[paymentID] }
}
