/// What the bridge remembers from earlier events, for actions whose payload is not enough alone.
/// The store implements it; tests and `billing-bridge map` use `InMemoryBridgeMemory`.
public protocol BridgeMemory: Sendable {
    func saleEventID(paidBy reference: PaymentReference) async throws -> String?
    func sale(eventID: String) async throws -> SaleRecord?
    func subscriptionMRR(subscriptionID: String) async throws -> Int?
    func refundedTotal(paymentID: String) async throws -> Int?
    func clawback(saleEventID: String) async throws -> Clawback?
    func customer(id: String) async throws -> CustomerRecord?
    /// The latest invoice charge under `InvoiceCharge.key`.
    func invoiceCharge(key: String) async throws -> InvoiceCharge?
    func refundQueued(eventID: String) async throws -> Bool
}

/// Memory held in a value: facts applied in order, as the store applies them.
public struct InMemoryBridgeMemory: BridgeMemory {
    public var payments: [PaymentReference: String] = [:]
    public var sales: [String: SaleRecord] = [:]
    public var subscriptions: [String: (mrr: Int, asOf: Int)] = [:]
    public var refunds: [String: Int] = [:]
    public var clawbacks: [String: Clawback] = [:]
    public var customers: [String: CustomerRecord] = [:]
    public var invoiceCharges: [String: InvoiceCharge] = [:]
    public var queuedRefunds: Set<String> = []

    public init() {}

    public mutating func apply(_ facts: [Fact]) {
        for fact in facts {
            switch fact {
            case .salePaidBy(let reference, let saleEventID):
                payments[reference] = saleEventID
            case .saleRecorded(let sale):
                sales[sale.eventID] = sale
            case .subscriptionMRR(let id, let mrr, let asOf):
                if let known = subscriptions[id], known.asOf > asOf { continue }
                subscriptions[id] = (mrr, asOf)
            case .refundedTotal(let paymentID, let total):
                refunds[paymentID] = max(refunds[paymentID] ?? 0, total)
            case .saleClawback(let id, let clawback):
                if let known = clawbacks[id], known.sent >= clawback.sent { continue }
                clawbacks[id] = clawback
            case .customer(let id, let record):
                customers[id] = customers[id].map { $0.merged(with: record) } ?? record
            case .invoiceCharged(let charge):
                invoiceCharges[charge.key] = charge
            case .refundQueued(let id):
                queuedRefunds.insert(id)
            }
        }
    }

    public func saleEventID(paidBy reference: PaymentReference) async throws -> String? { payments[reference] }
    public func sale(eventID: String) async throws -> SaleRecord? { sales[eventID] }
    public func subscriptionMRR(subscriptionID: String) async throws -> Int? { subscriptions[subscriptionID]?.mrr }
    public func refundedTotal(paymentID: String) async throws -> Int? { refunds[paymentID] }
    public func clawback(saleEventID: String) async throws -> Clawback? { clawbacks[saleEventID] }
    public func customer(id: String) async throws -> CustomerRecord? { customers[id] }
    public func invoiceCharge(key: String) async throws -> InvoiceCharge? { invoiceCharges[key] }
    public func refundQueued(eventID: String) async throws -> Bool { queuedRefunds.contains(eventID) }
}
