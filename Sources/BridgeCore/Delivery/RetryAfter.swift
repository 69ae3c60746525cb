import Foundation

/// Reads an HTTP `Retry-After` header: delay-seconds or an HTTP date.
public enum RetryAfter {
    public static func seconds(from header: String?, now: Date) -> Int? {
        guard let value = header?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return max(seconds, 0) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(Int(date.timeIntervalSince(now).rounded(.up)), 0)
    }
}
