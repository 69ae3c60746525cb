import Foundation
import TestFixtures
import Testing

/// Every number in a payload is untrusted: a bare `+`, `-` or `*` on one can trap, and a trap is
/// an outage. This lint reads the pure path's sources (providers, mappers, the resolver, money,
/// times) and finds every arithmetic operator outside text; each must be in the list below with
/// why it cannot overflow. A new one fails here, naming the line: use `MinorUnits` (sum,
/// difference, product, scale), `PayloadTime`, or say why it is bounded.
@Suite struct CheckedArithmeticLintTests {
    static let folders = ["Providers", "Delivery", "Money", "Actions", "Time", "Mapping", "Declared", "Backfill"]

    /// file name → the line as written (trimmed) → why it cannot overflow.
    static let reviewed: [String: [String: String]] = [
        "FormBody.swift": [
            "count += 1": "counts `&` bytes of a body of at most 64 MiB",
            "index += 1": "an index within the body",
            "index += 3": "an index within the body, after checking two more bytes are there",
            "guard bytes.endIndex - index > 2, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {":
                "indices within the body",
        ],
        "JSONFieldScanner.swift": [
            "index += 1": "an index within the body, moved only while bytes remain",
            "defer { index += 1 }": "an index within the body, after a byte was read",
            "while peek()?.isDigit == true { index += 1 }": "an index within the body, after a byte was seen",
            "index += count": "a literal's length, after checking that many bytes remain",
            "guard bytes.count - index >= count else { return false }": "index is at most bytes.count",
            "let matches = word.withUTF8Buffer { expected in bytes[index..<(index + count)].elementsEqual(expected) }":
                "within the body, checked on the line before",
            "guard skipValue(depth: depth + 1) else { return nil }": "depth stops at 512",
            "guard let key = name else { return scanner.skipValue(depth: depth + 1) }": "depth stops at 512",
            "guard let elements = inside?.elements else { return skipValue(depth: depth + 1) ? .other : nil }": "depth stops at 512",
            "return array(of: elements, depth: depth + 1).map(Value.array)": "depth stops at 512",
            "guard let inside else { return skipValue(depth: depth + 1) ? .object([:]) : nil }": "depth stops at 512",
            "return object(wanted: inside, depth: depth + 1).map(Value.object)": "depth stops at 512",
            "if bytes.count - at >= 8, raw.loadUnaligned(fromByteOffset: at, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {":
                "at is below bytes.count",
            "at += 8": "an offset within the body, after checking eight more bytes are there",
            "at += 1": "an offset below the body's length",
            "guard bytes.count - at >= length, second.contains(bytes[at + 1]) else { return false }":
                "at is below bytes.count; at + 1 within the body once length (at least 2) bytes remain",
            "for offset in 2..<length where bytes[at + offset] & 0xC0 != 0x80 { return false }":
                "within the body, checked on the line before",
            "at += length": "an offset within the body, after checking that many bytes remain",
            "return scanner.skipValue(depth: depth + 1)": "depth stops at 512",
        ],
        "JSONArraySlices.swift": [
            "while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }": "an index within the body",
            "index += 1": "an index within the body, moved only while bytes remain",
            "default: index += 1": "an index within the body, moved only while bytes remain",
            "return bytes[start..<(index - 1)]": "after the closing quote, so index - 1 is at least start",
            "default: guard skipValue(depth: depth + 1) else { return false }": "depth stops at 64",
        ],
        "MappingFile.swift": ["let top = try yaml.mapping(root, key: nil, allowed: Self.ruleKeys + otherKeys)": "lists of key names"],
        "DeclaredTestWebhook.swift": [
            "let timestamp = String(signed.millisecondTimestamps ? seconds * 1000 : seconds)": "the clock, not a payload",
            "case .timestamp: message += Array(timestamp.utf8)": "bytes",
            "case .body: message += body": "bytes",
            "case .text(let text): message += Array(text.utf8)": "bytes",
            "message += Array(value.utf8)": "bytes",
        ],
        "DeclaredTemplate.swift": [
            "case .text(let text): out += text": "text",
            "out += text": "text",
            "out += value": "text",
            "case .bodySHA256: out += payload.bodySHA256": "text",
        ],
        "DeclaredProviderFile.swift": [
            "let top = Dictionary(try yaml.mapping(root, key: nil, allowed: Self.sections + MappingFile.ruleKeys), uniquingKeysWith: { a, _ in a })":
                "lists of key names",
            "sources += inner.sources": "a list of sources",
        ],
        "StripeOneTimeSale.swift": ["facts += intent.map { Fact.salePaidBy($0, saleEventID: invoice.id) }": "an array"],
        "StripeMemoryEvents.swift": ["return .ignored(remembered + off, facts: facts)": "text"],
        "BraintreeMapper.swift": [
            "let period = MonthlyRecurringRevenue.interval(spanningDays: end - start + 1)":
                "days of two `PayloadTime`s (at most 3,652,059 apart)"
        ],
        "RecurlyTestWebhook.swift": ["let ms = Int64(now.timeIntervalSince1970 * 1000)": "the clock, not a payload"],
        "RetrySchedule.swift": [
            "let delay = delaysMilliseconds[min(max(attempt, 1), delaysMilliseconds.count) - 1]": "an index into the schedule",
            "let jittered = delay + Int(Double(delay) * 0.1 * min(max(jitter, -1), 1))": "configuration, checked at start",
            "return next.timeIntervalSince(queuedAt) * 1000 > Double(giveUpAfterMilliseconds) ? nil : next": "floating-point clock times",
        ],
        "SaleResolution.swift": [
            "keys: oneTime.paidWith.map(MemoryKey.payment) + [oneTime.charge?.key].compactMap { $0 })": "an array",
            "facts += oneTime.paidWith.map { Fact.salePaidBy($0, saleEventID: sale.eventID) }": "an array",
            "facts += PaymentReference.leadKeys(uid: sale.uid, email: sale.email).map {": "an array",
        ],
        "ActionResolver.swift": ["facts += learnt": "an array", "return .decided(planned, facts: facts + mapping.facts)": "an array"],
        "MonthlyRecurringRevenue.swift": [
            "if years >= 1, abs(days - years * 365) <= years + 1 { return (years, .year) }": "days is at most 3,652,500 here",
            "if months >= 1, abs(days - Int((Double(months) * 30.436875).rounded())) <= 2 { return (months, .month) }":
                "days is at most 3,652,500 here",
        ],
        "MajorUnits.swift": ["for character in whole + padded {": "text"],
        "MinorUnits.swift": [
            "if remainder >= divisor - remainder {": "remainder < divisor",
            "guard magnitude <= UInt(Int.max) + 1 else { return nil }": "a constant that fits a UInt",
            "return magnitude == UInt(Int.max) + 1 ? Int.min : -Int(magnitude)": "a constant; magnitude ≤ Int.max here",
            "guard remainder.magnitude * 2 >= UInt(divisor) else { return quotient }": "remainder < divisor, a small constant",
            "return value < 0 ? quotient - 1 : quotient + 1": "a quotient by at least 2 is far from the limits",
        ],
        "MappingIDs.swift": [
            "if let charge = sale.oneTime?.charge { ids += charge.keyedIDs }": "an array",
            "case .invoiceCharged(let charge): ids += charge.keyedIDs": "an array",
        ],
        "ReconcileTally.swift": [
            "return lines.count - 1": "the index of the line just appended",
            "lines[index].count += 1": "a count of findings held in memory",
            "public var count: Int { lines.reduce(0) { $0 + $1.count } }": "counts of findings held in memory",
        ],
        "StripeEventListing.swift": [
            "static let retention: TimeInterval = 30 * 86_400": "a constant",
        ],
        "ListingRequest.swift": [
            "ListingRequest(path: path, page: page + 1, part: part, body: body, carried: carried)": "a count of pages read, one request each",
        ],
        "PaddleEventListing.swift": [
            "static let retention: TimeInterval = 90 * 86_400": "a constant",
            "let sinceMilliseconds = (since.timeIntervalSince1970 * 1000).rounded(.down)": "floating point, checked before it becomes an integer",
            "let milliseconds = Int64(sinceMilliseconds) - idSlackMilliseconds": "checked to be at least the slack and below 2^48",
        ],
        "BraintreeListing.swift": [
            "part(from: request.part + 1, eventTypes: eventTypes).map { start($0, window: window, page: request.page + 1) }":
                "an index into three searches, and a count of pages read",
        ],
        "LemonSqueezyListing.swift": ["LemonSqueezyListFormat(resource: resource, query: store + query)": "lists of query parameters"],
        "NewestFirstCollection.swift": [
            "return (events, format.path(page: page + 1))": "a page number below the API's last page, itself an Int",
        ],
        "PaystackTransactionCollection.swift": [
            "return (events, self.path(day: day, page: page.meta.page + 1))": "a page number below the API's pageCount, itself an Int",
        ],
        "RecurlyObjectCollection.swift": ["var parts = query + [": "lists of query parameters"],
        "StripeListing.swift": ["eventsReach: 29 * 86_400)": "a constant"],
        "PaddleListing.swift": ["eventsReach: 89 * 86_400)": "a constant"],
        "PaddleObjectCollection.swift": ["parts += [": "lists of query parameters"],
        "StripeInvoiceSale.swift": [
            "facts += references(intent: paid.payment.payment_intent, charge: paid.payment.charge).map { Fact.salePaidBy($0, saleEventID: invoice.id) }":
                "an array",
        ],
        "EventEnvelopeBytes.swift": [
            "out += object": "bytes",
            "case .integer(let number): out += Array(String(number).utf8)": "bytes",
        ],
        "ObjectListing.swift": [
            "guard let following = part(from: request.part + 1, eventTypes: eventTypes) else { return ListingPage(events: events, next: nil) }":
                "an index into the listing's few collections",
            "events: events, next: ListingRequest(path: collections[following].firstPath(for: window), page: request.page + 1, part: following))":
                "a count of pages read, one request each",
        ],
        "PayloadTime.swift": [
            "milliseconds = Int64(unixSeconds) * 1000": "checked to be within years 1 to 9999 first",
            "let value = (date.timeIntervalSince1970 * 1000).rounded()": "floating point, checked before it becomes an integer",
            "return remainder < 0 ? quotient - 1 : quotient": "a quotient by 1000",
            "Int((Double(later.milliseconds - milliseconds) / 86_400_000).rounded())":
                "two `PayloadTime`s: each within years 1 to 9999, so the gap fits",
        ],
    ]

