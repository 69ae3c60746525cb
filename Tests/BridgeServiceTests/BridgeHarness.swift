import BridgeCore
import BridgeService
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TestFixtures
import Testing

/// Runs the real service on a loopback port, against a fake FirstPromoter on another loopback
/// port, on a temporary SQLite file; or, with `BRIDGE_TEST_STORE=postgres` (and
/// `POSTGRES_TEST_URL`), on a fresh PostgreSQL database: every end-to-end test runs on either.
struct BridgeHarness {
    static let secret = "whsec_e2e_secret"
    static let paddleSecret = "pdl_ntfset_e2e_secret"
    static let lemonSqueezySecret = "ls-e2e-secret"
    static let chargebeePassword = "cb e2e: password"
    static let braintreePublicKey = "integration_public_key"
    static let braintreePrivateKey = "integration_private_key"
    static let recurlySecret = "354fab5bd35f5a0d50845ee7e30165244468b13c2c343f104e4e730a59326d9d"
    static let recurlyAPIKey = "recurly-e2e-api-key"
    static let recurlyPassword = "recurly xml password"
    static let razorpaySecret = "razorpay e2e webhook secret"
    static let paystackSecretKey = "sk_test_e2e0000000000000000000000000000000000"
    static let polarSecret = "whsec_polarE2ESecret0000000000000000000000000000"
    static let fastSpringSecret = "fastspring e2e hmac secret"
    static let maxioSecret = "maxio e2e site shared key"
    /// The public half of the Paddle Classic fixtures' test key pair.
    static let paddleClassicPublicKey: String = {
        do {
            return String(decoding: try Fixtures.bytes("paddle-classic", "vendor-public-key.pem"), as: UTF8.self)
        } catch {
            fatalError("the Paddle Classic fixtures' public key does not read: \(error)")
        }
    }()
    static let apiKey = "fp_key_e2e"

    /// What `BRIDGE_DATABASE_URL` says to the service.
    let databaseURL: String
    /// The SQLite file, when the store is one.
    let databasePath: String?
    /// The PostgreSQL database, when the store is one.
    let postgres: PostgresLocation?
    let store: any BridgeStore

    /// The engine end-to-end tests run on.
    static let engine = ProcessInfo.processInfo.environment["BRIDGE_TEST_STORE"] ?? "sqlite"

    /// The mappings folder: the repository's, or one holding `stripeMapping` as `stripe.yaml`.
    let mappingsDirectory: String

    /// With `stripeMapping` or `extraMappings`, a mappings folder holding those files, and the
    /// repository's for the other providers.
    init(stripeMapping: String? = nil, extraMappings: [String: String] = [:]) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-test-\(UUID().uuidString)")
        switch Self.engine {
        case "postgres":
            let (store, location) = try await PostgresTestDatabase.store()
            self.store = store
            databasePath = nil
            postgres = location
            var url = URLComponents()
            url.scheme = "postgres"
            url.user = location.user
            url.password = location.password
            url.host = location.host
            url.port = location.port
            url.path = "/" + location.database
            url.queryItems = [
                URLQueryItem(name: "sslmode", value: "disable"), URLQueryItem(name: "pool_size", value: "4"),
                URLQueryItem(name: "schema", value: location.schema),
            ]
            databaseURL = url.string ?? ""
        default:
            let path = folder.appendingPathComponent("bridge.sqlite").path
            store = try SQLiteBridgeStore(path: path)
            databasePath = path
            postgres = nil
            databaseURL = "sqlite://\(path)"
        }
        var files = extraMappings
        if let stripeMapping { files["stripe.yaml"] = stripeMapping }
        let repositoryMappings = Fixtures.repository.appendingPathComponent("mappings")
        if files.isEmpty {
            mappingsDirectory = repositoryMappings.path
        } else {
            // The repository's files, with these in place of theirs: every mounted provider has one.
            let mappings = folder.appendingPathComponent("mappings")
            try FileManager.default.createDirectory(at: mappings, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: repositoryMappings.path) where files[name] == nil {
                try FileManager.default.copyItem(at: repositoryMappings.appendingPathComponent(name), to: mappings.appendingPathComponent(name))
            }
            for (name, text) in files {
                try text.write(to: mappings.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            mappingsDirectory = mappings.path
        }
    }

    func environment(firstPromoterPort: Int?, apiKey: String? = Self.apiKey, extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "BRIDGE_HOST": "127.0.0.1", "BRIDGE_PORT": "0",
            "BRIDGE_DATABASE_URL": databaseURL,
            "BRIDGE_MAPPINGS_DIR": mappingsDirectory,
            "STRIPE_WEBHOOK_SECRET": "whsec_previous_one, \(Self.secret)",
            "PADDLE_WEBHOOK_SECRET": Self.paddleSecret,
            "LEMONSQUEEZY_WEBHOOK_SECRET": Self.lemonSqueezySecret,
            "CHARGEBEE_WEBHOOK_USERNAME": "chargebee", "CHARGEBEE_WEBHOOK_PASSWORD": Self.chargebeePassword,
            "BRAINTREE_PUBLIC_KEY": Self.braintreePublicKey, "BRAINTREE_PRIVATE_KEY": Self.braintreePrivateKey,
            "RECURLY_WEBHOOK_SECRET": Self.recurlySecret, "RECURLY_API_KEY": Self.recurlyAPIKey,
            "RECURLY_API_URL": "http://127.0.0.1:1", "RECURLY_WEBHOOK_USERNAME": "recurly",
            "RECURLY_WEBHOOK_PASSWORD": Self.recurlyPassword,
            "RAZORPAY_WEBHOOK_SECRET": Self.razorpaySecret, "PAYSTACK_SECRET_KEY": Self.paystackSecretKey,
            "POLAR_WEBHOOK_SECRET": Self.polarSecret, "PADDLE_CLASSIC_PUBLIC_KEY": Self.paddleClassicPublicKey,
            "FASTSPRING_WEBHOOK_SECRET": Self.fastSpringSecret,
            "MAXIO_WEBHOOK_SECRET": Self.maxioSecret, "MAXIO_CURRENCY": "USD",
            "BRIDGE_RETRY_SCHEDULE": "20ms,40ms,80ms,160ms,320ms,640ms,1s", "BRIDGE_RETRY_GIVE_UP_AFTER": "1h",
            "FIRSTPROMOTER_RATE_LIMIT": "60000", "FIRSTPROMOTER_TIMEOUT_SECONDS": "5",
        ]
        if let firstPromoterPort { environment["FIRSTPROMOTER_BASE_URL"] = "http://localhost:\(firstPromoterPort)" }
        if let apiKey { environment["FIRSTPROMOTER_API_KEY"] = apiKey }
        return environment.merging(extra) { $1 }
    }

