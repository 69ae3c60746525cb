import BridgeCore
import Foundation

/// Finds the providers declared in `{mappings}/custom/*.yaml`, in name order. A file that does
/// not read, declares a built-in provider's name, or is spelled `.yml` stops the start naming it:
/// a provider the operator declared must never be silently left out. No `custom` folder (or
/// `BRIDGE_MAPPINGS_DIR=builtin`) means none.
public enum DeclaredProviderLoader {
    public static func load(from directory: String) throws(MappingFileError) -> [ProviderDefinition] {
        guard directory != MappingRulesLoader.builtin else { return [] }
        let folder = directory.hasSuffix("/") ? directory + "custom" : "\(directory)/custom"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw MappingFileError(file: folder, line: nil, key: nil, problem: "cannot list: \(error.localizedDescription)")
        }
        var definitions: [ProviderDefinition] = []
        for name in names where !name.hasPrefix(".") {
            let path = "\(folder)/\(name)"
            if name.hasSuffix(".yml") {
                throw MappingFileError(file: path, line: nil, key: nil, problem: "name it .yaml: only .yaml files declare providers")
            }
            guard name.hasSuffix(".yaml") else { continue }
            let id = String(name.dropLast(".yaml".count))
            if ProviderRegistry.definition(for: ProviderID(rawValue: id)) != nil {
                throw MappingFileError(
                    file: path, line: nil, key: nil,
                    problem: "\(id) is a built-in provider; its rules are in mappings/\(id).yaml. Name a declared provider otherwise")
            }
            definitions.append(try read(path, name: id, kind: .custom))
        }
        return definitions
    }

    /// The Standard Webhooks endpoints `STANDARD_WEBHOOKS_ENDPOINTS` names, each mapped by
    /// `{mappings}/standard/{name}.yaml`, which must exist: an endpoint with no rules would store
    /// events it cannot map. `taken`: names already in use (built-in and declared providers).
    public static func loadStandard(_ names: [String], from directory: String, taken: [ProviderID]) throws(MappingFileError) -> [ProviderDefinition] {
        var definitions: [ProviderDefinition] = []
        for name in names {
            let path = (directory.hasSuffix("/") ? directory : directory + "/") + "standard/\(name).yaml"
            guard DeclaredProviderFile.isValidName(name) else {
                throw MappingFileError(file: path, line: nil, key: nil, problem: "'\(name)' is not an endpoint name: use a-z, 0-9 and -")
            }
            if taken.contains(ProviderID(rawValue: name)) || definitions.contains(where: { $0.id.rawValue == name }) {
                throw MappingFileError(
                    file: path, line: nil, key: nil,
                    problem: "\(name) is already a provider's name here, and its variables would be the same: name the endpoint otherwise")
            }
            guard directory != MappingRulesLoader.builtin else {
                throw MappingFileError(file: path, line: nil, key: nil, problem: "a Standard Webhooks endpoint needs its mapping file; BRIDGE_MAPPINGS_DIR is builtin")
            }
            definitions.append(try read(path, name: name, kind: .standardWebhooks))
        }
        return definitions
    }

    static func read(_ path: String, name: String, kind: DeclaredProviderFile.Kind) throws(MappingFileError) -> ProviderDefinition {
        guard FileManager.default.fileExists(atPath: path) else {
            throw MappingFileError(
                file: path, line: nil, key: nil,
                problem: "does not exist; a Standard Webhooks endpoint needs its mapping file: start from mappings/standard/example.yaml")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw MappingFileError(file: path, line: nil, key: nil, problem: "cannot read: \(error.localizedDescription)")
        }
        var file = DeclaredProviderFile(name: name, file: path, kind: kind)
        return try file.parse(text).definition
    }
}
