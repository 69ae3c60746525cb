import Foundation

/// Files under `Tests/Fixtures`, found from this source file so `swift test` works from anywhere.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let repository = root.deletingLastPathComponent().deletingLastPathComponent()

    static func bytes(_ provider: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(provider).appendingPathComponent(name)))
    }

    static func json(_ provider: String, _ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(bytes(provider, name)))
    }

    /// Names of `*.expected.json` files, without that suffix.
    static func expectations(_ provider: String) -> [String] {
        let folder = root.appendingPathComponent(provider)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".expected.json") }.map { String($0.dropLast(".expected.json".count)) }.sorted()
    }
}
