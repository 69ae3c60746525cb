/// One outbox row an event produces: a call to make, or the reason there is none.
public enum PlannedDelivery: Sendable, Equatable {
    case call(FirstPromoterCall)
    case ignored(reason: String)
}
