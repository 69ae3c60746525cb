import ArgumentParser
import BridgeCore
import BridgeService
import Foundation

struct Remap: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Map events again through the current mapping file: by row, or every failed one.",
        discussion: "Calls an event already queued are not queued again; a running service maps them within a second.")

    @Argument(help: "Event rows (from `events`).")
    var rows: [Int64] = []

    @Flag(help: "Every event whose mapping failed, e.g. after a fix to the mapping file.")
    var failed = false

    func validate() throws {
        guard !rows.isEmpty || failed else { throw ValidationError("name event rows, or --failed") }
    }

    func run() async throws {
        let operations = try await OperatorStore.operations()
        if !rows.isEmpty {
            let count = try await operations.remap(rows: rows) { done, total in
                if total > Operations.progressEvery { FileHandle.standardError.write(Data("remapped \(done) of \(total)\n".utf8)) }
            }
            print("put \(count) of \(rows.count) events back in line for mapping")
            if count < rows.count {
                print("the others are not stored, or not mapped yet (received) or undecodable: see `events`")
                throw ExitCode(1)
            }
        }
        if failed { print("put \(try await operations.remap(rows: nil)) failed events back in line for mapping") }
    }
}