    /// An operator with space around it (`a + b`, `a * b`, not `-1` or `a...b`), a compound
    /// assignment, a sum by `reduce`, or `abs` (which traps on `Int.min`).
    static var operatorPattern: Regex<(Substring, Substring?)> { #/(^|[^=!<>+*/%&|^\-])\s[\-+*]\s|[\-+*]=\s|\.reduce\(0|abs\(/# }

    @Test func everyArithmeticOperatorOnThePurePathIsReviewed() throws {
        let root = Fixtures.repository.appendingPathComponent("Sources/BridgeCore")
        var unreviewed: [String] = []
        var seen: Set<String> = []
        for folder in Self.folders {
            let base = root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(atPath: base.path) else { throw CocoaError(.fileNoSuchFile) }
            for case let path as String in files where path.hasSuffix(".swift") {
                let name = URL(fileURLWithPath: path).lastPathComponent
                let text = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
                for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = raw.trimmingCharacters(in: .whitespaces)
                    // Comments, and lines with text in them (string concatenation and messages).
                    guard !line.hasPrefix("//"), !line.contains("\""), line.contains(Self.operatorPattern) else { continue }
                    seen.insert("\(name): \(line)")
                    if Self.reviewed[name]?[line] == nil { unreviewed.append("\(folder)/\(path):\(number + 1): \(line)") }
                }
            }
        }
        #expect(unreviewed.isEmpty, "arithmetic on the pure path that is not checked nor reviewed:\n\(unreviewed.joined(separator: "\n"))")
        // The list holds nothing that is gone: each entry is a line that is there.
        let stale = Self.reviewed.flatMap { file, lines in lines.keys.map { "\(file): \($0)" } }.filter { !seen.contains($0) }
        #expect(stale.isEmpty, "reviewed lines no longer in the sources:\n\(stale.sorted().joined(separator: "\n"))")
    }

    /// The lint finds what it is for: `total - tax` as it was.
    @Test func theLintFindsABareSubtraction() {
        #expect("return total - tax".contains(Self.operatorPattern))
        #expect("facts.reduce(0) { $0 + $1.amount }".contains(Self.operatorPattern))
        #expect(!"let range = 1...9".contains(Self.operatorPattern))
        #expect(!"let x = -1".contains(Self.operatorPattern))
    }
}
