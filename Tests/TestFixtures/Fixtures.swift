import Foundation

/// Files under `Tests/Fixtures`, found from this source file so `swift test` works from anywhere.
public enum Fixtures {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    public static let repository = root.deletingLastPathComponent().deletingLastPathComponent()

    public static func bytes(_ provider: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(provider).appendingPathComponent(name)))
    }

    /// A fixture's payload and its file type: `{name}.json`, or `.form` / `.xml` for providers
    /// that post those.
    public static func payload(_ provider: String, _ name: String) throws -> (body: [UInt8], type: String) {
        let folder = root.appendingPathComponent(provider)
        for ext in ["json", "form", "xml"] where exists(provider, "\(name).\(ext)") {
            return (try bytes(provider, "\(name).\(ext)"), ext)
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: folder.appendingPathComponent("\(name).{json,form,xml}").path])
    }

    public static func exists(_ provider: String, _ name: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(provider).appendingPathComponent(name).path)
    }

    /// The content type a provider posts a fixture file of this type with.
    public static func contentType(_ type: String) -> String {
        switch type {
        case "xml": "application/xml; charset=utf-8"
        case "form": "application/x-www-form-urlencoded"
        default: "application/json"
        }
    }

    public static func json(_ provider: String, _ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(bytes(provider, name)))
    }

    /// A Stripe fixture event with fields of its `data.object` set (`NSNull()` for null), and a new
    /// event id when given: a mutant for bad-input tests.
    public static func stripeEvent(_ name: String, id: String? = nil, setting fields: [String: Any]) throws -> [UInt8] {
        guard var event = try json("stripe", "\(name).json") as? [String: Any], var data = event["data"] as? [String: Any],
            var object = data["object"] as? [String: Any]
        else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSDebugDescriptionErrorKey: "\(name) has no data.object"]) }
        object.merge(fields) { $1 }
        data["object"] = object
        event["data"] = data
        if let id { event["id"] = id }
        return Array(try JSONSerialization.data(withJSONObject: event))
    }

    /// Names of `*.expected.json` files, without that suffix.
    public static func expectations(_ provider: String) -> [String] {
        let folder = root.appendingPathComponent(provider)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".expected.json") }.map { String($0.dropLast(".expected.json".count)) }.sorted()
    }
}
