// Lemon Squeezy's API documents (JSON:API, `GET /v1/...`), fetched when `LEMONSQUEEZY_API_KEY`
// is set: a subscription invoice's webhook names its subscription but not its plan or billing
// interval, which the subscription and its price hold.

/// An API answer: the same `data` object a webhook carries, without its `meta`.
struct LemonSqueezyDocument<Attributes: Decodable>: Decodable {
    let data: LemonSqueezyEvent<Attributes>.Resource
}

/// `GET /v1/subscriptions/{id}`: the parts that name the plan.
struct LemonSqueezySubscriptionDocument: Decodable {
    let variant_id: Int?
    /// Null during a trial.
    let first_subscription_item: Item?

    struct Item: Decodable {
        let price_id: Int?
        let quantity: Int?
    }
}

/// `GET /v1/prices/{id}`: how often the price bills (null for one-time prices).
struct LemonSqueezyPrice: Decodable {
    let category: String?
    let renewal_interval_unit: String?
    let renewal_interval_quantity: Int?
}
