/// Reads a few fields of a JSON document without decoding the rest: what the receiver needs of a
/// body before it stores it (an event's id and type). The whole document is still checked to be
/// JSON, byte by byte, but nothing else is built. Foundation's decoder builds a map of every
/// value first, which cost as much as the signature check.
///
/// A fast path only: it answers nil whenever the document is not plainly what it expects (an
/// escape in a wanted string, a key given twice, a number that is not a plain integer), and the
/// caller then decodes the usual way, which gives the usual answer and error.
///
/// One pass: the members wanted inside a member (`Wanted.inside`) are read on the way, so that a
/// nested field costs no second scan of its object.
struct JSONFieldScanner {
    /// A value of a wanted field: a string without escapes, a plain integer, a boolean, null, an
    /// object with the members wanted inside it, or an array whose elements are wanted.
    enum Value: Equatable {
        case string(String)
        case integer(Int)
        case bool(Bool)
        case null
        case object([String: Value])
        case array([Value])
        case other
    }

    /// The members to read of an object, and inside which of them (objects) to read further; for
    /// an array, what to read of each element.
    struct Wanted: ExpressibleByArrayLiteral {
        let names: Set<String>
        let inside: [String: Wanted]
        /// Every member, whatever its name (a map such as `metadata`).
        let everyMember: Bool
        /// At most one: what each element of an array is read as (a struct cannot hold itself).
        private let elementsWanted: [Wanted]
        /// The names' bytes, which a member's name is compared with before any string is made of
        /// it: most members are not wanted, and a string and a hash each cost more than the scan.
        let nameBytes: [(name: String, bytes: [UInt8])]

        init(_ names: Set<String>, inside: [String: Wanted] = [:]) {
            self.init(names, inside: inside, everyMember: false, elements: nil)
        }

        private init(_ names: Set<String>, inside: [String: Wanted], everyMember: Bool, elements: Wanted?) {
            self.names = names.union(inside.keys)
            self.inside = inside
            self.everyMember = everyMember
            elementsWanted = elements.map { [$0] } ?? []
            nameBytes = self.names.map { ($0, Array($0.utf8)) }
        }

        /// An array, each element read as `element` says (an element that is a string or a number
        /// is read as it is).
        static func elements(_ element: Wanted) -> Wanted {
            Wanted([], inside: [:], everyMember: false, elements: element)
        }

        /// An object read whole: every member, objects in it only noted (`.object([:])`).
        static let wholeObject = Wanted([], inside: [:], everyMember: true, elements: nil)

        var elements: Wanted? { elementsWanted.first }

        /// The wanted name these bytes spell, if any.
        func name(spelledBy key: UnsafeBufferPointer<UInt8>) -> String? {
            nameBytes.first { $0.bytes.count == key.count && $0.bytes.elementsEqual(key) }?.name
        }

        init(arrayLiteral names: String...) {
            self.init(Set(names))
        }
    }

    // Valid only inside `topLevel`'s `withUnsafeBufferPointer`: the scanner never outlives it.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Nesting allowed before the scan gives up (the decoder then answers).
    private static let maxDepth = 512

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The wanted members of the document's top-level object, after checking the whole document.
    static func topLevel(_ bytes: [UInt8], wanted: Wanted) -> [String: Value]? {
        bytes.withUnsafeBufferPointer { buffer in
            guard isUTF8(buffer) else { return nil }
            var scanner = JSONFieldScanner(buffer)
            guard let fields = scanner.object(wanted: wanted, depth: 0) else { return nil }
            scanner.skipSpace()
            return scanner.index == buffer.count ? fields : nil
        }
    }

    /// Checked once for the whole document, without building a string: eight bytes at a time
    /// while they are ASCII (most of any payload), a sequence at a time (RFC 3629's table) where
    /// they are not.
    private static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var at = 0
        while at < bytes.count {
            if bytes.count - at >= 8, raw.loadUnaligned(fromByteOffset: at, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                at += 8
                continue
            }
            let lead = bytes[at]
            if lead < 0x80 {
                at += 1
                continue
            }
            // The second byte's range depends on the first (no overlong forms, no surrogates,
            // nothing past U+10FFFF); the others are plain continuation bytes.
            let length: Int
            let second: ClosedRange<UInt8>
            switch lead {
            case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
            case 0xE0: (length, second) = (3, 0xA0...0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
            case 0xED: (length, second) = (3, 0x80...0x9F)
            case 0xF0: (length, second) = (4, 0x90...0xBF)
            case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
            case 0xF4: (length, second) = (4, 0x80...0x8F)
            default: return false
            }
            guard bytes.count - at >= length, second.contains(bytes[at + 1]) else { return false }
            for offset in 2..<length where bytes[at + offset] & 0xC0 != 0x80 { return false }
            at += length
        }
        return true
    }

