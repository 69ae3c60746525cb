import Foundation

/// Turns a mapper's actions into outbox rows, filling in what only the bridge's memory knows: a
/// customer's referral data, a recorded subscription's MRR, the sale a refund reverses and its
/// tax-free share, whether a payment is a sale of its own. Decides, or says what it waits for.
/// Resolve before the event's own facts are applied.
public struct ActionResolver: Sendable {
    public let memory: any BridgeMemory
    public let clock: ResolutionClock
    public let holds: HoldRules

    public init(memory: any BridgeMemory, clock: ResolutionClock, holds: HoldRules) {
        self.memory = memory
        self.clock = clock
        self.holds = holds
    }

    /// One step's outcome: a row to queue with the facts it teaches, or a wait.
    enum Step {
        case planned(PlannedDelivery, facts: [Fact] = [])
        case wait(reason: String, until: Date, keys: [String])
    }

    /// The event's rows and facts (its own facts last), or the first wait: an event is decided whole.
    public func resolve(_ mapping: Mapping) async throws -> Resolution {
        // Before any memory is read by one of them: a cut id would read another's entry.
        try mapping.refuseIDsThatWouldBeCut()
        var planned: [PlannedDelivery] = []
        var facts: [Fact] = []
        for action in mapping.actions {
            let step: Step
            switch action {
            case .sale(let sale): step = try await resolve(sale)
            case .refund(let refund): step = try await resolve(refund)
            case .cancellation(let cancellation): step = .planned(.call(try await call(for: cancellation)))
            case .signup(let signup): step = .planned(call(for: signup))
            case .ignored(let reason): step = .planned(.ignored(reason: reason))
            }
            switch step {
            case .planned(let delivery, let learnt):
                planned.append(delivery)
                facts += learnt
            case .wait(let reason, let until, let keys):
                return .waiting(reason: reason, until: until, keys: keys)
            }
        }
        return .decided(planned, facts: facts + mapping.facts)
    }

    /// `held` for as long as the clock is before `deadline`, else nil: go with what there is.
    func hold(until deadline: Date, _ reason: String, keys: [String]) -> Step? {
        clock.now < deadline ? .wait(reason: reason, until: deadline, keys: keys) : nil
    }

    /// A customer's remembered uid (`fp_uid`) replaces the provider's customer id.
    func lead(uid: String?, email: String?, customerID: String?) async throws -> (uid: String?, email: String?) {
        guard let customerID, let known = try await memory.customer(id: customerID) else { return (uid, email) }
        return (known.uid ?? uid, email ?? known.email)
    }

    func call(for cancellation: CancellationParameters) async throws -> FirstPromoterCall {
        let lead = try await lead(uid: cancellation.uid, email: cancellation.email, customerID: cancellation.customerID)
        var fields = FieldList()
        fields.add("email", lead.email)
        fields.add("uid", lead.uid)
        fields.add("event_id", cancellation.eventID)
        fields.add("created_at", cancellation.createdAt.map(Self.iso8601))
        // Not before the lead's latest sale is settled: FirstPromoter cancels what it has.
        var after: DeliveryKey?
        for key in PaymentReference.leadKeys(uid: lead.uid, email: lead.email) where after == nil {
            after = try await memory.saleEventID(paidBy: .latestSale(ofLead: key)).map { DeliveryKey(.sale, $0) }
        }
        return FirstPromoterCall(endpoint: .cancellation, eventID: cancellation.eventID, parameters: fields.fields, after: after)
    }

    func call(for signup: SignupParameters) -> PlannedDelivery {
        guard let key = SignupParameters.key(uid: signup.uid, email: signup.email) else {
            return .ignored(reason: "signup names no customer or email; FirstPromoter needs one")
        }
        var fields = FieldList()
        fields.add("email", signup.email)
        fields.add("uid", signup.uid)
        fields.add("tid", signup.tid)
        fields.add("ref_id", signup.refID)
        fields.add("created_at", signup.createdAt.map(Self.iso8601))
        return .call(FirstPromoterCall(endpoint: .signup, eventID: key, parameters: fields.fields))
    }

    static func iso8601(_ date: Date) -> String { date.ISO8601Format() }
}

extension ActionResolver {
    /// Resolves with nothing remembered, as if every hold had run out: what `map` shows.
    public static func standalone(_ mapping: Mapping, receivedAt: Date, holds: HoldRules) async throws -> Resolution {
        try await ActionResolver(memory: InMemoryBridgeMemory(), clock: .lapsed(receivedAt: receivedAt), holds: holds)
            .resolve(mapping)
    }
}

/// Form fields in order, leaving out the absent and the empty.
struct FieldList {
    var fields: [FormField] = []
    mutating func add(_ name: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        fields.append(FormField(name, value))
    }
}
