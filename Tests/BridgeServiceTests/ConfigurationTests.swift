import BridgeCore
import BridgeService
import Foundation
import TestFixtures
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsAreTheDocumentedOnes() throws {
        let configuration = try BridgeConfiguration(environment: [:])
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 8080)
        #expect(configuration.maxBodyBytes == 1 << 20)
        #expect(configuration.databaseURL == "sqlite://data/bridge.sqlite")
        #expect(try configuration.database() == .sqlite(path: "data/bridge.sqlite"))
        #expect(configuration.mappingsDirectory == "mappings")
        #expect(configuration.firstPromoter.apiKey == nil)
        #expect(configuration.firstPromoter.baseURL == "https://firstpromoter.com")
        #expect(configuration.providers.isEmpty, "no secret, no provider")
    }

    @Test func secretsAreACommaSeparatedList() throws {
        let configuration = try BridgeConfiguration(environment: [
            "STRIPE_WEBHOOK_SECRET": " whsec_new , whsec_old,,", "STRIPE_TOLERANCE_SECONDS": "60",
            "FIRSTPROMOTER_BASE_URL": "http://localhost:9999/",
        ])
        let stripe = try #require(configuration.providers.first)
        #expect(stripe.definition.id == "stripe")
        #expect(stripe.credentials.list("WEBHOOK_SECRET") == ["whsec_new", "whsec_old"])
        #expect(stripe.credentials.seconds("TOLERANCE_SECONDS", default: 300) == 60)
        #expect(configuration.firstPromoter.baseURL == "http://localhost:9999")
    }

    @Test(arguments: [
        ("BRIDGE_PORT", "eighty", "'eighty' is not a whole number from 0 to 65535"),
        ("BRIDGE_PORT", "70000", "is not a whole number"),
        ("BRIDGE_MAX_BODY_BYTES", "0", "is not a whole number"),
        ("STRIPE_TOLERANCE_SECONDS", "-1", "is not a whole number"),
        ("FIRSTPROMOTER_BASE_URL", "firstpromoter.com", "is not an http(s) URL"),
        ("BRIDGE_LOG_LEVEL", "loud", "is not one of"),
        ("BRIDGE_LOG_FORMAT", "xml", "is not logfmt or json"),
        ("MAXIO_CURRENCY", "dollars", "'dollars' is not an ISO 4217 currency code"),
    ])
    func badValuesNameTheVariable(_ variable: String, _ value: String, _ problem: String) {
        var environment = ["STRIPE_WEBHOOK_SECRET": "whsec_x"]
        environment[variable] = value
        do {
            _ = try BridgeConfiguration(environment: environment)
            Issue.record("accepted \(variable)=\(value)")
        } catch {
            #expect(error.variable == variable)
            #expect(error.description.contains(problem), "\(error)")
        }
    }

    /// A PostgreSQL URL as libpq reads it: user and password percent-decoded, 5432 by default,
    /// `sslmode=prefer` by default; the description never shows the password.
    @Test func aPostgresURLIsReadWithItsTLSModeAndPoolSize() throws {
        let configuration = try BridgeConfiguration(environment: [
            "BRIDGE_DATABASE_URL": "postgresql://bridge%40acme:p%40ss%20word@db.internal/billing?sslmode=verify-full&pool_size=4"
        ])
        guard case .postgres(let location) = try configuration.database() else { Issue.record("not PostgreSQL"); return }
        #expect(location.host == "db.internal" && location.port == 5432 && location.database == "billing")
        #expect(location.user == "bridge@acme" && location.password == "p@ss word")
        #expect(location.sslMode == .verifyFull && location.poolSize == 4)
        #expect(!location.description.contains("p@ss") && !location.description.contains("p%40ss"))
        #expect(location.description == "postgres://bridge@acme:***@db.internal:5432/billing?sslmode=verify-full")
        let plain = try DatabaseLocation(url: "postgres://u:pw@127.0.0.1:6543/db")
        #expect(plain == .postgres(try PostgresLocation(url: "postgres://u:pw@127.0.0.1:6543/db")))
        guard case .postgres(let defaults) = plain else { return }
        #expect(defaults.port == 6543 && defaults.sslMode == .prefer && defaults.poolSize == 10)
    }

    /// Each mistake in a database URL is named, at start, without the password.
    @Test(arguments: [
        ("mysql://u:secretpw@h/db", "'mysql:' is neither sqlite://PATH nor postgres://"),
        ("postgres://u:secretpw@h", "names no database"),
        ("postgres://h/db", "names no user"),
        ("postgres://u:secretpw@h/db?sslmode=sometimes", "sslmode 'sometimes' is not one of disable, allow, prefer, require"),
        ("postgres://u:secretpw@h/db?pool_size=0", "pool_size '0' is not a number from 1 to 200"),
        ("postgres://u:secretpw@h/db?sslrootcert=/ca.pem", "sslrootcert is only read with sslmode=verify-ca or verify-full"),
        ("postgres://u:secretpw@h/db?connect_timeout=3", "unknown parameter 'connect_timeout'"),
        ("sqlite://", "sqlite:// names no file"),
    ])
    func aBadDatabaseURLIsNamed(_ url: String, _ problem: String) throws {
        do {
            _ = try BridgeConfiguration(environment: ["BRIDGE_DATABASE_URL": url])
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.variable == "BRIDGE_DATABASE_URL")
            #expect(error.problem.contains(problem), "\(error.problem)")
            #expect(!error.description.contains("secretpw"))
        }
    }

    @Test func settingNamesFollowSwiftConfigurationsMapping() {
        #expect(BridgeConfiguration.maxBodyBytes.variable == "BRIDGE_MAX_BODY_BYTES")
        #expect(BridgeConfiguration.apiKey.variable == "FIRSTPROMOTER_API_KEY")
        #expect(BridgeConfiguration.settings(for: ProviderRegistry.all[0]).map(\.variable) == [
            "STRIPE_WEBHOOK_SECRET", "STRIPE_TOLERANCE_SECONDS", "STRIPE_API_KEY", "STRIPE_API_URL",
        ])
    }

    /// Provider variables are named by one function, whatever the provider's name looks like.
    @Test func providerVariablesComeFromOneFunction() {
        #expect(ProviderID("stripe").variable("WEBHOOK_SECRET") == "STRIPE_WEBHOOK_SECRET")
        #expect(ProviderID("lemon-squeezy").variable("WEBHOOK_SECRET") == "LEMON_SQUEEZY_WEBHOOK_SECRET")
        for definition in ProviderRegistry.all {
            for (setting, credential) in zip(BridgeConfiguration.settings(for: definition), definition.credentials) {
                #expect(setting.variable == definition.id.variable(credential.name))
            }
        }
    }

    @Test func theReadmeDocumentsEverySetting() throws {
        let readme = try String(contentsOf: Fixtures.repository.appendingPathComponent("README.md"), encoding: .utf8)
        var settings = BridgeConfiguration.settings
        for definition in ProviderRegistry.all {
            settings += BridgeConfiguration.settings(for: definition)
        }
        for setting in settings {
            #expect(readme.contains("| `\(setting.variable)` |"), "README has no row for \(setting.variable)")
            if let value = setting.defaultValue {
                #expect(readme.contains("| `\(setting.variable)` | `\(value)` |"), "README's default for \(setting.variable)")
            }
        }
    }
}
