import Benchmark
import BridgeCore
import Crypto
import Foundation

/// The pure path of each provider, per event: verify (each provider's first accepted signature
/// vector), envelope (what the receiver reads before it stores), map (a sale fixture under the
/// default rules), and the whole path of a 5 KB Stripe invoice signed as Stripe signs it (the
/// issue's target: under 50 µs). Inputs are the repository's fixtures, read once before timing.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput], scalingFactor: .kilo, maxDuration: .seconds(2))

    for input in ProviderInput.all {
        Benchmark("\(input.id) verify") { benchmark in
            for _ in benchmark.scaledIterations {
                try input.provider.verify(body: input.signed.body, headers: input.signed.headers, now: input.signed.now)
            }
        }
        Benchmark("\(input.id) envelope") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try input.provider.envelopes(body: input.sale, headers: input.saleHeaders))
            }
        }
        Benchmark("\(input.id) map") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try input.provider.map(ProviderEvent(body: input.sale, headers: input.saleHeaders), rules: input.rules))
            }
        }
    }

    let stripe = StripeInvoice5KB.make()
    Benchmark("stripe 5 KB invoice: verify + envelope + map") { benchmark in
        for _ in benchmark.scaledIterations {
            try stripe.provider.verify(body: stripe.body, headers: stripe.headers, now: stripe.now)
            blackHole(try stripe.provider.envelopes(body: stripe.body, headers: stripe.headers))
            blackHole(try stripe.provider.map(ProviderEvent(body: stripe.body, headers: stripe.headers), rules: stripe.rules))
        }
    }
}

/// The repository's folder, from this file's place in it.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func fixture(_ provider: String, _ name: String) -> [UInt8] {
    let url = repository.appendingPathComponent("Tests/Fixtures/\(provider)/\(name)")
    guard let data = FileManager.default.contents(atPath: url.path) else { fatalError("no fixture at \(url.path)") }
    return Array(data)
}

/// One provider's inputs.
struct ProviderInput {
    struct Signed {
        var body: [UInt8]
        var headers: WebhookHeaders
        var now: Date
    }

    var id: String
    var provider: any Provider
    var signed: Signed
    var sale: [UInt8]
    var saleHeaders: WebhookHeaders
    var rules: MappingRules

    /// A sale of each provider whose mapping needs no provider API document.
    static let sales = [
        "stripe": "invoice.paid.basil-tax-discount.json", "paddle": "transaction.completed.subscription.json",
        "chargebee": "payment_succeeded.json", "lemonsqueezy": "order_created.one-time.json",
        "braintree": "subscription_charged_successfully.form",
    ]

    static var all: [ProviderInput] {
        ProviderRegistry.all.compactMap { definition in
            let id = definition.id.rawValue
            guard let sale = sales[id] else { return nil }  // Recurly's JSON webhooks only name objects: mapping needs its API
            let vector = firstAcceptedVector(id)
            let provider = definition.make(vector.credentials)
            var headers = WebhookHeaders()
            if id == "braintree" { headers = WebhookHeaders(["Content-Type": "application/x-www-form-urlencoded"]) }
            return ProviderInput(
                id: id, provider: provider, signed: vector.signed, sale: fixture(id, sale), saleHeaders: headers,
                rules: definition.schema.defaults)
        }
    }

    /// The provider's first signature vector that is accepted (status 200), with its credentials.
    static func firstAcceptedVector(_ provider: String) -> (credentials: ProviderCredentials, signed: Signed) {
        let file = fixture(provider, "signature-vectors.json")
        guard let root = try? JSONSerialization.jsonObject(with: Data(file)) as? [String: Any],
            let vectors = root["vectors"] as? [[String: Any]],
            let vector = vectors.first(where: { ($0["status"] as? Int) == 200 })
        else { fatalError("\(provider): no accepted signature vector") }
        var credentials = ProviderCredentials()
        for (key, value) in vector["credentials"] as? [String: Any] ?? [:] {
            if let list = value as? [String] { credentials.values[key] = list }
            if let seconds = value as? Int { credentials.seconds[key] = seconds }
        }
        let body: [UInt8]
        if let text = vector["body"] as? String {
            body = Array(text.utf8)
        } else if let name = vector["body_file"] as? String {
            body = fixture(provider, name)
        } else {
            fatalError("\(provider): the vector has no body")
        }
        let headers = WebhookHeaders(vector["headers"] as? [String: String] ?? [:])
        let now = Date(timeIntervalSince1970: TimeInterval(vector["now"] as? Int ?? 0))
        return (credentials, Signed(body: body, headers: headers, now: now))
    }
}

/// A paid Stripe invoice padded to 5 KB with metadata, signed as Stripe signs.
struct StripeInvoice5KB {
    var provider: any Provider
    var body: [UInt8]
    var headers: WebhookHeaders
    var now: Date
    var rules: MappingRules

    static func make() -> StripeInvoice5KB {
        let secret = "whsec_bench"
        guard var event = try? JSONSerialization.jsonObject(with: Data(fixture("stripe", "invoice.paid.basil-tax-discount.json"))) as? [String: Any],
            var data = event["data"] as? [String: Any], var object = data["object"] as? [String: Any]
        else { fatalError("the Stripe invoice fixture does not read") }
        var body: [UInt8] = []
        var pad = 0
        repeat {
            pad += 64
            object["metadata"] = ["note": String(repeating: "x", count: pad)]
            data["object"] = object
            event["data"] = data
            body = Array((try? JSONSerialization.data(withJSONObject: event)) ?? Data())
        } while body.count < 5 * 1024
        let timestamp = 1_764_000_000
        let key = SymmetricKey(data: Array(secret.utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + body, using: key)
            .map { String(format: "%02x", $0) }.joined()
        let definition = ProviderRegistry.definition(for: "stripe")!
        return StripeInvoice5KB(
            provider: definition.make(ProviderCredentials(values: ["WEBHOOK_SECRET": [secret]])), body: body,
            headers: WebhookHeaders(["Stripe-Signature": "t=\(timestamp),v1=\(signature)", "Content-Type": "application/json"]),
            now: Date(timeIntervalSince1970: TimeInterval(timestamp + 10)), rules: definition.schema.defaults)
    }
}
