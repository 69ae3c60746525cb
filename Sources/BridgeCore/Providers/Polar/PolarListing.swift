import Foundation

/// `backfill polar` and `reconcile polar`: Polar's API keeps no list of the webhooks it sent, so
/// its orders and ended subscriptions are listed (newest first, the window in one pass) and made
/// into the events its webhooks carried (`PolarListFormat`, `NewestFirstCollection`): a paid order is its
/// `order.paid`, one refunded (in part or whole) also its `order.refunded`, a subscription that
/// ended its `subscription.canceled`.
public enum PolarListing {
    public static let defaultAPIURL = "https://api.polar.sh"

    static func paid(_ order: PolarListedObject) -> String? {
        order.paid == true || ["paid", "refunded", "partially_refunded"].contains(order.status ?? "") ? order.created_at : nil
    }

    static func refunded(_ order: PolarListedObject) -> String? {
        (order.refunded_amount ?? 0) > 0 ? order.modified_at ?? order.created_at : nil
    }

    public static func make(key: String, baseURL: String?) -> ObjectListing {
        typealias Collection = NewestFirstCollection<PolarListFormat>
        let collections: [any ObjectCollection] = [
            Collection(
                PolarListFormat(resource: "/v1/orders/", query: ["sorting=-created_at"]), what: "Polar's orders", byCreation: true,
                makes: [.init("order.paid", time: paid), .init("order.refunded", time: refunded, idSuffix: { "_refunded-\($0.refunded_amount ?? 0)" })]),
            Collection(
                PolarListFormat(resource: "/v1/subscriptions/", query: ["active=false"]), what: "Polar's ended subscriptions", byCreation: false,
                makes: [.init("subscription.canceled", time: { $0.canceled_at ?? $0.ended_at })]),
        ]
        let api = ProviderAPIAccess(
            name: "Polar API", baseURL: baseURL ?? defaultAPIURL,
            headers: ["Authorization": "Bearer \(key)", "Accept": "application/json", "User-Agent": "BillingBridge"])
        return ObjectListing(
            api: api, keyVariable: PolarProvider.id.variable("API_KEY"), collections: collections, remembered: [], readsWholeWindow: true)
    }
}
