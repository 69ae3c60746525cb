import BridgeCore
import Foundation
import TestFixtures
import Testing

/// No signed payload may trap the process: a trap in the mapper leaves the event `received`, so
/// every restart would map it again and die before serving. Every number of every provider's
/// fixtures (and of the API documents they fetch) is set in turn to values at the integer
/// limits, and each mutant is mapped and resolved. Errors are fine (the event is then failed
/// with its reason); a crash fails the run. Bounded: one pass over the fixtures, a few seconds.
@Suite struct PayloadFuzzTests {
    static var extremes: [Any] {
        [Int.max, Int.min, Int.max / 2, Int.max / 12 + 1, 1 << 40, -1, 0, 1e300, -1e300, 0.1, "9223372036854775808", "-1", ""]
    }
    static let extremeText = [
        "9223372036854775807", "-9223372036854775808", "4611686018427387903", "768614336404564651", "92233720368547758.07",
        "99999999999999999999", "-1", "0", "1e300", "",
    ]


    /// Every (provider, fixture) pair of the registry, as the fixture tests run them.
    @Test(arguments: ProviderFixtureTests.cases)
    func extremeNumbersNeverTrap(_ providerName: String, _ name: String) async throws {
        let definition = try #require(ProviderRegistry.definition(for: ProviderID(rawValue: providerName)))
        try await Self.mutate(definition, fixtures: providerName, name)
    }

    /// The declared examples (`mappings/custom/`, `mappings/standard/example.yaml`) over the
    /// fixtures they map: their paths and conversions meet the same extremes.
    static let declaredCases: [(String, String)] =
        DeclaredEquivalenceTests.fixtureCases.map { ($0.0.file, $0.1) } + Fixtures.expectations("standard-webhooks").map { ("standard-webhooks", $0) }

    @Test(arguments: declaredCases)
    func declaredProvidersNeverTrap(_ example: String, _ name: String) async throws {
        if example == "standard-webhooks" {
            try await Self.mutate(StandardWebhooksEndpointTests.definition(), fixtures: example, name)
        } else {
            let declared = try #require(DeclaredEquivalenceTests.examples.first { $0.file == example })
            try await Self.mutate(DeclaredEquivalenceTests.definition(declared), fixtures: declared.builtin.rawValue, name)
        }
    }

