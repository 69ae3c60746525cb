import Foundation

/// An amount a payload writes as a JSON number in major units (Recurly's API, FastSpring), kept
/// exact (decoded as `Decimal` from the number's digits, never through a Double) and turned into
/// minor units by the currency (`PayloadReader.minorUnits`).
struct MajorAmount: Decodable {
    let value: Decimal

    init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Decimal.self)
    }

    var text: String { value.description }
}
