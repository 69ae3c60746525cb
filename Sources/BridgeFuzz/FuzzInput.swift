import BridgeCore
import Foundation

/// One fuzz input, as text so that seeds read like the webhooks they come from:
///
///     stripe                          the provider (unknown: chosen by the line's length)
///     Stripe-Signature: t=…,v1=…      headers, one a line; X-Fuzz-Now (Unix seconds) and
///     X-Fuzz-Credential-NAME: value   X-Fuzz-Credential-* set the clock and the provider's credentials
///                                     an empty line
///     {"id":"evt_…", …}               the body
///     --fetched /invoices/number-1001 then any API documents, each after its path
///     {"object":"invoice", …}
struct FuzzInput {
    var provider: ProviderDefinition
    var headers: [(name: String, value: String)] = []
    var credentials = ProviderCredentials()
    var now = 0
    var body: [UInt8] = []
    var fetched: [String: [UInt8]] = [:]

    static let fetchedMarker = Array("\n--fetched ".utf8)

    /// The built-in providers, and the declared ones the repository ships (`mappings/custom/`,
    /// and `mappings/standard/example.yaml` as provider `example`): their paths and conversions are
    /// fuzzed too. A shipped file that does not read stops the fuzzer, saying which.
    static let providers: [ProviderDefinition] = {
        let mappings = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../mappings").standardized
        var declared: [(file: URL, kind: DeclaredProviderFile.Kind)] = [(mappings.appendingPathComponent("standard/example.yaml"), .standardWebhooks)]
        let custom = mappings.appendingPathComponent("custom")
        do {
            for name in try FileManager.default.contentsOfDirectory(atPath: custom.path).sorted() where name.hasSuffix(".yaml") {
                declared.append((custom.appendingPathComponent(name), .custom))
            }
            return ProviderRegistry.all + (try declared.map { file, kind in
                var parser = DeclaredProviderFile(name: file.deletingPathExtension().lastPathComponent, file: file.path, kind: kind)
                return try parser.parse(String(contentsOf: file, encoding: .utf8)).definition
            })
        } catch {
            fatalError("bridge-fuzz: cannot read the shipped declared providers: \(error)")
        }
    }()

    init(_ bytes: [UInt8]) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(decoding: lines.first ?? [], as: UTF8.self)
        provider = Self.providers.first { $0.id.rawValue == name } ?? Self.providers[name.utf8.count % Self.providers.count]
        var rest = lines.count > 1 ? lines.removeLast() : []
        // Headers until the first empty line.
        while let end = rest.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: rest[rest.startIndex..<end], as: UTF8.self)
            rest = rest[(end + 1)...]
            if line.isEmpty { break }
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let (key, value) = (String(pair[0]), pair[1].drop { $0 == " " })
            if key == "X-Fuzz-Now" {
                now = Int(value) ?? 0
            } else if key.hasPrefix("X-Fuzz-Credential-") {
                let credential = String(key.dropFirst("X-Fuzz-Credential-".count))
                if let seconds = Int(value), credential.hasSuffix("SECONDS") {
                    credentials.seconds[credential] = seconds
                } else {
                    credentials.values[credential, default: []].append(String(value))
                }
            } else {
                headers.append((key, String(value)))
            }
        }
        // The body, then each fetched document after its path.
        let parts = Self.split(Array(rest))
        body = parts.first ?? []
        for part in parts.dropFirst() {
            let pathAndDocument = part.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false)
            fetched[String(decoding: pathAndDocument[0], as: UTF8.self)] = pathAndDocument.count > 1 ? Array(pathAndDocument[1]) : []
        }
    }

    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = 0
        var index = 0
        while index + fetchedMarker.count <= bytes.count {
            if bytes[index..<(index + fetchedMarker.count)].elementsEqual(fetchedMarker) {
                parts.append(Array(bytes[start..<index]))
                index += fetchedMarker.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(Array(bytes[start...]))
        return parts
    }
}
