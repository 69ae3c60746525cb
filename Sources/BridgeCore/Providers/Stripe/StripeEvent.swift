// Stripe's payloads as Decodable types. Property names are Stripe's wire names, so a field here
// reads the same as in Stripe's API reference. Every field the bridge can live without is
// optional: Stripe API versions add and remove fields (see the README's API-version notes).

/// What the receiver reads of an event before it stores it; its time loosely (`PayloadTime.Loose`).
struct StripeEnvelope: Decodable {
    let id: String
    let type: String
    let created: PayloadTime.Loose?
    let data: StripeEvent<StripeAnyObject>.EventData
}

/// An event whose `data.object` is decoded as `Object`.
struct StripeEvent<Object: Decodable>: Decodable {
    let id: String
    let type: String
    let created: PayloadTime?
    let livemode: Bool?
    /// The API version `data` was rendered with (absent in some test payloads).
    let api_version: String?
    let data: EventData

    struct EventData: Decodable {
        let object: Object
        let previous_attributes: PreviousAttributes?
    }

    struct PreviousAttributes: Decodable {
        let amount_refunded: Int?
    }
}

/// Decodes from any JSON object: for reading only the envelope.
/// Any object: only what names it, so that a reason can say which invoice or charge it was.
struct StripeAnyObject: Decodable {
    let id: String?
    let object: String?

    /// `invoice in_123`, or nil when the object has no id.
    var name: String? { id.map { "\(object ?? "object") \($0)" } }
}

/// A reference Stripe sends as an id string, or as the expanded object with its `id`.
struct StripeExpandable: Decodable, Equatable {
    let id: String

    init(id: String) { self.id = id }

    init(from decoder: any Decoder) throws {
        if let id = try? decoder.singleValueContainer().decode(String.self) {
            self.id = id
        } else {
            self.id = try decoder.container(keyedBy: Key.self).decode(String.self, forKey: .id)
        }
    }

    private enum Key: String, CodingKey { case id }
}

struct StripeInvoice: Decodable, Equatable {
    let id: String
    let customer: StripeExpandable?
    let customer_email: String?
    let currency: String
    let amount_paid: Int?
    let total: Int?
    let total_excluding_tax: Int?
    let subtotal: Int?
    let subtotal_excluding_tax: Int?
    /// Before 2025-03-31: the invoice's tax; since then, `total_taxes`.
    let tax: Int?
    let total_taxes: [StripeAmount]?
    let total_tax_amounts: [StripeAmount]?
    let livemode: Bool?
    let metadata: [String: String]?
    /// Before 2025-03-31 (basil).
    let subscription: StripeExpandable?
    let subscription_details: SubscriptionDetails?
    let payment_intent: StripeExpandable?
    let charge: StripeExpandable?
    let discount: StripeDiscount?
    /// Since 2025-03-31 (basil).
    let parent: Parent?
    let discounts: [StripeDiscountReference]?
    let lines: StripeList<StripeInvoiceLine>?
    let status_transitions: StatusTransitions?
    /// Since basil, never in events: only when a listing expands it (`backfill`'s invoices).
    let payments: StripeList<Paid>?

    /// One payment of the invoice: what paid it, for refunds naming only the payment.
    struct Paid: Decodable, Equatable {
        let status: String?
        let payment: StripeInvoicePayment.Payment
    }

    struct Parent: Decodable, Equatable {
        let type: String?
        let subscription_details: SubscriptionDetails?
    }

    struct SubscriptionDetails: Decodable, Equatable {
        let subscription: StripeExpandable?
        let metadata: [String: String]?
    }

    struct StatusTransitions: Decodable, Equatable {
        let paid_at: PayloadTime?
    }
}

struct StripeAmount: Decodable, Equatable {
    let amount: Int
}

struct StripeList<Element: Decodable>: Decodable {
    let data: [Element]
}

struct StripeInvoiceLine: Decodable, Equatable {
    let amount: Int?
    let quantity: Int?
    let period: Period?
    /// Before 2025-03-31: the full price and plan, with their interval.
    let price: StripePrice?
    let plan: StripePlan?
    let proration: Bool?
    let type: String?
    let subscription: StripeExpandable?
    /// Since 2025-03-31: the price id only, and the subscription item the line bills.
    let pricing: Pricing?
    let parent: Parent?

    struct Period: Decodable, Equatable {
        let start: PayloadTime
        let end: PayloadTime
    }

    struct Pricing: Decodable, Equatable {
        let price_details: PriceDetails?
    }

    struct PriceDetails: Decodable, Equatable {
        let price: StripeExpandable?
    }

    struct Parent: Decodable, Equatable {
        let type: String?
        let subscription_item_details: SubscriptionItemDetails?
    }

    struct SubscriptionItemDetails: Decodable, Equatable {
        let subscription: String?
        let proration: Bool?
    }
}

