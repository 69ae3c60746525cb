import BridgeCore
import Foundation
import TestFixtures
import Testing

/// The examples in `mappings/custom/` reproduce built-in providers exactly: the declared provider,
/// read from its file, meets the built-in one's hand-written fixture expectations (the same
/// FirstPromoter calls), gives the same envelope (dedup key, type, time) for every payload, and
/// the same verdict on every signature vector.
@Suite struct DeclaredEquivalenceTests {
    /// An example file, the built-in provider it reproduces, and the built-in credential names
    /// that are its `WEBHOOK_SECRET` (or others) in the vectors.
    struct Example: Sendable, CustomStringConvertible {
        var file: String
        var builtin: ProviderID
        var credentialNames: [String: String]
        /// Headers every payload arrives with (an event id the body lacks).
        var headers: [String: String] = [:]
        var description: String { file }
    }

    static let examples = [
        Example(file: "paystack-declared", builtin: "paystack", credentialNames: ["SECRET_KEY": "WEBHOOK_SECRET"]),
        Example(
            file: "razorpay-declared", builtin: "razorpay", credentialNames: ["WEBHOOK_SECRET": "WEBHOOK_SECRET"],
            headers: ["X-Razorpay-Event-Id": "evt_equivalence"]),
    ]

    static func definition(_ example: Example) throws -> ProviderDefinition {
        let path = "mappings/custom/\(example.file).yaml"
        let text = try String(contentsOf: Fixtures.repository.appendingPathComponent(path), encoding: .utf8)
        var file = DeclaredProviderFile(name: example.file, file: path)
        return try file.parse(text).definition
    }

    /// Every expectation, except those that choose another of the built-in's amount bases: a
    /// declared file says where its amount is instead (a different file, not a setting).
    static let fixtureCases: [(Example, String)] = examples.flatMap { example in
        Fixtures.expectations(example.builtin.rawValue).filter { name in
            let expectation = (try? Fixtures.json(example.builtin.rawValue, "\(name).expected.json")) as? [String: Any]
            return expectation?["amount_basis"] == nil
        }.map { (example, $0) }
    }

    @Test(arguments: fixtureCases)
    func meetsTheBuiltInExpectations(_ example: Example, _ fixture: String) async throws {
        try await ProviderFixtureTests.check(Self.definition(example), fixtures: example.builtin.rawValue, fixture, sameWords: false)
    }

    /// Every payload in the built-in's folder (expectations, and those only signature vectors use).
    static func payloads(_ example: Example) throws -> [String] {
        let folder = Fixtures.root.appendingPathComponent(example.builtin.rawValue)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expected.json") && !$0.hasSuffix(".lookups.json") }
            .filter { !["coverage.json", "signature-vectors.json"].contains($0) }.sorted()
    }

    @Test(arguments: examples)
    func readsTheSameEnvelopes(_ example: Example) throws {
        let declared = try Self.definition(example).make(ProviderCredentials())
        let builtin = try #require(ProviderRegistry.definition(for: example.builtin)).make(ProviderCredentials())
        let names = try Self.payloads(example)
        try #require(!names.isEmpty)
        for name in names {
            let body = try Fixtures.bytes(example.builtin.rawValue, name)
            let headers = WebhookHeaders(example.headers)
            let want = try builtin.envelopes(body: body, headers: headers)
            #expect(try declared.envelopes(body: body, headers: headers) == want, "\(name)")
        }
    }

    static let vectorCases: [(Example, String)] = examples.flatMap { example in
        ((try? SignatureVector.all(example.builtin.rawValue)) ?? []).map { (example, $0.name) }
    }

    @Test(arguments: vectorCases)
    func givesTheSameVerdict(_ example: Example, _ name: String) throws {
        let vector = try #require(try SignatureVector.all(example.builtin.rawValue).first { $0.name == name })
        var builtinCredentials = ProviderCredentials()
        var declaredCredentials = ProviderCredentials()
        for (key, value) in vector.credentials {
            let declaredKey = try #require(example.credentialNames[key] ?? (key == "TOLERANCE_SECONDS" ? key : nil), "\(key)")
            switch value {
            case .values(let list):
                builtinCredentials.values[key] = list
                declaredCredentials.values[declaredKey] = list
            case .seconds(let seconds):
                builtinCredentials.seconds[key] = seconds
                declaredCredentials.seconds[declaredKey] = seconds
            }
        }
        let body = try vector.bodyBytes(example.builtin.rawValue)
        let now = Date(timeIntervalSince1970: TimeInterval(vector.now))
        func verdict(_ provider: any Provider) -> Int {
            do {
                try provider.verify(body: body, headers: WebhookHeaders(vector.headers), now: now)
                return 200
            } catch { return error.httpStatus }
        }
        let builtin = verdict(try #require(ProviderRegistry.definition(for: example.builtin)).make(builtinCredentials))
        #expect(builtin == vector.status)
        #expect(verdict(try Self.definition(example).make(declaredCredentials)) == builtin)
    }
}
