/// A reusable byte buffer in front of an ``OutputSink``, flushed in large writes.
///
/// The fast appenders format straight into the buffer's memory; nothing on the row path allocates
/// once the buffer has grown to its working size. Copies of an `OutputBuffer` share one buffer.
public struct OutputBuffer {
    /// Flush when this many bytes are pending: 1 MiB.
    public static let defaultFlushThreshold = 1 << 20

    /// Growable memory; a class so appends need no copy-on-write checks.
    final class Storage {
        var pointer: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            pointer = .allocate(capacity: self.capacity)
        }

        func grow(toHold needed: Int) {
            let newCapacity = max(needed, capacity * 2)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            bigger.update(from: pointer, count: count)
            pointer.deallocate()
            pointer = bigger
            capacity = newCapacity
        }

        deinit { pointer.deallocate() }
    }

    /// Where flushed bytes go.
    public let sink: OutputSink
    /// Pending bytes that trigger a flush in ``flushIfNeeded()``.
    public let flushThreshold: Int
    let storage: Storage

    /// A buffer in front of `sink`.
    public init(sink: OutputSink, flushThreshold: Int = OutputBuffer.defaultFlushThreshold) {
        self.init(sink: sink, flushThreshold: flushThreshold, capacity: min(flushThreshold, 1 << 24) + 4096)
    }

    init(sink: OutputSink, flushThreshold: Int, capacity: Int) {
        precondition(flushThreshold >= 1, "flushThreshold must be positive")
        self.sink = sink
        self.flushThreshold = flushThreshold
        storage = Storage(capacity: capacity)
    }

    /// The number of bytes waiting to be flushed.
    public var count: Int { storage.count }

    /// A copy of the bytes waiting to be flushed (for tests and small renderings).
    public var pendingBytes: [UInt8] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Room for `extra` more bytes; returns where they go.
    @inline(__always)
    func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if storage.count + extra > storage.capacity { storage.grow(toHold: storage.count + extra) }
        return storage.pointer + storage.count
    }

    /// Appends bytes unchanged (e.g. a verbatim copy of an input record).
    @inline(__always)
    public mutating func append(raw: UnsafeBufferPointer<UInt8>) {
        guard let source = raw.baseAddress, raw.count > 0 else { return }
        reserve(raw.count).update(from: source, count: raw.count)
        storage.count += raw.count
    }

    /// Appends one byte unchanged.
    @inline(__always)
    public mutating func append(byte: UInt8) {
        reserve(1).pointee = byte
        storage.count += 1
    }

    /// Appends the UTF-8 of `text` unchanged.
    public mutating func append(string text: String) {
        var copy = text
        copy.withUTF8 { append(raw: $0) }
    }

    /// Inserts `byte` at `offset` among the pending bytes (rare: quoting a cell after the fact).
    mutating func insert(byte: UInt8, at offset: Int) {
        precondition(offset >= 0 && offset <= storage.count, "insert offset out of range")
        _ = reserve(1)
        let pointer = storage.pointer
        (pointer + offset + 1).update(from: pointer + offset, count: storage.count - offset)
        pointer[offset] = byte
        storage.count += 1
    }

    /// Whether `byte` occurs among the pending bytes from `offset` on.
    func contains(byte: UInt8, from offset: Int) -> Bool {
        UnsafeBufferPointer(start: storage.pointer + offset, count: storage.count - offset).contains(byte)
    }

    /// Writes the pending bytes if at least ``flushThreshold`` are waiting.
    @inline(__always)
    public mutating func flushIfNeeded() throws(OutputError) {
        if storage.count >= flushThreshold { try flush() }
    }

    /// Writes all pending bytes to the sink.
    public mutating func flush() throws(OutputError) {
        guard storage.count > 0 else { return }
        defer { storage.count = 0 }
        try sink.write(UnsafeRawBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// A buffer that never flushes by itself, for formatting rows on a worker thread; its owner
    /// writes the bytes out in input order with ``write(to:)``.
    public static func inMemory(capacity: Int = 1 << 16) -> OutputBuffer {
        OutputBuffer(sink: OutputSink(fileDescriptor: -1, name: "<memory>"), flushThreshold: Int.max, capacity: capacity)
    }

    /// Forgets the pending bytes (e.g. a header row written only to prime a worker's writer).
    public mutating func discardPending() {
        storage.count = 0
    }

    /// Writes the pending bytes to `sink` (not this buffer's own) and empties the buffer.
    public mutating func write(to sink: OutputSink) throws(OutputError) {
        guard storage.count > 0 else { return }
        defer { storage.count = 0 }
        try sink.write(UnsafeRawBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Calls `body` with the pending bytes (valid only during the call).
    public func withPendingBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }
}
