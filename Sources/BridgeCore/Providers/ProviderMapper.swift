/// Turns one provider's payloads into actions. Pure: no I/O, no clock.
public protocol ProviderMapper: Sendable {
    static var provider: ProviderID { get }
    /// What its mapping file may say, and the defaults.
    static var schema: MappingSchema { get }
    /// The event's id and type, read before it is stored. Throws `PayloadError`.
    func envelope(of body: [UInt8]) throws -> EventEnvelope
    /// The actions and facts for one event under the mapping rules. Throws `PayloadError`.
    func map(_ body: [UInt8], rules: MappingRules) throws -> Mapping
}
