import Foundation

/// A time read from a payload, held as Unix milliseconds between the years 1 and 9999: every time
/// a provider writes (Unix seconds, milliseconds, RFC 3339) comes in through here, so that every
/// later conversion (to a `Date`, to the store's milliseconds, to a gap between two times) is
/// exact and cannot overflow. A value outside is a `PayloadError` naming the field, never a trap.
public struct PayloadTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let milliseconds: Int64

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.
    public static let earliestMilliseconds: Int64 = -62_135_596_800_000
    public static let latestMilliseconds: Int64 = 253_402_300_799_999

    public init(unixMilliseconds: Int64, field: String) throws(PayloadError) {
        guard (Self.earliestMilliseconds...Self.latestMilliseconds).contains(unixMilliseconds) else {
            throw PayloadError("\(field): \(unixMilliseconds) ms is not a time between the years 1 and 9999")
        }
        milliseconds = unixMilliseconds
    }

    public init(unixSeconds: Int, field: String) throws(PayloadError) {
        // Bounded first, so that the multiplication below cannot overflow.
        guard (Self.earliestMilliseconds / 1000...Self.latestMilliseconds / 1000).contains(Int64(unixSeconds)) else {
            throw PayloadError("\(field): \(unixSeconds) is not a Unix time between the years 1 and 9999")
        }
        milliseconds = Int64(unixSeconds) * 1000
    }

    /// A `Date` from the clock or a parser: refused when outside the range, or not a number.
    public init(date: Date, field: String) throws(PayloadError) {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite, value >= Double(Self.earliestMilliseconds), value <= Double(Self.latestMilliseconds) else {
            throw PayloadError("\(field): \(date.timeIntervalSince1970) s is not a time between the years 1 and 9999")
        }
        milliseconds = Int64(value)
    }

    /// RFC 3339 text, with or without fractional seconds; nil when it is not one.
    public static func rfc3339(_ text: String) -> PayloadTime? {
        guard let date = RFC3339.parse(text) else { return nil }
        return try? PayloadTime(date: date, field: "")  // a parsed date has at most four year digits
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000) }
    /// Whole Unix seconds, rounded down.
    public var seconds: Int { Int(milliseconds.dividedRoundingDown(by: 1000)) }

    /// Days from this time to `later`, rounded to the nearest (a service period's length). Both are
    /// within the years 1 to 9999, so the gap fits.
    public func days(until later: PayloadTime) -> Int {
        Int((Double(later.milliseconds - milliseconds) / 86_400_000).rounded())
    }

    public static func < (a: PayloadTime, b: PayloadTime) -> Bool { a.milliseconds < b.milliseconds }
    public var description: String { date.ISO8601Format() }
}

/// Decoded from Unix seconds (a JSON integer) or RFC 3339 text, whichever the payload holds; a
/// value out of range or of another form is a decoding error at its path, which the mapper
/// reports as the field that was wrong.
extension PayloadTime: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Int.self) {
            // The decoding error carries the path; the field name is not built for every time read.
            do { self = try PayloadTime(unixSeconds: seconds, field: "") } catch {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(seconds) is not a Unix time between the years 1 and 9999")
            }
            return
        }
        let text: String
        do { text = try container.decode(String.self) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a Unix time in seconds or an RFC 3339 time")
        }
        guard let time = PayloadTime.rfc3339(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text.prefix(40))' is not an RFC 3339 time")
        }
        self = time
    }
}

extension PayloadTime {
    /// A time as the receiver reads it in an envelope, before storing: nil when it is out of range
    /// or of another form. Nothing is hidden by it: the mapper reads the same field strictly, so the
    /// stored event fails there naming the field (a 200 and one stored row, where a 400 would have
    /// the provider send it again for days).
    public struct Loose: Decodable, Sendable {
        public let time: PayloadTime?

        public init(from decoder: any Decoder) throws {
            do { time = try PayloadTime(from: decoder) } catch is DecodingError { time = nil }
        }
    }
}

extension Int64 {
    /// Floor division: -1 ms is in the second before the epoch.
    func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
