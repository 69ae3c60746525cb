import BridgeCore
import Foundation

/// Reads `{mappings}/{provider}.yaml`. A missing folder or file stops the start, naming where it
/// looked: a typo in `BRIDGE_MAPPINGS_DIR` must not silently mean other rules. The built-in
/// defaults are used only when chosen (`BRIDGE_MAPPINGS_DIR=builtin`), and the log says so. A
/// bad file stops the start with the file, line and key named.
public enum MappingRulesLoader {
    /// `BRIDGE_MAPPINGS_DIR=builtin`: every provider on its built-in defaults, no files.
    public static let builtin = "builtin"

    public struct Loaded: Sendable {
        public var rules: MappingRules
        /// The file read, or "built-in defaults".
        public var source: String
    }

    public static func load(_ definition: ProviderDefinition, from directory: String) throws -> Loaded {
        if directory == builtin { return Loaded(rules: definition.schema.defaults, source: "built-in defaults") }
        // Kept as given (relative stays relative), so errors name the file as the operator wrote it.
        let path = directory.hasSuffix("/") ? directory + definition.mappingFileName : "\(directory)/\(definition.mappingFileName)"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw MappingFileError(
                file: directory, line: nil, key: nil,
                problem: "the mappings folder does not exist (looked in \(FileManager.default.currentDirectoryPath)); "
                    + "set BRIDGE_MAPPINGS_DIR to it, or to \(builtin) for the built-in defaults")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw MappingFileError(
                file: path, line: nil, key: nil,
                problem: "\(definition.id) is configured but has no mapping file; copy mappings/\(definition.mappingFileName) "
                    + "from the repository, or set BRIDGE_MAPPINGS_DIR=\(builtin) for the built-in defaults")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw MappingFileError(file: path, line: nil, key: nil, problem: "cannot read: \(error.localizedDescription)")
        }
        return Loaded(rules: try MappingFile(file: path, schema: definition.schema).parse(text), source: path)
    }
}
