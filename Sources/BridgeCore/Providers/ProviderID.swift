import Foundation

/// A billing provider's name as it appears in URLs, mapping files and configuration:
/// `/webhooks/stripe`, `mappings/stripe.yaml`, `STRIPE_WEBHOOK_SECRET`.
public struct ProviderID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    /// The prefix of this provider's environment variables: upper case, `-` to `_`.
    public var environmentPrefix: String { rawValue.uppercased().replacingOccurrences(of: "-", with: "_") }

    /// The one function that names a provider's variables: `STRIPE_WEBHOOK_SECRET` for
    /// `variable("WEBHOOK_SECRET")`. Configuration, `check-config` and the README test use it.
    public func variable(_ name: String) -> String { "\(environmentPrefix)_\(name)" }
}
