/// An amount of a declared mapping: a value in minor units (an integer) or major units (decimal
/// text or number, made exact minor units by the currency), less any amounts to subtract (tax).
/// Every part is required unless the file marks it optional, which says "absent means zero".
public struct DeclaredAmount: Sendable, Equatable {
    public enum Unit: String, Sendable, Equatable, CaseIterable { case minor, major }

    public var value: DeclaredValue
    public var unit: Unit
    public var minus: [DeclaredValue]

    public init(value: DeclaredValue, unit: Unit = .minor, minus: [DeclaredValue] = []) {
        self.value = value
        self.unit = unit
        self.minus = minus
    }

    /// Minor units of `currency`; nil only when the value is optional and absent.
    public func minorUnits(_ payload: DeclaredPayload, currency: String?) throws -> Int? {
        guard var amount = try read(value, payload, currency: currency) else { return nil }
        for part in minus {
            let subtracted = try read(part, payload, currency: currency) ?? 0  // optional in the file: absent means zero
            guard let difference = MinorUnits.difference(amount, subtracted) else {
                throw PayloadError("\(payload.what): \(value.key) minus \(part.whereLooked) does not fit")
            }
            amount = difference
        }
        return amount
    }

    func read(_ value: DeclaredValue, _ payload: DeclaredPayload, currency: String?) throws -> Int? {
        switch unit {
        case .minor: return try value.integer(payload)
        case .major:
            guard let text = try value.text(payload) else { return nil }
            guard let currency else { throw PayloadError("\(payload.what): \(value.key) is in major units, and the event has no currency") }
            do {
                return try MajorUnits.minorUnits(text, currency: currency)
            } catch {
                throw PayloadError("\(payload.what): \(value.whereLooked) '\(text.prefix(40))': \(error) (\(value.key))")
            }
        }
    }
}
