import Foundation
import Logging
import Synchronization

/// Writes each record as one line (`LogLine`) to standard output, logfmt or JSON
/// (`BRIDGE_LOG_FORMAT`). Lines from concurrent tasks never interleave.
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let format: LogFormat
    let output: LineOutput

    /// `label` is swift-log's logger name; the line names the module instead (`source`).
    public init(label: String, format: LogFormat, output: LineOutput = .standardOutput) {
        self.format = format
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        if let error = event.error { merged["error"] = "\(error)" }
        let line = LogLine(
            time: LogTimestamp.now(),
            level: event.level, message: event.message.description, source: event.source, metadata: merged)
        output.write(line.rendered(as: format))
    }
}

/// Where lines go: standard output in the service, a buffer in tests.
public final class LineOutput: Sendable {
    private let sink: @Sendable (String) -> Void
    private let lock = Mutex(())

    public init(_ write: @escaping @Sendable (String) -> Void) {
        sink = write
    }

    /// One write(2) a line, retried over partial writes and interrupts; a line that cannot be
    /// written at all (a closed pipe) is dropped, as there is nowhere left to say so.
    public static let standardOutput = LineOutput { line in
        var text = line
        text.append("\n")
        text.withUTF8 { writeWhole($0, to: STDOUT_FILENO) }
    }

    func write(_ line: String) {
        lock.withLock { _ in sink(line) }
    }
}

/// Outside `LineOutput`, whose own `write` would hide the system's.
private func writeWhole(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) {
    guard let base = bytes.baseAddress else { return }
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, base + offset, bytes.count - offset)
        if written > 0 {
            offset += written
        } else if written < 0, errno == EINTR || errno == EAGAIN {
            continue
        } else {
            return
        }
    }
}
