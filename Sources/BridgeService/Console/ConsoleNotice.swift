import BridgeCore

/// What the console says after a form, carried through the redirect as a code and numbers, never
/// as text: a crafted `/admin?done=…` link can only show one of these sentences, about real ids.
enum ConsoleNotice: Equatable {
    case requeuedDead(count: Int)
    case remapped(row: Int64)
    case notRemapped(row: Int64)
    case replayed(delivery: Int64, was: DeliveryStatus)
    /// Not requeued; `status` is the delivery's status, which says why.
    case notReplayed(delivery: Int64, status: DeliveryStatus)
    case noSuchDelivery(Int64)
    /// A reconcile asked for the `provider`-th of the reconcilable providers (a number, never text).
    case reconcileAsked(provider: Int)

    /// `done=…&n=…` for the redirect.
    var query: String {
        switch self {
        case .requeuedDead(let count): "done=requeued-dead&n=\(count)"
        case .remapped(let row): "done=remapped&n=\(row)"
        case .notRemapped(let row): "done=not-remapped&n=\(row)"
        case .replayed(let id, let was): "done=replayed&n=\(id)&status=\(was.rawValue)"
        case .notReplayed(let id, let status): "done=not-replayed&n=\(id)&status=\(status.rawValue)"
        case .noSuchDelivery(let id): "done=no-such-delivery&n=\(id)"
        case .reconcileAsked(let index): "done=reconcile-asked&n=\(index)"
        }
    }

    /// Read back from a page's query; nil for anything that is not one of the codes.
    init?(_ query: AdminQuery) {
        guard let code = query["done"], let text = query["n"], let number = Int64(text) else { return nil }
        let status = query["status"].flatMap(DeliveryStatus.init(rawValue:))
        switch (code, status) {
        case ("requeued-dead", nil): self = .requeuedDead(count: Int(number))
        case ("remapped", nil): self = .remapped(row: number)
        case ("not-remapped", nil): self = .notRemapped(row: number)
        case ("replayed", let status?): self = .replayed(delivery: number, was: status)
        case ("not-replayed", let status?): self = .notReplayed(delivery: number, status: status)
        case ("no-such-delivery", nil): self = .noSuchDelivery(number)
        case ("reconcile-asked", nil): self = .reconcileAsked(provider: Int(number))
        default: return nil
        }
    }

    var text: String {
        switch self {
        case .requeuedDead(let count): "requeued \(count) dead and dry-run deliveries"
        case .remapped(let row): "event \(row) is mapped again within a second"
        case .notRemapped(let row): "event \(row) cannot be mapped again now (not mapped yet?)"
        case .replayed(let id, let was): "delivery \(id) requeued (was \(was.rawValue)); it is sent within a second"
        case .notReplayed(let id, let status):
            switch status {
            case .pending: "delivery \(id) not requeued: it is pending already"
            case .delivered: "delivery \(id) not requeued: it was delivered; send it again only with Force"
            default: "delivery \(id) not requeued: it makes no call (\(status.rawValue)): nothing to send"
            }
        case .noSuchDelivery(let id): "delivery \(id): no such delivery"
        case .reconcileAsked: "reconcile asked for; it runs in the background, and its result shows below when done"
        }
    }
}
