import Foundation

/// Times as providers write them: RFC 3339, with or without fractional seconds. Read through
/// `PayloadTime`, which bounds them.
public enum RFC3339 {
    /// A bounded time, or nil when the text is not RFC 3339.
    public static func date(_ text: String) -> Date? { PayloadTime.rfc3339(text)?.date }

    static func parse(_ text: String) -> Date? {
        // Two formats tried in turn: a failure of the first is no error, only the other format.
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(
            text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
