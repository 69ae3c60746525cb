/// What one FirstPromoter call of a declared provider is made of: where each parameter is in the
/// payload. The file's `sale:`, `refund:` or `cancellation:` table; which keys each needs is
/// checked when the file loads (`DeclaredProviderFile`).
public struct DeclaredAction: Sendable, Equatable {
    /// How a refund's amount is written.
    public enum RefundAmountKind: String, Sendable, Equatable, CaseIterable {
        /// What this refund gave back, tax included: scaled to the sale's tax-free share.
        case refunded
        /// The total refunded on the payment so far: this refund is the increase.
        case cumulative
        /// What this refund gave back with tax already out: sent as it is.
        case taxFree = "tax_free"
    }

    /// One payment that several event types may each be the sale of (`one_payment`): the first
    /// recorded is the sale, the others are not; one may wait for a richer event that is routed.
    public struct OnePayment: Sendable, Equatable {
        /// The payment's id: what claims it, and what a refund names (`sale_payment_id`).
        public var reference: DeclaredValue
        /// Wait when this is present (the payment belongs to something a richer event describes)...
        public var holdIfPresent: PayloadPath?
        /// ...for these event types, when the file routes one of them to a sale.
        public var holdFor: [String]
        /// What may claim it, for the held reason.
        public var claimants: DeclaredValue?
    }

    /// The payment's share of a total without tax (`amount.share`): amount × (total − less) / total,
    /// when `ifPresent` is in the payload.
    public struct Share: Sendable, Equatable {
        public var ifPresent: PayloadPath
        public var total: DeclaredValue
        public var less: [DeclaredValue]
    }

    /// A period's start and end times.
    public struct Period: Sendable, Equatable {
        public var start: DeclaredValue
        public var end: DeclaredValue
    }

    public var kind: ActionKind
    /// The event types this table maps, when the file gives one table per type (`sale: [...]`);
    /// empty: every type routed to the call.
    public var types: [String] = []
    public var eventID: DeclaredValue
    /// Paths the event must have: a payload without one fails naming it.
    public var requires: [PayloadPath] = []
    public var share: Share?
    /// MRR from the length of the period charged (`mrr.period`).
    public var mrrPeriod: Period?
    public var onePayment: OnePayment?
    /// A refund's payment, as a sale's `one_payment.reference` names it.
    public var salePaymentID: DeclaredValue?
    public var amount: DeclaredAmount?
    public var refundAmount: RefundAmountKind = .refunded
    /// What the customer paid, tax included: refunds of the sale are scaled by amount / charged.
    public var charged: DeclaredAmount?
    public var currency: DeclaredValue?
    /// Only currencies with these numbers of decimals; another fails the event naming it.
    public var currencyDecimals: [Int]?
    public var email: DeclaredValue?
    /// The provider's customer id: FirstPromoter's uid unless the referral's uid key overrides it.
    public var customerID: DeclaredValue?
    public var plan: DeclaredValue?
    public var subscriptionID: DeclaredValue?
    public var createdAt: DeclaredValue?
    /// A refund's sale: its `event_id`.
    public var saleEventID: DeclaredValue?
    /// MRR: the amount every `mrrCount` (default 1) `mrrInterval` (day, week, month or year, or
    /// "3 month"); none when the interval is absent.
    public var mrrInterval: DeclaredValue?
    public var mrrCount: DeclaredValue?
    /// Objects whose keys hold the referral fields (`referral.tid` …), first one with the key wins.
    public var referral: [PayloadPath] = []
    /// Conditions the event must meet to become the call; otherwise it is ignored, saying why.
    public var onlyIf: [DeclaredCondition] = []
    /// "refund", "dispute": what the call is, in notes.
    public var what: String?

    public init(kind: ActionKind, eventID: DeclaredValue) {
        self.kind = kind
        self.eventID = eventID
    }
}
