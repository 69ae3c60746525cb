/// The byte ranges of the elements of one array member of a JSON object (`{"events": [ … ]}`),
/// so that each event of a batch is stored with its own bytes, exactly as the provider wrote
/// them: decoding and encoding again would rewrite its numbers, and money with them.
///
/// Only the structure is followed here (strings, brackets, depth); each slice is then decoded by
/// the mapper, which checks it is JSON. Anything that is not an object holding that array is an
/// error naming what was expected.
enum JSONArraySlices {
    /// Deeper than any provider's payload.
    static let maxDepth = 64

    static func elements(of member: String, in bytes: [UInt8]) throws(PayloadError) -> [Range<Int>] {
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "{")) else { throw PayloadError("the body is not a JSON object") }
        var found: [Range<Int>]?
        scanner.skipSpace()
        if !scanner.take(UInt8(ascii: "}")) {
            repeat {
                scanner.skipSpace()
                guard let key = scanner.string() else { throw PayloadError("the body is not JSON: a member name is not a string") }
                scanner.skipSpace()
                guard scanner.take(UInt8(ascii: ":")) else { throw PayloadError("the body is not JSON: ':' is missing") }
                scanner.skipSpace()
                if key.elementsEqual(member.utf8), found == nil {
                    found = try scanner.arrayElements(member: member)
                } else {
                    guard scanner.skipValue(depth: 1) else { throw PayloadError("the body is not JSON") }
                }
                scanner.skipSpace()
            } while scanner.take(UInt8(ascii: ","))
            guard scanner.take(UInt8(ascii: "}")) else { throw PayloadError("the body is not JSON: '}' is missing") }
        }
        guard let found else { throw PayloadError("the body has no \(member) list") }
        return found
    }

    /// The byte range of one member's value in a JSON object (`{"event": {…}}` → the event),
    /// relative to `bytes`' start; an error naming the member when the object has none.
    static func member(_ member: String, in bytes: [UInt8]) throws(PayloadError) -> Range<Int> {
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "{")) else { throw PayloadError("not a JSON object") }
        scanner.skipSpace()
        if !scanner.take(UInt8(ascii: "}")) {
            repeat {
                scanner.skipSpace()
                guard let key = scanner.string() else { throw PayloadError("not JSON: a member name is not a string") }
                scanner.skipSpace()
                guard scanner.take(UInt8(ascii: ":")) else { throw PayloadError("not JSON: ':' is missing") }
                scanner.skipSpace()
                let start = scanner.index
                guard scanner.skipValue(depth: 1) else { throw PayloadError("not JSON") }
                if key.elementsEqual(member.utf8) { return start..<scanner.index }
                scanner.skipSpace()
            } while scanner.take(UInt8(ascii: ","))
        }
        throw PayloadError("no \(member) in the object")
    }

    struct Scanner {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A string's raw bytes between its quotes (escapes left as written).
        mutating func string() -> ArraySlice<UInt8>? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return bytes[start..<(index - 1)]
                case UInt8(ascii: "\\"): index += 2
                default: index += 1
                }
            }
            return nil
        }

        mutating func arrayElements(member: String) throws(PayloadError) -> [Range<Int>] {
            guard take(UInt8(ascii: "[")) else { throw PayloadError("\(member) is not a list") }
            var ranges: [Range<Int>] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return ranges }
            repeat {
                skipSpace()
                let start = index
                guard skipValue(depth: 2) else { throw PayloadError("\(member)[\(ranges.count)] is not JSON") }
                ranges.append(start..<index)
                skipSpace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "]")) else { throw PayloadError("\(member) is not JSON: ']' is missing") }
            return ranges
        }

        /// Skips a value: a string, an object or array (to its closing bracket), or a literal or
        /// number (to the next delimiter).
        mutating func skipValue(depth: Int) -> Bool {
            guard depth <= JSONArraySlices.maxDepth, index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let closing = bytes[index] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                while true {
                    skipSpace()
                    guard index < bytes.count else { return false }
                    switch bytes[index] {
                    case closing:
                        index += 1
                        return true
                    case UInt8(ascii: ","), UInt8(ascii: ":"): index += 1
                    default: guard skipValue(depth: depth + 1) else { return false }
                    }
                }
            default:
                let start = index
                while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                    index += 1
                }
                return index > start
            }
        }
    }
}
