// FastSpring's webhook events: one request holds `{"events": [ … ]}`, each event
// `{"id", "type", "live", "created" (ms), "data": {…}}`. Amounts are JSON numbers in major units
// (`"total": 19.99`); with webhook expansion on, related objects (account, subscription, a
// charge's order) are whole objects, otherwise their ids.

struct FastSpringEvent<Payload: Decodable>: Decodable {
    let id: String
    let type: String
    let live: Bool?
    let created: Int64?
    let data: Payload
}

struct FastSpringAnyData: Decodable {}

/// A related object: its id (webhook expansion off) or the object itself (on).
enum FastSpringReference<Object: Decodable & FastSpringIdentified>: Decodable {
    case id(String)
    case object(Object)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let id = try? container.decode(String.self) {
            self = .id(id)
        } else {
            self = .object(try container.decode(Object.self))
        }
    }

    var id: String {
        switch self {
        case .id(let id): id
        case .object(let object): object.id
        }
    }

    var object: Object? {
        if case .object(let object) = self { return object }
        return nil
    }
}

protocol FastSpringIdentified {
    var id: String { get }
}

struct FastSpringOrder: Decodable, FastSpringIdentified {
    let id: String
    let reference: String?
    let live: Bool?
    let currency: String
    let account: FastSpringReference<FastSpringAccount>?
    /// After discounts, tax included.
    let total: MajorAmount?
    let tax: MajorAmount?
    let customer: FastSpringContact?
    let items: [Item]?
    /// Custom tags set at checkout: where FirstPromoter's tid is put.
    let tags: LooseStrings?
    let changed: Int64?

    struct Item: Decodable {
        let product: String?
        let quantity: Int?
        let subscription: FastSpringReference<FastSpringSubscription>?
    }
}

struct FastSpringAccount: Decodable, FastSpringIdentified {
    let id: String
    let contact: FastSpringContact?
}

struct FastSpringContact: Decodable {
    let email: String?
}

struct FastSpringSubscription: Decodable, FastSpringIdentified {
    let id: String
    let live: Bool?
    let product: String?
    let account: FastSpringReference<FastSpringAccount>?
    /// day, week, month or year, every `intervalLength`.
    let intervalUnit: String?
    let intervalLength: Int?
    let changed: Int64?
}

/// `subscription.charge.completed`: the charge's order and its subscription.
struct FastSpringCharge: Decodable {
    let order: FastSpringReference<FastSpringOrder>
    let subscription: FastSpringReference<FastSpringSubscription>?
}

/// `return.created`: a refund of (part of) an order.
struct FastSpringReturn: Decodable {
    let id: String
    let live: Bool?
    let currency: String
    /// Tax included, as charged.
    let totalReturn: MajorAmount?
    let original: Original?
    let customer: FastSpringContact?
    let account: FastSpringReference<FastSpringAccount>?
    let changed: Int64?

    struct Original: Decodable {
        let id: String?
        let order: String?
    }
}
