/// `only_if: {data.status: [success, null]}` or `test_when: {data.domain: [test]}`: a field and
/// the values it may hold (`null`: absent). Read as text, so `true` and `1` match as written.
public struct DeclaredCondition: Sendable, Equatable {
    public var path: PayloadPath
    public var values: [String?]

    public init(path: PayloadPath, values: [String?]) {
        self.path = path
        self.values = values
    }

    public func holds(in payload: DeclaredPayload) -> Bool {
        guard let value = payload.tree[path], !value.isAbsent else { return values.contains { $0 == nil } }
        return value.text.map { text in values.contains { $0 == text } } ?? false
    }

    /// Why an event is ignored when it does not hold: "data.status is 'failed', not success".
    public func reason(in payload: DeclaredPayload) -> String {
        let found = payload.tree[path].map { $0.isAbsent ? "absent" : $0.shape } ?? "absent"
        let allowed = values.map { $0 ?? "absent" }.joined(separator: " or ")
        return "\(path) is \(found), not \(allowed)"
    }
}