    /// The bridge, served while `body` runs.
    func withBridge<Value: Sendable>(
        _ environment: [String: String], _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        var logger = Logger(label: "bridge-test")
        logger.logLevel = .warning
        let app = try await BridgeApplication.build(configuration: try BridgeConfiguration(environment: environment), logger: logger)
        await BridgeSlots.shared.acquire()
        do {
            let value = try await app.test(.live) { client in try await body(client) }
            await BridgeSlots.shared.release()
            return value
        } catch {
            await BridgeSlots.shared.release()
            throw error
        }
    }

    /// The bridge and a fake FirstPromoter, both served while `body` runs.
    func withBridge<Value: Sendable>(
        firstPromoter: FakeFirstPromoter, apiKey: String? = Self.apiKey, extra: [String: String] = [:],
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await firstPromoter.application.test(.live) { fake in
            try await withBridge(environment(firstPromoterPort: fake.port, apiKey: apiKey, extra: extra), body)
        }
    }

    /// A body POSTed to `/webhooks/{provider}` as that provider sends it: signed with the
    /// harness's credentials (or, for Chargebee and Recurly's XML, with `basicAuth`, nil: none).
    static func postSigned(
        _ client: any TestClientProtocol, provider: String, body: [UInt8], contentType: String = "application/json",
        secret: String? = nil, timestamp: Int? = nil, basicAuth: String? = nil, eventID: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        var body = body
        let now = Int(Date().timeIntervalSince1970)
        func basic(_ credentials: String?) {
            if let credentials { headers[.authorization] = "Basic " + Data(credentials.utf8).base64EncodedString() }
        }
        switch provider {
        case "stripe":
            let t = timestamp ?? now
            let signature = HMACSignature.hex(message: Array("\(t).".utf8) + body, secret: secret ?? Self.secret)
            headers[HTTPField.Name("Stripe-Signature")!] = "t=\(t),v1=\(signature)"
        case "paddle":
            let t = timestamp ?? now
            let signature = HMACSignature.hex(message: Array("\(t):".utf8) + body, secret: secret ?? paddleSecret)
            headers[HTTPField.Name("Paddle-Signature")!] = "ts=\(t);h1=\(signature)"
        case "lemonsqueezy":
            headers[HTTPField.Name("X-Signature")!] = HMACSignature.hex(message: body, secret: secret ?? lemonSqueezySecret)
        case "chargebee":
            basic(basicAuth)
        case "braintree":
            // `body` is the notification's XML: encoded and signed as Braintree does.
            let payload = Data(body).base64EncodedString(options: .lineLength76Characters).replacingOccurrences(of: "\r", with: "")
            let signature = BraintreeVerifier(publicKey: braintreePublicKey, privateKey: secret ?? braintreePrivateKey).sign(payload: payload)
            var form = URLComponents()
            form.queryItems = [URLQueryItem(name: "bt_signature", value: signature), URLQueryItem(name: "bt_payload", value: payload)]
            body = Array((form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B").utf8)
        case "recurly" where contentType.contains("xml"):
            basic(basicAuth)
        case "recurly":
            let t = timestamp ?? Int(Date().timeIntervalSince1970 * 1000)
            headers[HTTPField.Name("recurly-signature")!] =
                "\(t),\(HMACSignature.hex(message: Array("\(t).".utf8) + body, secret: secret ?? recurlySecret))"
        case "razorpay":
            headers[HTTPField.Name("X-Razorpay-Signature")!] = HMACSignature.hex(message: body, secret: secret ?? razorpaySecret)
            // Razorpay's event id; by default one per body, as each delivery of one event is the same.
            headers[HTTPField.Name("X-Razorpay-Event-Id")!] =
                eventID ?? "evt_" + HMACSignature.hex(message: body, secret: "event id").prefix(14)
        case "polar":
            // Standard Webhooks headers, keyed with the whole secret as Polar signs.
            let t = timestamp ?? now
            let id = eventID ?? "msg_" + HMACSignature.hex(message: body, secret: "event id").prefix(14)
            let signature = HMACSignature(.sha256, .base64).sign(Array("\(id).\(t).".utf8) + body, key: Array((secret ?? polarSecret).utf8))
            headers[HTTPField.Name("webhook-id")!] = id
            headers[HTTPField.Name("webhook-timestamp")!] = String(t)
            headers[HTTPField.Name("webhook-signature")!] = "v1,\(signature)"
        case "paddle-classic":
            // `body` is the alert's form fields: signed with the fixtures' test key, as Paddle signs.
            body = try PaddleClassicSigner.signed(form: body)
        case "fastspring":
            headers[HTTPField.Name("X-FS-Signature")!] = HMACSignature(.sha256, .base64).sign(body, key: Array((secret ?? fastSpringSecret).utf8))
        case "maxio":
            headers[HTTPField.Name("X-Chargify-Webhook-Signature-Hmac-Sha-256")!] =
                HMACSignature(.sha256, .hex).sign(body, key: Array((secret ?? maxioSecret).utf8))
        case "paystack":
            headers[HTTPField.Name("x-paystack-signature")!] =
                HMACSignature(.sha512, .hex).sign(body, key: Array((secret ?? paystackSecretKey).utf8))
        default:
            Issue.record("the harness cannot sign for \(provider)")
        }
        return try await client.execute(uri: "/webhooks/\(provider)", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    /// A Stripe-signed POST of a fixture, as Stripe sends it.
    static func post(
        _ client: any TestClientProtocol, fixture: String, secret: String = secret, timestamp: Int? = nil
    ) async throws -> TestResponse {
        try await post(client, body: try Fixtures.bytes("stripe", "\(fixture).json"), secret: secret, timestamp: timestamp)
    }

    static func post(
        _ client: any TestClientProtocol, body: [UInt8], secret: String = secret, timestamp: Int? = nil,
        contentType: String = "application/json; charset=utf-8"
    ) async throws -> TestResponse {
        try await postSigned(client, provider: "stripe", body: body, contentType: contentType, secret: secret, timestamp: timestamp)
    }

    /// A Paddle-signed POST of a fixture: `ts=…;h1=…` over `"{ts}:{body}"`.
    static func postPaddle(
        _ client: any TestClientProtocol, fixture: String, secret: String = paddleSecret,
        contentType: String = "application/json"
    ) async throws -> TestResponse {
        try await postSigned(
            client, provider: "paddle", body: try Fixtures.bytes("paddle", "\(fixture).json"), contentType: contentType, secret: secret)
    }

    /// A Lemon Squeezy-signed POST of a fixture: `X-Signature` over the raw body.
    static func postLemonSqueezy(_ client: any TestClientProtocol, fixture: String) async throws -> TestResponse {
        try await postSigned(client, provider: "lemonsqueezy", body: try Fixtures.bytes("lemonsqueezy", "\(fixture).json"))
    }

    /// A Chargebee POST of a fixture, with the webhook's basic authentication (nil: none).
    static func postChargebee(
        _ client: any TestClientProtocol, fixture: String, credentials: String? = "chargebee:\(chargebeePassword)"
    ) async throws -> TestResponse {
        try await postSigned(
            client, provider: "chargebee", body: try Fixtures.bytes("chargebee", "\(fixture).json"), basicAuth: credentials)
    }

    /// A Braintree POST of a fixture: the form body as the SDK signed it.
    static func postBraintree(
        _ client: any TestClientProtocol, fixture: String, contentType: String = "application/x-www-form-urlencoded"
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/webhooks/braintree", method: .post, headers: [.contentType: contentType],
            body: ByteBuffer(bytes: try Fixtures.bytes("braintree", "\(fixture).form")))
    }

    /// A Recurly POST of a fixture: JSON signed with `recurly-signature` (milliseconds), or XML
    /// with the endpoint's basic authentication (nil: none).
    static func postRecurly(
        _ client: any TestClientProtocol, fixture: String, credentials: String? = "recurly:\(recurlyPassword)",
        secret: String = recurlySecret
    ) async throws -> TestResponse {
        let (body, type) = try Fixtures.payload("recurly", fixture)
        return try await postSigned(
            client, provider: "recurly", body: body, contentType: Fixtures.contentType(type), secret: secret, basicAuth: credentials)
    }

    /// A Razorpay-signed POST of a fixture: `X-Razorpay-Signature` over the raw body, and the
    /// event id header (one per fixture unless given).
    static func postRazorpay(
        _ client: any TestClientProtocol, fixture: String, eventID: String? = nil, secret: String = razorpaySecret
    ) async throws -> TestResponse {
        try await postSigned(
            client, provider: "razorpay", body: try Fixtures.bytes("razorpay", "\(fixture).json"), secret: secret,
            eventID: eventID ?? "evt_\(fixture)")
    }

    /// A Paystack-signed POST of a fixture: `x-paystack-signature`, HMAC-SHA512 of the raw body.
    static func postPaystack(
        _ client: any TestClientProtocol, fixture: String, secret: String = paystackSecretKey
    ) async throws -> TestResponse {
        try await postSigned(client, provider: "paystack", body: try Fixtures.bytes("paystack", "\(fixture).json"), secret: secret)
    }

    /// A Polar-signed POST of a fixture: Standard Webhooks headers, `webhook-id` one per fixture.
    static func postPolar(_ client: any TestClientProtocol, fixture: String, secret: String = polarSecret) async throws -> TestResponse {
        try await postSigned(
            client, provider: "polar", body: try Fixtures.bytes("polar", "\(fixture).json"), secret: secret, eventID: "msg_\(fixture)")
    }

    /// Waits until `condition` holds, checking every 20 ms, failing after `seconds`. Not a timing
    /// assertion: the bound is generous, the wait ends as soon as the condition holds.
    static func eventually(
        _ what: String, seconds: Double = 20, _ condition: @Sendable () async throws -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("timed out waiting until \(what)")
        throw CancellationError()
    }

    /// Makes the events table refuse every insert (as a full disk would), or stops it, on either engine.
    func refuseEventInserts(_ refuse: Bool) async throws {
        if let postgres {
            let schema = postgres.schema ?? "public"
            let statements =
                refuse
                ? [
                    "CREATE OR REPLACE FUNCTION \(schema).refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql",
                    "CREATE TRIGGER refuse BEFORE INSERT ON \(schema).events FOR EACH ROW EXECUTE FUNCTION \(schema).refuse()",
                ]
                : ["DROP TRIGGER refuse ON \(schema).events"]
            for statement in statements { try await PostgresTestDatabase.execute(statement, in: postgres) }
        } else if let databasePath {
            // The bridge's own writer may hold the lock for a moment: wait for it, as the bridge does.
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            try await DatabaseQueue(path: databasePath, configuration: configuration).write { db in
                try db.execute(
                    sql: refuse
                        ? "CREATE TRIGGER refuse BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END" : "DROP TRIGGER refuse")
            }
        }
    }

    func deliveries(_ status: DeliveryStatus? = nil) async throws -> [Delivery] {
        try await store.deliveries(status: status, limit: 1000)
    }

    /// Every stored event mapped (none waiting) and no delivery left pending: nothing more will be sent.
    func settled() async throws -> Bool {
        let received = try await store.events(in: .received, limit: 1)
        let waiting = try await store.events(in: .waiting, limit: 1)
        let pending = try await deliveries(.pending)
        return received.isEmpty && waiting.isEmpty && pending.isEmpty
    }

    /// Settled, with this many outbox rows in all.
    func settled(deliveries count: Int) async throws -> Bool {
        let rows = try await deliveries()
        return try await settled() && rows.count == count
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