    private mutating func object(wanted: Wanted, depth: Int) -> [String: Value]? {
        skipSpace()
        guard depth < Self.maxDepth, peek() == UInt8(ascii: "{") else { return nil }
        var fields: [String: Value] = [:]
        // Sized once: a dictionary grown one member at a time is allocated again at each doubling.
        fields.reserveCapacity(wanted.names.count)
        let read = list(closing: UInt8(ascii: "}")) { scanner in
            guard let keyBytes = scanner.plainStringBytes(), scanner.colon() else { return false }
            let name = wanted.everyMember ? String(decoding: keyBytes, as: UTF8.self) : wanted.name(spelledBy: keyBytes)
            guard let key = name else { return scanner.skipValue(depth: depth + 1) }
            guard fields[key] == nil, let value = scanner.wantedValue(inside: wanted.inside[key], depth: depth) else {
                return false
            }
            fields[key] = value
            return true
        }
        return read ? fields : nil
    }

    private mutating func array(of element: Wanted, depth: Int) -> [Value]? {
        guard depth < Self.maxDepth else { return nil }
        var items: [Value] = []
        let read = list(closing: UInt8(ascii: "]")) { scanner in
            guard let item = scanner.wantedValue(inside: element, depth: depth) else { return false }
            items.append(item)
            return true
        }
        return read ? items : nil
    }

    /// From an opening bracket to its `closing` one: `item`s between commas, or none.
    private mutating func list(closing: UInt8, _ item: (inout JSONFieldScanner) -> Bool) -> Bool {
        index += 1
        skipSpace()
        if peek() == closing {
            index += 1
            return true
        }
        while true {
            skipSpace()
            guard item(&self) else { return false }
            skipSpace()
            switch next() {
            case UInt8(ascii: ","): continue
            case closing: return true
            default: return false
            }
        }
    }

    /// The `:` after a member's name, with the spaces around it.
    private mutating func colon() -> Bool {
        skipSpace()
        guard next() == UInt8(ascii: ":") else { return false }
        skipSpace()
        return true
    }

    private mutating func wantedValue(inside: Wanted?, depth: Int) -> Value? {
        let start = index
        guard let first = peek() else { return nil }
        switch first {
        case UInt8(ascii: "\""):
            return plainString().map(Value.string)
        case UInt8(ascii: "{"):
            guard let inside else { return skipValue(depth: depth + 1) ? .object([:]) : nil }
            return object(wanted: inside, depth: depth + 1).map(Value.object)
        case UInt8(ascii: "["):
            guard let elements = inside?.elements else { return skipValue(depth: depth + 1) ? .other : nil }
            return array(of: elements, depth: depth + 1).map(Value.array)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard skipValue(depth: depth + 1) else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            // A plain integer only: a fraction or an exponent goes the decoder's way.
            return Int(text).map(Value.integer) ?? .other
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        default:
            guard skipValue(depth: depth + 1) else { return nil }
            return .other
        }
    }

    /// A string without escapes (nil for one with any: the decoder reads those).
    private mutating func plainString() -> String? {
        plainStringBytes().map { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes between the quotes of a string without escapes.
    private mutating func plainStringBytes() -> UnsafeBufferPointer<UInt8>? {
        guard next() == UInt8(ascii: "\"") else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    /// Skips one value, checking it is JSON as RFC 8259 writes it.
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth < Self.maxDepth else { return false }
        skipSpace()
        guard let first = peek() else { return false }
        switch first {
        case UInt8(ascii: "{"):
            return list(closing: UInt8(ascii: "}")) { scanner in
                guard scanner.skipString(), scanner.colon() else { return false }
                return scanner.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            return list(closing: UInt8(ascii: "]")) { $0.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            return skipString()
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default:
            return skipNumber()
        }
    }

    private mutating func skipString() -> Bool {
        guard next() == UInt8(ascii: "\"") else { return false }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return true
            case UInt8(ascii: "\\"):
                index += 1
                guard let escaped = next() else { return false }
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    continue
                case UInt8(ascii: "u"):
                    var unit: UInt32 = 0
                    for _ in 0..<4 {
                        guard let hex = next(), let digit = hex.hexValue else { return false }
                        unit = unit << 4 | digit
                    }
                    // Surrogates are the decoder's to pair or refuse.
                    if (0xD800...0xDFFF).contains(unit) { return false }
                default: return false
                }
            case 0..<0x20:
                return false
            default:
                index += 1
            }
        }
        return false
    }

    private mutating func skipNumber() -> Bool {
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = next(), first.isDigit else { return false }
        if first != UInt8(ascii: "0") { while peek()?.isDigit == true { index += 1 } }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard next()?.isDigit == true else { return false }
            while peek()?.isDigit == true { index += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard next()?.isDigit == true else { return false }
            while peek()?.isDigit == true { index += 1 }
        }
        return true
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        let matches = word.withUTF8Buffer { expected in bytes[index..<(index + count)].elementsEqual(expected) }
        index += count
        return matches
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    fileprivate var hexValue: UInt32? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(self - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(self - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(self - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
