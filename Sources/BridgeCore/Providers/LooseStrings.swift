/// A JSON object of which only the string and integer values are kept: a merchant's own custom
/// data (Paddle's `custom_data`, Lemon Squeezy's `meta.custom_data`, Braintree's custom fields), of any shape.
struct LooseStrings: Decodable {
    let values: [String: String]

    init(from decoder: any Decoder) throws {
        // An empty XML element (`<custom-fields></custom-fields>`) reads as "": no fields.
        if let text = try? decoder.singleValueContainer().decode(String.self), text.isEmpty {
            values = [:]
            return
        }
        // An empty JSON array is how PHP writes an empty map (Razorpay's `notes: []`): no fields.
        if let list = try? decoder.unkeyedContainer(), list.count == 0 {
            values = [:]
            return
        }
        let container = try decoder.container(keyedBy: Key.self)
        var values: [String: String] = [:]
        for key in container.allKeys {
            if let text = try? container.decode(String.self, forKey: key) {
                values[key.stringValue] = text
            } else if let number = try? container.decode(Int.self, forKey: key) {
                values[key.stringValue] = String(number)
            }
        }
        self.values = values
    }

    struct Key: CodingKey {
        let stringValue: String
        let intValue: Int? = nil
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
