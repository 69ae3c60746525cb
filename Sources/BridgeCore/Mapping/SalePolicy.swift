/// The mapping file's rules on whether a sale is sent, one piece of code for every provider: the
/// mapper extracts what its payload says; this decides, and says why not.
public enum SalePolicy {
    /// Why a sale of `amount` is not sent (negative, or zero under `amount.zero: ignore`), or nil.
    public static func reasonToSkip(amount: Int, of what: String, rules: MappingRules) -> String? {
        if amount < 0 { return "\(what): amount \(amount) is negative; not a sale" }
        if amount == 0, rules.zeroAmount == .ignore {
            return "\(what) paid 0: a trial or a full discount is not a sale (amount.zero: ignore)"
        }
        return nil
    }

    /// Why a sale for this lead is not sent (FirstPromoter needs an email or a uid), or nil.
    public static func reasonToSkip(uid: String?, email: String?, of what: String) -> String? {
        uid == nil && email == nil ? "\(what) names no customer or email; FirstPromoter needs one" : nil
    }
}
