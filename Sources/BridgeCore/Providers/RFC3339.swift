import Foundation

/// Times as providers write them: RFC 3339, with or without fractional seconds.
public enum RFC3339 {
    public static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(
            text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
