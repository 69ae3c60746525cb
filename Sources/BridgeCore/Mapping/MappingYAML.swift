import Yams

/// Reading a mapping file's YAML strictly, written once for the provider rules (`MappingFile`)
/// and declared providers (`DeclaredProviderFile`): every error names the file, line and key.
struct MappingYAML {
    let file: String

    func compose(_ text: String) throws(MappingFileError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch {
            throw MappingFileError(file: file, line: nil, key: nil, problem: "not valid YAML: \(error)")
        }
    }

    func mapping(_ node: Node, key: String?, allowed: [String]) throws(MappingFileError) -> [(String, Node)] {
        guard let entries = node.mapping else {
            throw error(at: node, key: key, "expected a table of keys, found a \(shape(node))")
        }
        var result: [(String, Node)] = []
        for (keyNode, value) in entries {
            let name = keyNode.scalar?.string ?? ""
            let path = key.map { "\($0).\(name)" } ?? name
            guard allowed.contains(name) else {
                throw error(at: keyNode, key: path, "unknown key; expected one of: \(allowed.joined(separator: ", "))")
            }
            result.append((name, value))
        }
        return result
    }

    func rule<Rule: RawRepresentable & CaseIterable>(_ node: Node, key: String) throws(MappingFileError) -> Rule
    where Rule.RawValue == String {
        let raw = try choice(node, key: key, among: Rule.allCases.map(\.rawValue))
        return Rule(rawValue: raw)!
    }

    func choice(_ node: Node, key: String, among choices: [String]) throws(MappingFileError) -> String {
        guard let value = node.scalar?.string, choices.contains(value) else {
            let found = node.scalar.map { "'\($0.string)'" } ?? "a \(shape(node))"
            throw error(at: node, key: key, "\(found) is not one of: \(choices.joined(separator: ", "))")
        }
        return value
    }

    /// Whole seconds from 0 to a week: longer holds would keep payments from FirstPromoter for days.
    func seconds(_ node: Node, key: String) throws(MappingFileError) -> Int {
        guard let text = node.scalar?.string, let value = Int(text), (0...604_800).contains(value) else {
            let found = node.scalar.map { "'\($0.string)'" } ?? "a \(shape(node))"
            throw error(at: node, key: key, "\(found) is not a whole number of seconds from 0 to 604800")
        }
        return value
    }

    func optionalString(_ node: Node, key: String) throws(MappingFileError) -> String? {
        if node.null != nil { return nil }
        guard let value = node.scalar?.string, !value.isEmpty else {
            throw error(at: node, key: key, "expected a metadata key or null")
        }
        return value
    }

    func shape(_ node: Node) -> String {
        switch node {
        case .scalar: "value"
        case .mapping: "table"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    func error(at node: Node, key: String?, _ problem: String) -> MappingFileError {
        MappingFileError(file: file, line: node.mark?.line, key: key, problem: problem)
    }
}
