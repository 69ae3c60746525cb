import BridgeService
import Foundation
import Logging
import Synchronization
import Testing

/// One record is one line, whatever a signed payload put in its ids, and log tools can parse it.
@Suite struct LogLineTests {
    static let forged = "evt_1\nlevel=error msg=\"forged\" \"quoted\" back\\slash \u{0}nul tab\there"

    func line(_ metadata: Logger.Metadata, message: String = "stored webhook") -> LogLine {
        LogLine(
            time: "2026-11-26T07:00:00.000Z", level: .info, message: message, source: "BridgeService", metadata: metadata)
    }

    @Test func aLineBreakInAnIdCannotForgeALogfmtLine() throws {
        let text = line(["event.id": "\(Self.forged)", "provider": "stripe"]).rendered(as: .logfmt)
        #expect(!text.contains("\n") && !text.contains("\r") && !text.contains("\u{0}"))
        #expect(text.hasPrefix("time=2026-11-26T07:00:00.000Z level=info msg=\"stored webhook\" source=BridgeService "))
        // Read back as logfmt: the id is one value, whole.
        let fields = try LogfmtReader.parse(text)
        #expect(fields["event.id"] == Self.forged)
        #expect(fields["provider"] == "stripe")
        #expect(fields["level"] == "info")
        #expect(fields.count == 6)
    }

    @Test func jsonLinesParseBackToTheSameValues() throws {
        let text = line(["event.id": "\(Self.forged)", "nested": ["call": "sale in_1"]]).rendered(as: .json)
        #expect(!text.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(object["event.id"] == Self.forged)
        #expect(object["nested.call"] == "sale in_1")
        #expect(object["msg"] == "stored webhook")
    }

    @Test func keysAreBareWords() throws {
        let text = line(["bad key=\"x\"": "1"]).rendered(as: .logfmt)
        #expect(try LogfmtReader.parse(text)["bad_key__x_"] == "1")
    }

    @Test(arguments: [
        ("email=alice%40example.com&uid=cus_1", "email=a***%40example.com&uid=cus_1"),
        ("customer alice.smith+promo@example.co.uk paid", "customer a***@example.co.uk paid"),
        ("a@example.com", "a@example.com"),
        ("no address here, just @mentions and 100%", "no address here, just @mentions and 100%"),
    ])
    func customerEmailsAreMasked(_ text: String, _ masked: String) {
        #expect(LogRedaction.maskEmails(text) == masked)
        #expect(line(["body": "\(text)"], message: text).rendered(as: .json).contains(masked.replacingOccurrences(of: "\"", with: "\\\"")))
    }

    /// The handler as the service installs it: every line written whole, the level honoured.
    @Test func theHandlerWritesOneLineARecord() {
        let lines = Lines()
        var logger = Logger(label: "test") { LineLogHandler(label: $0, format: .logfmt, output: LineOutput { lines.append($0) }) }
        logger.logLevel = .info
        logger.debug("not written")
        logger.info("stored webhook", metadata: ["event.id": "\(Self.forged)"])
        let written = lines.all
        #expect(written.count == 1)
        #expect(written.first.map { !$0.contains("\n") } == true)
        #expect(written.first?.contains("msg=\"stored webhook\"") == true)
    }
}

/// A strict reader of logfmt as log tools read it: bare words, or quoted strings with JSON's escapes.
enum LogfmtReader {
    struct Malformed: Error { var at: Int }

    static func parse(_ line: String) throws -> [String: String] {
        var fields: [String: String] = [:]
        let scalars = Array(line.unicodeScalars)
        var index = 0
        while index < scalars.count {
            var key = ""
            while index < scalars.count, scalars[index] != "=" { key.unicodeScalars.append(scalars[index]); index += 1 }
            guard index < scalars.count else { throw Malformed(at: index) }
            index += 1
            var value = ""
            if index < scalars.count, scalars[index] == "\"" {
                index += 1
                while true {
                    guard index < scalars.count else { throw Malformed(at: index) }
                    let scalar = scalars[index]
                    index += 1
                    if scalar == "\"" { break }
                    if scalar == "\\" {
                        guard index < scalars.count else { throw Malformed(at: index) }
                        let escape = scalars[index]
                        index += 1
                        switch escape {
                        case "n": value += "\n"
                        case "r": value += "\r"
                        case "t": value += "\t"
                        case "u":
                            let hex = String(String.UnicodeScalarView(scalars[index..<index + 4]))
                            guard let code = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(code) else { throw Malformed(at: index) }
                            value.unicodeScalars.append(decoded)
                            index += 4
                        default: value.unicodeScalars.append(escape)
                        }
                    } else {
                        value.unicodeScalars.append(scalar)
                    }
                }
            } else {
                while index < scalars.count, scalars[index] != " " { value.unicodeScalars.append(scalars[index]); index += 1 }
            }
            guard fields[key] == nil, !key.contains(" ") else { throw Malformed(at: index) }
            fields[key] = value
            if index < scalars.count {
                guard scalars[index] == " " else { throw Malformed(at: index) }
                index += 1
            }
        }
        return fields
    }
}

final class Lines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
