import BridgeCore
import BridgeService
import Foundation
import HummingbirdTesting
import Testing

/// The operator's pasting mistakes are warned about by name, and `check-config
/// --check-firstpromoter` proves a key with a call that changes nothing.
@Suite struct CredentialChecksTests {
    @Test(arguments: [
        (["STRIPE_WEBHOOK_SECRET": "sk_live_abc"], "STRIPE_WEBHOOK_SECRET looks like a Stripe API key"),
        (["STRIPE_WEBHOOK_SECRET": "whsec_new, rk_live_old"], "STRIPE_WEBHOOK_SECRET looks like a Stripe API key"),
        (["STRIPE_WEBHOOK_SECRET": "my-secret"], "does not start with whsec_"),
        (["PADDLE_WEBHOOK_SECRET": "pdl_live_apikey_01abc"], "PADDLE_WEBHOOK_SECRET looks like a Paddle API key"),
        (["FIRSTPROMOTER_API_KEY": "whsec_abc"], "FIRSTPROMOTER_API_KEY looks like a billing provider's secret"),
        (["RAZORPAY_WEBHOOK_SECRET": "rzp_live_AbC123"], "RAZORPAY_WEBHOOK_SECRET looks like a Razorpay API key id"),
        (["PAYSTACK_SECRET_KEY": "sk_live_new, pk_live_old"], "PAYSTACK_SECRET_KEY looks like Paystack's public key"),
        (["POLAR_WEBHOOK_SECRET": "polar_oat_abc"], "POLAR_WEBHOOK_SECRET looks like a Polar access token"),
        (["STRIPE_WEBHOOK_SECRET": "whsec_same", "LEMONSQUEEZY_WEBHOOK_SECRET": "whsec_same"], "hold the same value"),
    ])
    func aMisplacedCredentialIsNamed(_ environment: [String: String], _ warning: String) {
        let warnings = CredentialWarnings.warnings(in: environment)
        #expect(warnings.contains { $0.contains(warning) }, "\(warnings)")
    }

    @Test func rightCredentialsGetNoWarning() {
        #expect(CredentialWarnings.warnings(in: ["STRIPE_WEBHOOK_SECRET": "whsec_a, whsec_b", "FIRSTPROMOTER_API_KEY": "fp_key"]).isEmpty)
    }

    @Test(arguments: [(400, true), (422, true), (401, false), (403, false), (500, false)])
    func theProbeReadsFirstPromotersAnswer(_ status: Int, _ works: Bool) async throws {
        let firstPromoter = FakeFirstPromoter(answers: [status])
        let verdict = try await firstPromoter.application.test(.live) { fake in
            let port = try #require(fake.port)
            return await FirstPromoterProbe.run(FirstPromoterClient(baseURL: "http://localhost:\(port)", apiKey: "fp_probe", timeoutSeconds: 5))
        }
        #expect(verdict.works == works, "\(verdict)")
        // One call, and one that creates nothing: a cancellation that names no customer.
        #expect(firstPromoter.calls.map(\.path) == ["/api/v1/track/cancellation"])
        #expect(firstPromoter.calls.first?.body.contains("email") == false)
    }

    @Test func aFirstPromoterThatDoesNotAnswerIsReported() async {
        let verdict = await FirstPromoterProbe.run(FirstPromoterClient(baseURL: "http://127.0.0.1:1", apiKey: "fp_probe", timeoutSeconds: 2))
        #expect(!verdict.works && verdict.description.contains("no answer"))
    }
}
