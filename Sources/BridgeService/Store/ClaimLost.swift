/// A worker's claim on a delivery or an event ran out and another took it over: the first one's result is
/// not written (the other's will be).
public struct ClaimLost: Error, CustomStringConvertible {
    public var delivery: Int64
    public var owner: String
    /// "delivery" or "event".
    public var what = "delivery"
    public var description: String { "\(what) \(delivery) is no longer claimed by \(owner); its result is left to the new holder" }
}
