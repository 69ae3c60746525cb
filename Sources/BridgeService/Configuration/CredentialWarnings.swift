import BridgeCore
import Foundation

/// Values that look like the wrong kind of credential: the mistakes an operator makes when
/// pasting from a provider's dashboard (an API key where the webhook signing secret belongs, the
/// same value twice). Warned about by name at start and by `check-config`; never fatal, since
/// providers change their prefixes.
public enum CredentialWarnings {
    /// Prefixes a value of that variable should not have, and what such a value is.
    static let misplaced: [(variable: String, prefixes: [String], looksLike: String, expected: String)] = [
        ("STRIPE_WEBHOOK_SECRET", ["sk_", "rk_", "pk_"], "a Stripe API key", "a webhook signing secret (whsec_…)"),
        ("PADDLE_WEBHOOK_SECRET", ["pdl_live_apikey", "pdl_sdbx_apikey"], "a Paddle API key", "a notification secret key (pdl_ntfset_…)"),
        ("LEMONSQUEEZY_WEBHOOK_SECRET", ["eyJ"], "a Lemon Squeezy API key (a JWT)", "the webhook's signing secret"),
        ("RAZORPAY_WEBHOOK_SECRET", ["rzp_live_", "rzp_test_"], "a Razorpay API key id", "the webhook's secret"),
        ("PAYSTACK_SECRET_KEY", ["pk_live_", "pk_test_"], "Paystack's public key", "its secret key (sk_…), which signs webhooks"),
        ("POLAR_WEBHOOK_SECRET", ["polar_oat_", "polar_pat_"], "a Polar access token", "the webhook endpoint's secret"),
        ("FIRSTPROMOTER_API_KEY", ["whsec_", "sk_", "pdl_", "rzp_"], "a billing provider's secret", "FirstPromoter's API key"),
    ]

    public static func warnings(in environment: [String: String], definitions: [ProviderDefinition] = ProviderRegistry.all) -> [String] {
        var warnings: [String] = []
        for rule in misplaced {
            guard let value = environment[rule.variable] else { continue }
            for part in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) })
            where rule.prefixes.contains(where: part.hasPrefix) {
                warnings.append("\(rule.variable) looks like \(rule.looksLike), not \(rule.expected)")
            }
        }
        if let stripe = environment["STRIPE_WEBHOOK_SECRET"] {
            let parts = stripe.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if parts.contains(where: { !$0.isEmpty && !$0.hasPrefix("whsec_") && !misplaced[0].prefixes.contains(where: $0.hasPrefix) }) {
                warnings.append("STRIPE_WEBHOOK_SECRET has a value that does not start with whsec_, as Stripe's signing secrets do")
            }
        }
        // One value in two secrets' places: one of them is wrong.
        let secrets = (BridgeConfiguration.settings + definitions.flatMap(BridgeConfiguration.settings(for:)))
            .filter(\.isSecret).compactMap { setting in
                environment[setting.variable].map { (setting.variable, $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }.filter { !$0.1.isEmpty }
        for (index, first) in secrets.enumerated() {
            for second in secrets[(index + 1)...] where first.1 == second.1 {
                warnings.append("\(first.0) and \(second.0) hold the same value; one of them is probably wrong")
            }
        }
        return warnings
    }
}
