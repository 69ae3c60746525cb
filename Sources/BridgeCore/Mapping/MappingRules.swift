/// One provider's mapping file, checked and with defaults filled in.
public struct MappingRules: Sendable, Equatable {
    /// Provider event types that become each FirstPromoter call.
    public var events: [ActionKind: [String]]
    /// Which of the payload's amounts a sale sends; the provider's schema lists the choices.
    public var amountBasis: AmountBasis
    /// Whether a sale of 0 (a trial, a 100% coupon) is sent or ignored.
    public var zeroAmount: ZeroAmountRule
    /// Whether test-mode events are mapped or ignored.
    public var testMode: TestModeRule
    /// Metadata keys that carry FirstPromoter's `tid` and `ref_id`; nil turns one off.
    public var tidKey: String?
    public var refIDKey: String?
    /// Metadata key whose value FirstPromoter knows the lead by (`uid`), replacing the customer id.
    public var uidKey: String?
    /// What a Checkout Session's `client_reference_id` carries (Payment Links put the tid there).
    public var clientReferenceID: ClientReferenceRule
    /// Whether a customer first carrying referral data becomes a FirstPromoter signup.
    public var signups: SignupRule
    /// How long events wait for what may still arrive.
    public var holds: HoldRules
    /// Where `promo_code` comes from: `coupon_id` or `none`.
    public var promoCode: PromoCodeSource
    /// Provider price or plan id → FirstPromoter plan id. Ids not listed are sent as they are.
    public var plans: [String: String]

    public init(
        events: [ActionKind: [String]], amountBasis: AmountBasis, zeroAmount: ZeroAmountRule = .ignore,
        testMode: TestModeRule = .ignore, tidKey: String? = "fp_tid", refIDKey: String? = "fp_ref_id",
        promoCode: PromoCodeSource = .couponID, plans: [String: String] = [:], uidKey: String? = "fp_uid",
        clientReferenceID: ClientReferenceRule = .tid, signups: SignupRule = .send, holds: HoldRules = HoldRules()
    ) {
        self.events = events
        self.amountBasis = amountBasis
        self.zeroAmount = zeroAmount
        self.testMode = testMode
        self.tidKey = tidKey
        self.refIDKey = refIDKey
        self.promoCode = promoCode
        self.plans = plans
        self.uidKey = uidKey
        self.clientReferenceID = clientReferenceID
        self.signups = signups
        self.holds = holds
    }

    /// The call an event type becomes, if the file routes it to one.
    public func action(forEventType type: String) -> ActionKind? {
        ActionKind.routable.first { events[$0]?.contains(type) == true }
    }

    /// A plan id renamed through the plan table.
    public func plan(for providerID: String?) -> String? {
        providerID.map { plans[$0] ?? $0 }
    }
}

public enum ZeroAmountRule: String, Sendable, CaseIterable { case ignore, send }
public enum TestModeRule: String, Sendable, CaseIterable { case ignore, accept }
public enum PromoCodeSource: String, Sendable, CaseIterable {
    case couponID = "coupon_id"
    case none
}
public enum SignupRule: String, Sendable, CaseIterable { case send, ignore }
public enum ClientReferenceRule: String, Sendable, CaseIterable {
    case tid
    case refID = "ref_id"
    case none
}