    static func mutate(_ definition: ProviderDefinition, fixtures providerName: String, _ name: String) async throws {
        let provider = definition.make(ProviderCredentials())
        let expectation = try #require(try Fixtures.json(providerName, "\(name).expected.json") as? [String: Any])
        let fixture = expectation["fixture"] as? String ?? name
        guard expectation["fixture"] == nil || fixture == name else { return }  // each payload once
        let (body, type) = try Fixtures.payload(providerName, fixture)
        let lookups =
            Fixtures.exists(providerName, "\(fixture).lookups.json")
            ? try #require(try Fixtures.json(providerName, "\(fixture).lookups.json") as? [String: Any]) : [:]
        // With the headers that carry an event id where a provider keeps it there (Razorpay, Polar).
        let headers = WebhookHeaders(["Content-Type": Fixtures.contentType(type), "X-Razorpay-Event-Id": "evt_fuzz", "webhook-id": "msg_fuzz"])
        var rules = definition.schema.defaults
        rules.zeroAmount = .send

        var mutants: [(body: [UInt8], lookups: [String: Any])] = []
        switch type {
        case "json":
            let json = try JSONSerialization.jsonObject(with: Data(body))
            for mutant in mutations(of: json) { mutants.append((Array(try JSONSerialization.data(withJSONObject: mutant)), lookups)) }
            for (path, document) in lookups {
                for mutant in mutations(of: document) { mutants.append((body, lookups.merging([path: mutant]) { $1 })) }
            }
        case "xml":
            mutants += textMutations(of: String(decoding: body, as: UTF8.self)).map { (Array($0.utf8), lookups) }
        default:
            let form = try FormBody(body)
            func encoded(_ fields: [(String, String)]) -> [UInt8] {
                var components = URLComponents()
                components.queryItems = fields.map { URLQueryItem(name: $0.0, value: $0.1) }
                return Array((components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B").utf8)
            }
            if let payload = form["bt_payload"] {
                // Braintree: base64 XML in one field.
                let xml = String(decoding: try #require(Data(base64Encoded: payload, options: .ignoreUnknownCharacters)), as: UTF8.self)
                for mutant in textMutations(of: xml) {
                    mutants.append((encoded([("bt_payload", Data(mutant.utf8).base64EncodedString())]), lookups))
                }
            } else {
                // A plain form (Paddle Classic): each field's value set to each extreme in turn.
                let fields = form.fields.sorted { $0.key < $1.key }
                for index in fields.indices {
                    for text in extremeText {
                        var mutant = fields.map { ($0.key, $0.value) }
                        mutant[index].1 = text
                        mutants.append((encoded(mutant), lookups))
                    }
                }
            }
        }
        // The events it follows teach the memory first, unmutated, so that refunds meet their sale
        // (and the tax-free scaling meets extreme amounts).
        var memory = InMemoryBridgeMemory()
        for prior in expectation["after"] as? [String] ?? [] {
            let (priorBody, priorType) = try Fixtures.payload(providerName, prior)
            var event = ProviderEvent(body: priorBody, headers: WebhookHeaders(["Content-Type": Fixtures.contentType(priorType)]))
            if Fixtures.exists(providerName, "\(prior).lookups.json") {
                let documents = try #require(try Fixtures.json(providerName, "\(prior).lookups.json") as? [String: Any])
                for (path, document) in documents { event.fetched[path] = Array(try JSONSerialization.data(withJSONObject: document)) }
            }
            let resolution = try await ActionResolver(memory: memory, clock: .lapsed(receivedAt: Date()), holds: rules.holds)
                .resolve(try provider.map(event, rules: rules))
            if case .decided(_, let facts) = resolution { try memory.apply(facts) }
        }
        var mapped = 0
        for mutant in mutants {
            var event = ProviderEvent(body: mutant.body, headers: headers)
            for (path, document) in mutant.lookups {
                event.fetched[path] = Array(try JSONSerialization.data(withJSONObject: document))
            }
            // Whatever is thrown is a reason to fail the event; only a trap would be a bug.
            // The envelope apart: a batching provider's fixtures are single events, not requests.
            do { _ = try provider.envelopes(body: mutant.body, headers: headers) } catch {}
            do {
                let mapping = try provider.map(event, rules: rules)
                _ = try await ActionResolver(memory: memory, clock: .lapsed(receivedAt: Date()), holds: rules.holds)
                    .resolve(mapping)
                mapped += 1
            } catch {}
        }
        // Some mutants of a mappable payload get past decoding into the arithmetic, or the pass
        // proves little.
        if expectation["error"] == nil, !mutants.isEmpty { #expect(mapped > 0, "no mutant of \(name) was mapped") }
    }

    /// The JSON value with one number (or numeric string) at a time set to each extreme.
    static func mutations(of value: Any) -> [Any] {
        switch value {
        case let object as [String: Any]:
            var result: [Any] = []
            for (key, child) in object {
                for mutant in mutations(of: child) {
                    var copy = object
                    copy[key] = mutant
                    result.append(copy)
                }
            }
            return result
        case let array as [Any]:
            var result: [Any] = []
            for index in array.indices {
                for mutant in mutations(of: array[index]) {
                    var copy = array
                    copy[index] = mutant
                    result.append(copy)
                }
            }
            return result
        case is Bool:
            return []
        case is Int, is Double, is NSNumber:
            return extremes
        case let text as String where Double(text) != nil:
            return extremes
        default:
            return []
        }
    }

    /// The XML text with one element's numeric content at a time set to each extreme.
    static func textMutations(of xml: String) -> [String] {
        var mutants: [String] = []
        var searchStart = xml.startIndex
        while let open = xml[searchStart...].firstIndex(of: ">") {
            let contentStart = xml.index(after: open)
            guard let close = xml[contentStart...].firstIndex(of: "<") else { break }
            let content = xml[contentStart..<close]
            if !content.isEmpty, Double(content) != nil {
                for extreme in extremeText { mutants.append(xml.replacingCharacters(in: contentStart..<close, with: extreme)) }
            }
            searchStart = close
        }
        return mutants
    }
}
