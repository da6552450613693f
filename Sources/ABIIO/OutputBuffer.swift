/// A reusable byte buffer in front of an ``OutputSink``, flushed in large writes.
///
/// The fast appenders below format straight into the buffer; nothing on the row path allocates once
/// the buffer has grown to its working size.
public struct OutputBuffer {
    /// Flush when this many bytes are pending: 1 MiB.
    public static let defaultFlushThreshold = 1 << 20

    public let sink: OutputSink
    public let flushThreshold: Int
    public internal(set) var bytes: [UInt8] = []

    public init(sink: OutputSink, flushThreshold: Int = OutputBuffer.defaultFlushThreshold) {
        precondition(flushThreshold >= 1, "flushThreshold must be positive")
        self.sink = sink
        self.flushThreshold = flushThreshold
        bytes.reserveCapacity(flushThreshold + 4096)
    }

    /// Appends bytes unchanged (e.g. a verbatim copy of an input record).
    @inline(__always)
    public mutating func append(raw: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    @inline(__always)
    public mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends the UTF-8 of `text` unchanged.
    public mutating func append(string text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes the pending bytes if at least ``flushThreshold`` are waiting.
    @inline(__always)
    public mutating func flushIfNeeded() throws(OutputError) {
        if bytes.count >= flushThreshold { try flush() }
    }

    /// Writes all pending bytes to the sink.
    public mutating func flush() throws(OutputError) {
        guard !bytes.isEmpty else { return }
        defer { bytes.removeAll(keepingCapacity: true) }
        let sink = self.sink
        var failure: OutputError?
        bytes.withUnsafeBytes { raw in
            do throws(OutputError) {
                try sink.write(raw)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
