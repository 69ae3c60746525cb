/// Request headers, looked up case-insensitively, as a verifier sees them.
public struct WebhookHeaders: Sendable {
    private var values: [String: String] = [:]

    public init(_ pairs: [(name: String, value: String)] = []) {
        for (name, value) in pairs {
            let key = name.lowercased()
            // Repeated headers are joined the way HTTP allows, with a comma.
            values[key] = values[key].map { "\($0),\(value)" } ?? value
        }
    }

    public init(_ dictionary: [String: String]) {
        self.init(dictionary.map { (name: $0.key, value: $0.value) })
    }

    public subscript(name: String) -> String? { values[name.lowercased()] }
}
