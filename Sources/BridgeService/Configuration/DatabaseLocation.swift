import Foundation

/// Where the store is, as `BRIDGE_DATABASE_URL` says: a SQLite file, or a PostgreSQL database.
/// Its description never shows a password.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    static let variable = "BRIDGE_DATABASE_URL"

    public init(url: String) throws(ConfigurationError) {
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw ConfigurationError(variable: Self.variable, problem: "sqlite:// names no file") }
            self = .sqlite(path: path)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(url: url))
        } else {
            let scheme = url.split(separator: ":", maxSplits: 1).first.map(String.init) ?? url
            throw ConfigurationError(
                variable: Self.variable,
                problem: "'\(scheme):' is neither sqlite://PATH nor postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let location): location.description
        }
    }
}

/// A PostgreSQL database: where, who, and how the connection is secured (`sslmode` as libpq reads
/// it). The password is kept out of every description.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// A CA bundle to trust instead of the system's (`sslrootcert`, for a managed database's own CA).
    public var sslRootCertificate: String?
    /// Connections each replica keeps at most.
    public var poolSize: Int = 10
    /// The schema the tables live in (nil: the server's `search_path`, usually `public`): several
    /// deployments may share one database.
    public var schema: String?

    public enum SSLMode: String, Sendable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS if the server offers it, without checking its certificate (libpq's default).
        case allow, prefer
        /// TLS or no connection; the certificate is not checked.
        case require
        /// TLS, a certificate signed by a trusted CA; `verify-full` also checks the host name.
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public init(url: String) throws(ConfigurationError) {
        let variable = DatabaseLocation.variable
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw ConfigurationError(variable: variable, problem: "not a URL of the form postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        guard let user = components.user, !user.isEmpty else {
            throw ConfigurationError(variable: variable, problem: "names no user (postgres://USER:PASSWORD@HOST/DATABASE)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw ConfigurationError(variable: variable, problem: "names no database (postgres://USER:PASSWORD@HOST/DATABASE)")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? user
        self.password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        self.database = database.removingPercentEncoding ?? database
        sslMode = .prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    let modes = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ConfigurationError(variable: variable, problem: "sslmode '\(item.value ?? "")' is not one of \(modes)")
                }
                sslMode = mode
            case "schema":
                guard let name = item.value, !name.isEmpty, name.count <= 63,
                    name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !name.first!.isNumber
                else {
                    throw ConfigurationError(variable: variable, problem: "schema '\(item.value ?? "")' is not a plain name (letters, digits, _)")
                }
                schema = name
            case "sslrootcert":
                sslRootCertificate = item.value
            case "pool_size":
                guard let size = item.value.flatMap(Int.init), (1...200).contains(size) else {
                    throw ConfigurationError(variable: variable, problem: "pool_size '\(item.value ?? "")' is not a number from 1 to 200")
                }
                poolSize = size
            default:
                throw ConfigurationError(
                    variable: variable, problem: "unknown parameter '\(item.name)' (known: sslmode, sslrootcert, pool_size, schema)")
            }
        }
        if sslRootCertificate != nil, sslMode != .verifyCA, sslMode != .verifyFull {
            throw ConfigurationError(variable: variable, problem: "sslrootcert is only read with sslmode=verify-ca or verify-full")
        }
    }

    /// The URL with the password left out.
    public var description: String {
        var text = "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
        if let sslRootCertificate { text += "&sslrootcert=\(sslRootCertificate)" }
        if let schema { text += "&schema=\(schema)" }
        return text
    }

    /// Where, for error messages: never the password.
    public var server: String { "\(host):\(port)/\(database) as \(user)" }
}
