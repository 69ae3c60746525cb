import BridgeCore
import Foundation

/// The whole pure path a signed payload takes, as the service runs it: verify, envelopes (and the
/// store's conversion of their times), decode and map under the provider's default rules, resolve
/// against the bridge's memory, and the FirstPromoter bodies. Errors are the expected answer to
/// bad input; a trap is the bug the fuzzer looks for. Invariants that must hold for any input are
/// checked with `preconditionFailure`, so that breaking one is a crash the fuzzer reports.
enum PurePath {
    static let receivedAt = Date(timeIntervalSince1970: 1_764_000_000)

    static func run(_ bytes: [UInt8]) async {
        let input = FuzzInput(bytes)
        let provider = input.provider.make(input.credentials)
        let headers = WebhookHeaders(input.headers)
        do {
            try provider.verify(body: input.body, headers: headers, now: Date(timeIntervalSince1970: TimeInterval(input.now)))
        } catch {}
        do { _ = try provider.answerChallenge(query: ["bt_challenge": String(decoding: input.body.prefix(40), as: UTF8.self)]) } catch {}

        // Stripe's envelope is scanned, not decoded: it must never accept what the decoder refuses,
        // nor read it differently.
        if input.provider.id == StripeProvider.id {
            let decoded: EventEnvelope?
            do { decoded = try StripeMapper.decodedEnvelope(input.body) } catch { decoded = nil }
            do {
                let scanned = try StripeMapper().envelope(of: input.body)
                if scanned != decoded { preconditionFailure("scanned envelope \(scanned) differs from the decoder's \(String(describing: decoded))") }
            } catch {
                if decoded != nil { preconditionFailure("the scan refused what the decoder read: \(error)") }
            }
            // And the head the mapper routes by, scanned too: the same rule.
            if let scanned = StripeEventHead.scanned(input.body) {
                do {
                    let decodedHead = try StripeEventHead.decoded(input.body)
                    if scanned != decodedHead { preconditionFailure("scanned head \(scanned) differs from the decoder's \(decodedHead)") }
                } catch {
                    preconditionFailure("the head scan accepted what the decoder refuses: \(error)")
                }
            }
            // And an invoice event read for its sale: the same rule.
            if let difference = StripeInvoiceScan.disagreement(on: input.body) { preconditionFailure(difference) }
        }

        // What the receiver stores: every envelope's id kept whole, its time in range.
        let envelopes: [EventEnvelope]
        do { envelopes = try provider.envelopes(body: input.body, headers: headers) } catch { envelopes = [] }
        for envelope in envelopes {
            if let time = envelope.occurredAt,
                !(PayloadTime.earliestMilliseconds...PayloadTime.latestMilliseconds).contains(time.milliseconds)
            {
                preconditionFailure("envelope time \(time.milliseconds) ms is out of range")
            }
        }

        var rules = input.provider.schema.defaults
        rules.zeroAmount = .send
        var memory = InMemoryBridgeMemory()
        for body in [input.body] + envelopes.compactMap(\.body) {
            var event = ProviderEvent(body: body, headers: headers, fetched: input.fetched)
            do {
                // Every path asked for is one encoded segment per id: never a dot-segment or a query.
                for path in try provider.lookups(for: event, rules: rules) {
                    if path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) || path.contains("?") || path.contains("#") {
                        preconditionFailure("lookup path \(path.debugDescription) escapes its segment")
                    }
                    if event.fetched[path] == nil { event.unavailable[path] = "not in the fuzz input" }
                }
            } catch {}
            let mapping: Mapping
            do { mapping = try provider.map(event, rules: rules) } catch { continue }
            // Resolved twice against one memory: the second time meets the first one's facts (a
            // refund its sale, a clawback what was already sent).
            for _ in 0..<2 {
                do {
                    let resolver = ActionResolver(memory: memory, clock: .lapsed(receivedAt: receivedAt), holds: rules.holds)
                    guard case .decided(let planned, let facts) = try await resolver.resolve(mapping) else { continue }
                    for case .call(let call) in planned {
                        if call.eventID.holdsControlCharacter { preconditionFailure("event_id \(call.eventID.debugDescription) would be cut") }
                        _ = call.formBody
                        for version in FirstPromoterAPIVersion.allCases {
                            do { _ = try version.body(of: call) } catch {}  // an error is an answer; only a trap is a bug
                        }
                    }
                    try memory.apply(facts)
                } catch {}
            }
        }
    }
}
