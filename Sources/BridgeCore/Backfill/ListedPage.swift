/// A listing's page read twice, as each listing reads it: decoded as `Page` for what decides
/// (ids, times, the next cursor), and cut into the byte ranges of its list's elements, which are
/// what is stored, exactly as the API wrote them. The two must agree on how many there are.
public struct ListedPage<Page: Decodable> {
    public let page: Page
    public let slices: [Range<Int>]

    /// `count` says how many elements the decoded page has in `list`.
    public init(_ body: [UInt8], as type: Page.Type, what: String, list: String = "data", count: (Page) -> Int) throws {
        page = try PayloadReader(what: what).decode(Page.self, from: body)
        slices = try JSONArraySlices.elements(of: list, in: body)
        guard slices.count == count(page) else {
            throw PayloadError("\(what): \(list) was read as \(slices.count) and \(count(page)) elements")
        }
    }

    public var parts: (Page, [Range<Int>]) { (page, slices) }
}
