/// Why a webhook was refused. The description names the check and never holds a secret.
public enum VerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingHeader(String)
    case malformedHeader(String, reason: String)
    /// A credential carried in the body (Braintree's `bt_signature` form field).
    case missingField(String)
    case malformedField(String, reason: String)
    case noMatchingSignature(header: String)
    /// HTTP Basic credentials that are not the configured ones.
    case wrongCredentials(header: String)
    case timestampTooOld(ageSeconds: Int, toleranceSeconds: Int)
    /// The request uses a scheme of the provider's that this service has no credentials for.
    case schemeNotConfigured(String)

    /// 400 for a request that is not shaped like a signed webhook, 401 for one that is but fails.
    /// A short name for metrics and logs: missing_signature, bad_signature, stale, …
    public var reason: String {
        switch self {
        case .missingHeader, .missingField: "missing_signature"
        case .malformedHeader, .malformedField: "malformed_signature"
        case .noMatchingSignature: "bad_signature"
        case .wrongCredentials: "wrong_credentials"
        case .timestampTooOld: "stale"
        case .schemeNotConfigured: "not_configured"
        }
    }

    public var httpStatus: Int {
        switch self {
        case .missingHeader, .malformedHeader, .missingField, .malformedField: 400
        case .noMatchingSignature, .wrongCredentials, .timestampTooOld, .schemeNotConfigured: 401
        }
    }

    public var description: String {
        switch self {
        case .missingHeader(let name): "missing \(name) header"
        case .malformedHeader(let name, let reason): "malformed \(name) header: \(reason)"
        case .missingField(let name): "missing \(name) field"
        case .malformedField(let name, let reason): "malformed \(name) field: \(reason)"
        case .wrongCredentials(let header): "the credentials in \(header) are not the configured ones"
        case .noMatchingSignature(let header):
            "no signature in \(header) matches the payload under any configured secret"
        case .schemeNotConfigured(let what): "refused: \(what), which are not set here"
        case .timestampTooOld(let age, let tolerance):
            "timestamp is \(age) s old, more than the tolerance of \(tolerance) s"
        }
    }
}
