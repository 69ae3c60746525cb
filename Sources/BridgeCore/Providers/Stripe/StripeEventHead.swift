/// What the mapper reads of an event before it knows which object to decode: its type, whether it
/// is live, and which object it names. Scanned (`JSONFieldScanner`), so that the event is decoded
/// once, as its type's object, rather than twice; anything unusual goes to the decoder, which
/// gives the same head or names what is wrong (the fuzzer and the tests compare them).
public struct StripeEventHead: Equatable, Sendable {
    public let type: String
    public let livemode: Bool?
    /// `invoice in_123`, or nil when the object has no id.
    public let objectName: String?

    public static func of(_ body: [UInt8]) throws -> StripeEventHead {
        if let head = scanned(body) { return head }
        return try decoded(body)
    }

    public static func decoded(_ body: [UInt8]) throws -> StripeEventHead {
        let event = try StripeMapper.reader.decode(StripeEvent<StripeAnyObject>.self, from: body)
        return StripeEventHead(type: event.type, livemode: event.livemode, objectName: event.data.object.name)
    }

    /// Nil unless every field `StripeEvent<StripeAnyObject>` decodes is plainly what it expects.
    public static func scanned(_ body: [UInt8]) -> StripeEventHead? {
        JSONFieldScanner.topLevel(body, wanted: wanted).flatMap(scanned(top:))
    }

    /// From a scan that read at least `wanted` (the invoice's scan reads more, in the same pass).
    static func scanned(top: [String: JSONFieldScanner.Value]) -> StripeEventHead? {
        guard case .string? = top["id"], case .string(let type)? = top["type"],
            optionalString(top["api_version"]),
            case .object(let data)? = top["data"],
            case .object(let object)? = data["object"],
            optionalString(object["id"]), optionalString(object["object"])
        else { return nil }
        let livemode: Bool?
        switch top["livemode"] {
        case nil, .null?: livemode = nil
        case .bool(let value)?: livemode = value
        default: return nil
        }
        // Strictly, as the decoder reads `created` here: out of range is its error to give.
        switch top["created"] {
        case nil, .null?: break
        case .integer(let seconds)?:
            do { _ = try PayloadTime(unixSeconds: seconds, field: "created") } catch { return nil }
        default: return nil
        }
        switch data["previous_attributes"] {
        case nil, .null?: break
        case .object(let previous)?:
            switch previous["amount_refunded"] {
            case nil, .null?, .integer?: break
            default: return nil
            }
        default: return nil
        }
        let name: String?
        if case .string(let id)? = object["id"] {
            if case .string(let kind)? = object["object"] { name = "\(kind) \(id)" } else { name = "object \(id)" }
        } else {
            name = nil
        }
        return StripeEventHead(type: type, livemode: livemode, objectName: name)
    }

    static let wanted = JSONFieldScanner.Wanted(
        ["id", "type", "created", "livemode", "api_version"],
        inside: ["data": StripeMapper.scannedData])

    /// Absent, null or a plain string: what an optional string decodes from.
    private static func optionalString(_ value: JSONFieldScanner.Value?) -> Bool {
        switch value {
        case nil, .null?, .string?: true
        default: false
        }
    }
}
