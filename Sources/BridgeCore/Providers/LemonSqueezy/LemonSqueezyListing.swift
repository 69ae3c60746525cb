import Foundation

/// `backfill lemonsqueezy` and `reconcile lemonsqueezy`: Lemon Squeezy keeps no events, so its
/// orders, subscription invoices and ended subscriptions are listed and made into the events
/// its webhooks carried (`LemonSqueezyListFormat`, `NewestFirstCollection`), the window in one
/// pass. A subscription cancelled, or since expired (a cancelled one expires at its period's
/// end), is its `subscription_cancelled`, dated when it was changed or ended.
public enum LemonSqueezyListing {
    static func paid(_ object: LemonSqueezyListedObject) -> String? {
        LemonSqueezyMapper.paidStatuses.contains(object.status ?? "") ? object.created_at : nil
    }

    /// Refunded in full (`refunded`) or in part (`refunded_amount`): dated when, or when last changed.
    static func refunded(_ object: LemonSqueezyListedObject) -> String? {
        object.refunded == true || (object.refunded_amount ?? 0) > 0 ? object.refunded_at ?? object.updated_at : nil
    }

    /// `storeID` narrows every list to one store (a key reaches all of its user's stores).
    public static func make(key: String, baseURL: String?, storeID: String?) -> ObjectListing {
        let store = storeID.map { ["filter%5Bstore_id%5D=\(APIPath.encoded($0))"] } ?? []
        typealias Collection = NewestFirstCollection<LemonSqueezyListFormat>
        func list(_ resource: String, _ query: [String] = []) -> LemonSqueezyListFormat {
            LemonSqueezyListFormat(resource: resource, query: store + query)
        }
        let collections: [any ObjectCollection] = [
            Collection(
                list("/v1/orders"), what: "Lemon Squeezy's orders", byCreation: true,
                makes: [.init("order_created", time: { paid($0.attributes) }), .init("order_refunded", time: { refunded($0.attributes) })]),
            Collection(
                list("/v1/subscription-invoices"), what: "Lemon Squeezy's subscription invoices", byCreation: true,
                makes: [
                    .init("subscription_payment_success", time: { paid($0.attributes) }),
                    .init("subscription_payment_refunded", time: { refunded($0.attributes) }),
                ]),
            Collection(
                list("/v1/subscriptions", ["filter%5Bstatus%5D=cancelled"]), what: "Lemon Squeezy's cancelled subscriptions", byCreation: false,
                makes: [.init("subscription_cancelled", time: { $0.attributes.updated_at })]),
            Collection(
                list("/v1/subscriptions", ["filter%5Bstatus%5D=expired"]), what: "Lemon Squeezy's expired subscriptions", byCreation: false,
                makes: [.init("subscription_cancelled", time: { $0.attributes.ends_at ?? $0.attributes.updated_at })]),
        ]
        return ObjectListing(
            api: LemonSqueezyProvider.api(key: key, baseURL: baseURL, optional: false), keyVariable: LemonSqueezyProvider.id.variable("API_KEY"), collections: collections, remembered: [],
            problem: storeID.flatMap { Int($0) == nil ? "LEMONSQUEEZY_STORE_ID '\($0)' is not a store id (a number)" : nil },
            readsWholeWindow: true)
    }
}
