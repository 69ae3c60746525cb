import BridgeCore
import Foundation

/// Reads `{mappings}/{provider}.yaml`. A missing file means the defaults; a bad one stops the
/// start with the file, line and key named.
public enum MappingRulesLoader {
    public static func load(_ definition: ProviderDefinition, from directory: String) throws -> MappingRules {
        // Kept as given (relative stays relative), so errors name the file as the operator wrote it.
        let path = directory.hasSuffix("/") ? directory + definition.mappingFileName : "\(directory)/\(definition.mappingFileName)"
        guard FileManager.default.fileExists(atPath: path) else { return definition.schema.defaults }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw MappingFileError(file: path, line: nil, key: nil, problem: "cannot read: \(error.localizedDescription)")
        }
        return try MappingFile(file: path, schema: definition.schema).parse(text)
    }
}
