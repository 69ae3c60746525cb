/// Where a field is in a declared provider's payload: `data.customer.email`, `items[0].price.id`.
/// In a form body a path is a field's whole name (`payload[subscription][id]` is one field).
public struct PayloadPath: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public let segments: [Segment]
    public let description: String

    /// A form field's name, taken whole.
    public init(field: String) {
        segments = [.key(field)]
        description = field
    }

    /// Dot-separated keys, each optionally followed by `[n]` indexes. Nil for an empty key, an
    /// index that is not a small whole number, or an unclosed bracket.
    public init?(_ text: String) {
        var segments: [Segment] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let key = rest.prefix { $0 != "[" }
            guard !key.isEmpty else { return nil }
            segments.append(.key(String(key)))
            rest = rest.dropFirst(key.count)
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
                let digits = rest[rest.index(after: rest.startIndex)..<close]
                guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let index = Int(digits) else {
                    return nil
                }
                segments.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        self.segments = segments
        description = text
    }
}
