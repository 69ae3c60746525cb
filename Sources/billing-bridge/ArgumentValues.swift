import ArgumentParser
import BridgeCore
import BridgeService

// The store's and the calls' names as option values: the parser refuses an unknown one and lists
// the valid ones, for every command that filters by them.
extension EventState: ExpressibleByArgument {}
extension DeliveryStatus: ExpressibleByArgument {}
extension ActionKind: ExpressibleByArgument {}