struct StripePrice: Decodable, Equatable {
    let id: String
    let unit_amount: Int?
    let currency: String?
    let recurring: Recurring?

    struct Recurring: Decodable, Equatable {
        let interval: String
        let interval_count: Int?
        let usage_type: String?
    }
}

struct StripePlan: Decodable, Equatable {
    let id: String
    let amount: Int?
    let interval: String?
    let interval_count: Int?
}

/// Before 2025-03-31: `invoice.discount` with its coupon.
struct StripeDiscount: Decodable, Equatable {
    let coupon: StripeExpandable?
}

/// `invoice.discounts[]`: discount ids, or expanded discounts whose coupon is at `coupon`
/// (before 2025-09-30) or `source.coupon`.
struct StripeDiscountReference: Decodable, Equatable {
    let couponID: String?

    init(couponID: String?) { self.couponID = couponID }

    init(from decoder: any Decoder) throws {
        if (try? decoder.singleValueContainer().decode(String.self)) != nil {
            couponID = nil
            return
        }
        let expanded = try ExpandedDiscount(from: decoder)
        couponID = expanded.coupon?.id ?? expanded.source?.coupon?.id
    }

    private struct ExpandedDiscount: Decodable {
        let coupon: StripeExpandable?
        let source: Source?
        struct Source: Decodable { let coupon: StripeExpandable? }
    }
}

struct StripeCharge: Decodable {
    let id: String
    let customer: StripeExpandable?
    let amount: Int?
    let amount_captured: Int?
    let amount_refunded: Int
    let captured: Bool?
    let status: String?
    let currency: String
    let created: PayloadTime?
    let livemode: Bool?
    let metadata: [String: String]?
    /// Before 2025-03-31 a charge named its invoice.
    let invoice: StripeExpandable?
    let payment_intent: StripeExpandable?
    let receipt_email: String?
    let billing_details: BillingDetails?

    struct BillingDetails: Decodable {
        let email: String?
    }
}

struct StripeInvoicePayment: Decodable {
    let id: String
    let invoice: StripeExpandable
    let status: String?
    let livemode: Bool?
    let payment: Payment

    struct Payment: Decodable, Equatable {
        let type: String
        let payment_intent: StripeExpandable?
        let charge: StripeExpandable?
    }
}

struct StripeSubscription: Decodable {
    let id: String
    let customer: StripeExpandable?
    let currency: String?
    let livemode: Bool?
    let canceled_at: PayloadTime?
    let ended_at: PayloadTime?
    let items: StripeList<Item>?

    struct Item: Decodable {
        let price: StripePrice?
        let plan: StripePlan?
        let quantity: Int?
    }
}

/// `payment_intent.succeeded`.
struct StripePaymentIntent: Decodable {
    let id: String
    let amount: Int?
    let amount_received: Int?
    let currency: String
    let customer: StripeExpandable?
    let created: PayloadTime?
    let metadata: [String: String]?
    let receipt_email: String?
    let latest_charge: StripeExpandable?
    let status: String?
    /// Before 2025-03-31 a payment intent named its invoice.
    let invoice: StripeExpandable?
}

/// `checkout.session.completed` / `checkout.session.async_payment_succeeded`: Checkout and
/// Payment Links.
struct StripeCheckoutSession: Decodable {
    let id: String
    let mode: String?
    let payment_status: String?
    let customer: StripeExpandable?
    let customer_email: String?
    let customer_details: CustomerDetails?
    let client_reference_id: String?
    let metadata: [String: String]?
    let payment_intent: StripeExpandable?
    /// Set in subscription mode, and in payment mode with invoice creation: the invoice is the sale.
    let invoice: StripeExpandable?
    let subscription: StripeExpandable?
    let currency: String?
    let amount_total: Int?
    let amount_subtotal: Int?
    let total_details: TotalDetails?
    let created: PayloadTime?

    struct CustomerDetails: Decodable {
        let email: String?
    }

    struct TotalDetails: Decodable {
        let amount_discount: Int?
        let amount_tax: Int?
    }
}

/// `charge.dispute.*`: names only the charge (and payment intent), never the customer.
struct StripeDispute: Decodable {
    let id: String
    let amount: Int
    let currency: String
    let charge: StripeExpandable?
    let payment_intent: StripeExpandable?
    let status: String?
    let created: PayloadTime?
    let evidence: Evidence?

    struct Evidence: Decodable {
        let customer_email_address: String?
    }
}

/// `customer.created` / `customer.updated`: where FirstPromoter tells merchants to put `fp_tid`.
struct StripeCustomer: Decodable {
    let id: String
    let email: String?
    let metadata: [String: String]?
    let created: PayloadTime?
}

extension StripeEvent: Equatable where Object: Equatable {}
extension StripeEvent.EventData: Equatable where Object: Equatable {}
extension StripeEvent.PreviousAttributes: Equatable {}
extension StripeList: Equatable where Element: Equatable {}
