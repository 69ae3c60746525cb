import Configuration
import Foundation

/// One environment variable the service reads: its name, default, meaning and whether it is a
/// secret. The same table drives reading, `billing-bridge check-config` and the README.
public struct Setting: Sendable {
    public var key: [String]
    public var defaultValue: String?
    public var meaning: String
    public var isSecret: Bool

    public init(_ key: [String], default defaultValue: String? = nil, secret: Bool = false, _ meaning: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.meaning = meaning
        self.isSecret = secret
    }

    /// A setting named by its variable, `STRIPE_WEBHOOK_SECRET`: the key is its words, which
    /// swift-configuration's environment provider maps back to the same name.
    public init(variable: String, default defaultValue: String? = nil, secret: Bool = false, _ meaning: String) {
        self.init(
            variable.lowercased().split(separator: "_").map(String.init), default: defaultValue, secret: secret, meaning)
    }

    /// `BRIDGE_MAX_BODY_BYTES` for `["bridge", "maxBodyBytes"]`, as swift-configuration maps it.
    public var variable: String {
        key.map { component in
            var words = ""
            var previousLower = false
            for character in component {
                if character.isUppercase, previousLower { words += "_" }
                words.append(character)
                previousLower = character.isLowercase || character.isNumber
            }
            return words.uppercased()
        }.joined(separator: "_")
    }

    /// The value set, else the default; empty counts as unset. Surrounding spaces and line
    /// breaks (a secret pasted from a file or a terminal) are trimmed.
    func value(in reader: ConfigReader) -> String? {
        let set = reader.string(forKey: ConfigKey(key), isSecret: isSecret)?.trimmingCharacters(in: .whitespacesAndNewlines)
        return (set?.isEmpty == false ? set : nil) ?? defaultValue
    }

    func int(in reader: ConfigReader, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = value(in: reader) else { throw ConfigurationError(variable: variable, problem: "is required") }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigurationError(
                variable: variable, problem: "'\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
