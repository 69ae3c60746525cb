import BridgeCore
import Foundation
import TestFixtures
import Testing

/// Each `Tests/Fixtures/{provider}/*.expected.json` beside its payload: the FirstPromoter calls the
/// payload must become, written by hand, after the events it lists under `after` have taught the
/// bridge's memory; with `waits`, what the event is held for on arrival.
@Suite struct ProviderFixtureTests {
    /// When the fixtures' events arrive: the Stripe fixtures' `created` is 2025-11-24T16:00:05Z.
    static let arrival = Date(timeIntervalSince1970: 1_764_000_005)

    /// Every `(provider, fixture)` pair: the registry's providers, each with its fixture folder.
    static let cases: [(String, String)] = ProviderRegistry.all.flatMap { definition in
        Fixtures.expectations(definition.id.rawValue).map { (definition.id.rawValue, $0) }
    }

    @Test(arguments: cases)
    func fixture(_ providerName: String, _ name: String) async throws {
        let definition = try #require(ProviderRegistry.definition(for: ProviderID(rawValue: providerName)))
        try await Self.check(definition, fixtures: providerName, name)
    }

    /// One expectation of the folder `providerName`, mapped by `definition` (the folder's own
    /// provider, or a declared one that reproduces it: `DeclaredEquivalenceTests`).
    /// `sameWords`: ignored reasons and errors must say what the expectation says; a declared
    /// provider words them its own way, and must only ignore or fail the same events.
    static func check(_ definition: ProviderDefinition, fixtures providerName: String, _ name: String, sameWords: Bool = true) async throws {
        let expectation = try #require(try Fixtures.json(providerName, "\(name).expected.json") as? [String: Any])
        // Built without credentials (mapping needs none), unless the expectation names some: an
        // optional API key changes what is fetched (Lemon Squeezy's plans and intervals).
        let credentials = expectation["credentials"] as? [String: [String]] ?? [:]
        let provider = definition.make(ProviderCredentials(values: credentials))
        // As the service maps: with the request's content type, after fetching the API documents
        // the provider asks for (`{fixture}.lookups.json` holds them by path).
        func map(_ fixture: String, _ rules: MappingRules) throws -> Mapping {
            let (body, type) = try Fixtures.payload(providerName, fixture)
            var event = ProviderEvent(body: body, headers: WebhookHeaders(["Content-Type": Fixtures.contentType(type)]))
            let documents =
                Fixtures.exists(providerName, "\(fixture).lookups.json")
                ? try #require(try Fixtures.json(providerName, "\(fixture).lookups.json") as? [String: Any]) : [:]
            while let path = try provider.lookups(for: event, rules: rules).first(where: { event.fetched[$0] == nil }) {
                let document = try #require(documents[path], "\(fixture) asks for \(path), which its lookups file lacks")
                event.fetched[path] = Array(try JSONSerialization.data(withJSONObject: document))
            }
            return try provider.map(event, rules: rules)
        }
        var rules = definition.schema.defaults
        if let basis = expectation["amount_basis"] as? String { rules.amountBasis = try definition.schema.amountBasis(named: basis) }
        if let plans = expectation["plans"] as? [String: String] { rules.plans = plans }
        for (kind, types) in expectation["events"] as? [String: [String]] ?? [:] {
            rules.events[try #require(ActionKind(rawValue: kind))] = types
        }

        // Earlier events teach the memory as a live bridge would, once their holds have run out.
        var memory = InMemoryBridgeMemory()
        for prior in expectation["after"] as? [String] ?? [] {
            let mapping = try map(prior, rules)
            let resolution = try await ActionResolver(memory: memory, clock: .lapsed(receivedAt: Self.arrival), holds: rules.holds)
                .resolve(mapping)
            guard case .decided(_, let facts) = resolution else { Issue.record("\(prior) still waits"); return }
            try memory.apply(facts)
        }
        let fixture = try #require(expectation["fixture"] as? String)
        // A payload that verifies but cannot be mapped: the error names the field.
        if let fragment = expectation["error"] as? String {
            do {
                let mapping = try map(fixture, rules)
                Issue.record("expected an error with '\(fragment)', got \(mapping)")
            } catch {
                #expect(!sameWords || "\(error)".contains(fragment), "\(error)")
            }
            return
        }
        let mapping = try map(fixture, rules)

        // On arrival: held, or decided at once.
        let onArrival = try await ActionResolver(
            memory: memory, clock: ResolutionClock(receivedAt: Self.arrival, now: Self.arrival), holds: rules.holds
        ).resolve(mapping)
        switch (onArrival, expectation["waits"] as? String) {
        case (.waiting(let reason, let until, _), let fragment?):
            #expect(reason.contains(fragment), "\(reason)")
            #expect(until > Self.arrival)
        case (.decided, nil): break
        case (let resolution, let fragment):
            Issue.record("on arrival expected \(fragment.map { "a wait: \($0)" } ?? "a decision"), got \(resolution)")
        }
        let final = try await ActionResolver(memory: memory, clock: .lapsed(receivedAt: Self.arrival), holds: rules.holds)
            .resolve(mapping)
        guard case .decided(let planned, _) = final else { Issue.record("still waits: \(final)"); return }

        let expected = try #require(expectation["deliveries"] as? [[String: Any]])
        try #require(planned.count == expected.count, "\(planned)")
        for (delivery, want) in zip(planned, expected) {
            switch delivery {
            case .call(let call):
                let parameters = try #require(want[call.endpoint.rawValue] as? [String: String], "expected \(want), got \(call)")
                let got = Dictionary(uniqueKeysWithValues: call.parameters.map { ($0.name, $0.value) })
                #expect(got == parameters)
                if call.endpoint != .signup { #expect(call.eventID == parameters["event_id"]) }
                if let after = want["after"] as? String { #expect(call.after?.description == after) }
                if let note = want["note"] as? String { #expect(call.note?.contains(note) == true, "\(call.note ?? "no note")") }
            case .ignored(let reason):
                let fragment = try #require(want["ignored"] as? String, "expected \(want), got ignored: \(reason)")
                #expect(!sameWords || reason.contains(fragment), "\(reason)")
            }
        }
    }

}
