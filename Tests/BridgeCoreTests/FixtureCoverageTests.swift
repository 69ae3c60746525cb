import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Each provider's `Tests/Fixtures/{provider}/coverage.json` answers the issue's fixture matrix:
/// for every case, the expectations that show it (each one a real `{name}.expected.json`, run by
/// `ProviderFixtureTests`), or why the case cannot arise at that provider.
@Suite struct FixtureCoverageTests {
    static let matrix = [
        "first payment", "renewal", "tax", "discount", "zero-decimal currency", "yearly MRR", "partial refund",
        "full refund", "chargeback", "cancellation", "zero amount", "test mode", "ignored event type",
        // A tax, discount or tax flag the payload lacks: an error naming it, or, where the
        // provider's payloads may lack it, a fixture showing it counted as zero (README, "Money").
        "money field absent",
    ]

    @Test(arguments: ProviderRegistry.all.map(\.id.rawValue))
    func everyCaseIsShownOrExplained(_ provider: String) throws {
        let file = try #require(try Fixtures.json(provider, "coverage.json") as? [String: Any])
        let cases = try #require(file["cases"] as? [String: Any], "coverage.json has no cases")
        #expect(Set(cases.keys).subtracting(Self.matrix).isEmpty, "unknown cases: \(Set(cases.keys).subtracting(Self.matrix))")
        let expectations = Set(Fixtures.expectations(provider))
        for name in Self.matrix {
            switch cases[name] {
            case let shown as [String]:
                #expect(!shown.isEmpty, "\(provider): \(name) names no expectation")
                for expectation in shown {
                    #expect(expectations.contains(expectation), "\(provider): \(name) names \(expectation), which has no expected.json")
                }
            case let explained as [String: String]:
                let reason = explained["not applicable"] ?? ""
                #expect(reason.count > 20, "\(provider): \(name) is not applicable without a reason")
            default:
                Issue.record("\(provider): the case '\(name)' is neither shown nor explained")
            }
        }
    }
}
