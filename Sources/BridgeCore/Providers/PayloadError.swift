/// A verified payload the mapper cannot use, with the field that was missing or wrong.
public struct PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problem: String
    public init(_ problem: String) { self.problem = problem }
    public var description: String { problem }

    /// A decoding failure told as a path into the JSON, not as Swift's type dump.
    public static func decoding(_ error: any Error, what: String) -> PayloadError {
        guard let error = error as? DecodingError else { return PayloadError("\(what): \(error)") }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the body" : String(keys.dropFirst(keys.hasPrefix(".") ? 1 : 0))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return PayloadError("\(what): \(parent == "the body" ? "" : parent + ".")\(key.stringValue) is missing")
        case .valueNotFound(_, let context): return PayloadError("\(what): \(path(context)) is null")
        case .typeMismatch(let type, let context):
            return PayloadError("\(what): \(path(context)) is not a \(type)")
        case .dataCorrupted(let context):
            return PayloadError("\(what): \(path(context)): \(context.debugDescription)")
        @unknown default: return PayloadError("\(what): \(error)")
        }
    }
}
