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

    /// The prefix of this provider's environment variables.
    public var environmentPrefix: String { rawValue.uppercased().replacingOccurrences(of: "-", with: "_") }
}
