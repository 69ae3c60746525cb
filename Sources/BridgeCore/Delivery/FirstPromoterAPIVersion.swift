import Foundation

/// FirstPromoter's tracking API, v1 (form body, `X-API-KEY`) or v2 (JSON body, a bearer key and
/// `Account-ID`). The outbox keeps the action (endpoint, `event_id`, parameters), not a version's
/// wire form, so switching versions re-sends nothing wrongly.
public enum FirstPromoterAPIVersion: Int, Sendable, CaseIterable {
    case v1 = 1
    case v2 = 2

    /// The origin when `FIRSTPROMOTER_BASE_URL` is unset.
    public var defaultBaseURL: String { self == .v1 ? "https://firstpromoter.com" : "https://api.firstpromoter.com" }

    /// `/api/v1/track/sale` and so on.
    public func path(of call: FirstPromoterCall) -> String { "/api/v\(rawValue)/track/\(call.endpoint.rawValue)" }

    public var contentType: String { self == .v1 ? "application/x-www-form-urlencoded" : "application/json" }

    /// The body: v1's form, or v2's JSON object (amounts and counts as numbers, the rest text).
    public func body(of call: FirstPromoterCall) throws -> String {
        guard self == .v2 else { return call.formBody }
        var object: [String: Any] = [:]
        for field in call.parameters {
            object[field.name] = Self.numericFields.contains(field.name) ? Int(field.value).map { $0 as Any } ?? field.value : field.value
        }
        // Keys sorted: the same call always makes the same bytes.
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static let numericFields: Set<String> = ["amount", "mrr", "quantity"]
}
