import Foundation

// Built by `scripts/fuzz` with `-sanitize=fuzzer -D FUZZING`: libFuzzer owns `main` and calls this
// for every input it makes. Built without them (as `swift build` does), the same binary replays the
// files it is given, so that a corpus or a crash can be run again under a debugger.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The pure path is async only because the memory protocol is; nothing in it suspends for
    // long, so one input is run to its end before the next.
    let done = DispatchSemaphore(value: 0)
    Task {
        await PurePath.run(bytes)
        done.signal()
    }
    done.wait()
    return 0
}

#if FUZZING
// SwiftPM links an executable's `main` to `bridge_fuzz_main`: libFuzzer's driver is started from it.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

@_cdecl("bridge_fuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) }
}
#else
@main
struct Replay {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard !arguments.isEmpty else {
            print("usage: bridge-fuzz FILE_OR_FOLDER...  (replays each input through the pure path)")
            exit(64)
        }
        var count = 0
        for argument in arguments {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
                print("bridge-fuzz: \(argument) does not exist")
                exit(66)
            }
            let files = isFolder.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: argument).sorted().map { "\(argument)/\($0)" } : [argument]
            for file in files {
                let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
                await PurePath.run(bytes)
                count += 1
            }
        }
        print("bridge-fuzz: replayed \(count) inputs, none crashed")
    }
}
#endif
