/// A provider payload posted as a form (Paddle Classic's alerts, Maxio's webhooks): every value
/// a string, an empty one absent, a required one missing an error naming it. Written once here.
protocol FormPayload {
    /// "Maxio webhook": how errors name the payload.
    static var what: String { get }
    var fields: [String: String] { get }
}

extension FormPayload {
    subscript(_ name: String) -> String? {
        fields[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func required(_ name: String) throws -> String {
        guard let value = self[name] else { throw PayloadError("\(Self.what): \(name) is missing") }
        return value
    }
}
