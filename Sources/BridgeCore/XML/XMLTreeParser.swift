/// Reads XML bytes into an `XMLTree` tree without recursion, so that a hostile payload's
/// depth costs heap, not stack (and is capped). DOCTYPE is refused outright: entity definitions
/// are how XML bombs work, and no provider sends one.
public struct XMLTreeParser {
    public static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0

    public static func parse(_ bytes: [UInt8]) throws(XMLParseError) -> XMLTree {
        var parser = XMLTreeParser(bytes: bytes)
        return try parser.document()
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func document() throws(XMLParseError) -> XMLTree {
        // An open element and the text gathered for it so far.
        var stack: [XMLTree] = []
        var root: XMLTree?
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let text = try readText()
                if stack.isEmpty {
                    guard text.allSatisfy(\.isWhitespace) else { throw fail("text outside the root element") }
                } else {
                    stack[stack.count - 1].text += text
                }
                continue
            }
            if starts(with: "<?") {
                try skip(past: "?>", what: "processing instruction")
            } else if starts(with: "<!--") {
                try skip(past: "-->", what: "comment")
            } else if starts(with: "<![CDATA[") {
                guard !stack.isEmpty else { throw fail("CDATA outside the root element") }
                index += 9
                let start = index
                try skip(past: "]]>", what: "CDATA section")
                stack[stack.count - 1].text += String(decoding: bytes[start..<(index - 3)], as: UTF8.self)
            } else if starts(with: "<!") {
                throw fail("DOCTYPE and other declarations are not accepted")
            } else if starts(with: "</") {
                index += 2
                let name = try readName()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw fail("expected '>' to close </\(name)") }
                index += 1
                guard let open = stack.popLast() else { throw fail("</\(name)> closes nothing") }
                guard open.name == name else { throw fail("</\(name)> closes <\(open.name)>") }
                try attach(open, to: &stack, root: &root)
            } else {
                index += 1
                let (element, selfClosing) = try readStartTag()
                guard root == nil else { throw fail("a second root element <\(element.name)>") }
                if selfClosing {
                    try attach(element, to: &stack, root: &root)
                } else {
                    guard stack.count < Self.maxDepth else { throw fail("elements nested deeper than \(Self.maxDepth)") }
                    stack.append(element)
                }
            }
        }
        guard stack.isEmpty else { throw fail("<\(stack[stack.count - 1].name)> is never closed") }
        guard let root else { throw fail("no root element") }
        return root
    }

    private func attach(_ element: XMLTree, to stack: inout [XMLTree], root: inout XMLTree?) throws(XMLParseError) {
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    private mutating func readStartTag() throws(XMLParseError) -> (XMLTree, selfClosing: Bool) {
        var element = XMLTree(name: try readName())
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw fail("<\(element.name) is never finished") }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                return (element, false)
            }
            if starts(with: "/>") {
                index += 2
                return (element, true)
            }
            let name = try readName()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw fail("attribute \(name) has no value") }
            index += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw fail("attribute \(name)'s value is not quoted")
            }
            let quote = bytes[index]
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != quote { index += 1 }
            guard index < bytes.count else { throw fail("attribute \(name)'s value is never closed") }
            element.attributes[name] = try XMLEntities.decode(bytes[start..<index], offset: start)
            index += 1
        }
    }

    private mutating func readName() throws(XMLParseError) -> String {
        let start = index
        while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
        guard index > start else { throw fail("expected a name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func readText() throws(XMLParseError) -> String {
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
        return try XMLEntities.decode(bytes[start..<index], offset: start)
    }

    private mutating func skip(past terminator: String, what: String) throws(XMLParseError) {
        let end = Array(terminator.utf8)
        while index < bytes.count {
            if bytes[index...].starts(with: end) {
                index += end.count
                return
            }
            index += 1
        }
        throw fail("\(what) is never closed")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func starts(with prefix: String) -> Bool { bytes[index...].starts(with: prefix.utf8) }

    private func fail(_ problem: String) -> XMLParseError { XMLParseError(problem: problem, offset: index) }

    /// Letters, digits, `-`, `_`, `.`, `:` and any non-ASCII byte (names in other scripts).
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), 0x80...:
            true
        default: false
        }
    }
}
