import Foundation

/// One element of a provider's XML payload (Braintree's notifications, Recurly's legacy ones):
/// its name, attributes, child elements and text. Read by `XMLTreeParser.parse`, a small reader for
/// the XML that billing providers send: no DTDs, no entity definitions, no namespaces to resolve.
public struct XMLTree: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLTree]
    /// The element's own text (CDATA included), whitespace kept.
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLTree] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child of that name, with `-` and `_` taken as the same (Braintree's server
    /// sends dashed names, its SDK samples underscored ones).
    public func child(_ name: String) -> XMLTree? {
        let wanted = XMLTree.normalized(name)
        return children.first { XMLTree.normalized($0.name) == wanted }
    }

    static func normalized(_ name: String) -> String { name.replacingOccurrences(of: "-", with: "_") }
}

/// Why a payload is not XML the bridge reads, with the byte offset where reading stopped.
public struct XMLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problem: String
    public var offset: Int
    public var description: String { "XML: \(problem) at byte \(offset)" }
}
