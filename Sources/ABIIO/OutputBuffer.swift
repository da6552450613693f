/// A reusable byte buffer in front of an ``OutputSink``, flushed in large writes.
///
/// The fast appenders format straight into the buffer's memory; nothing on the row path allocates
/// once the buffer has grown to its working size. Copies of an `OutputBuffer` share one buffer.
public struct OutputBuffer {
    /// Flush when this many bytes are pending: 1 MiB.
    public static let defaultFlushThreshold = 1 << 20

    /// Growable memory; a class so appends need no copy-on-write checks.
    // Inlined into other modules (the engines' row loops). Only one writer uses a buffer at a time,
    // so the dynamic exclusivity checks those callers would otherwise make per access are skipped.
    @usableFromInline
    final class Storage {
        @usableFromInline @exclusivity(unchecked) var pointer: UnsafeMutablePointer<UInt8>
        @usableFromInline @exclusivity(unchecked) var capacity: Int
        @usableFromInline @exclusivity(unchecked) var count = 0

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            pointer = .allocate(capacity: self.capacity)
        }

        @usableFromInline @inline(never)
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
    @usableFromInline let storage: Storage

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
    @inlinable public var count: Int { storage.count }

    /// A copy of the bytes waiting to be flushed (for tests and small renderings).
    public var pendingBytes: [UInt8] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Room for `extra` more bytes; returns where they go. Writers that format a whole cell at
    /// once reserve its worst-case length, store through the pointer and then call ``commit(_:)``:
    /// one capacity check per cell instead of one per byte.
    @inlinable @inline(__always)
    public func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        let storage = self.storage
        let count = storage.count
        if _slowPath(count &+ extra > storage.capacity) { storage.grow(toHold: count &+ extra) }
        return storage.pointer + count
    }

    /// Counts `written` bytes stored after a ``reserve(_:)`` of at least that many as pending.
    @inlinable @inline(__always)
    public func commit(_ written: Int) {
        storage.count &+= written
    }

    /// Copies `count` bytes from `source` to `target` (non-overlapping). Short runs, the usual cell,
    /// are two possibly overlapping word moves instead of a `memcpy` call.
    @inlinable @inline(__always)
    public static func copyBytes(from source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count: Int) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        if count >= 8 {
            if count > 16 {
                target.update(from: source, count: count)
                return
            }
            let head = from.loadUnaligned(as: UInt64.self)
            let tail = from.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 4 {
            let head = from.loadUnaligned(as: UInt32.self)
            let tail = from.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: count &- 4, as: UInt32.self)
        } else if count > 0 {
            // 1...3 bytes: first, middle and last (some the same byte).
            let first = source[0], middle = source[count >> 1], last = source[count &- 1]
            target[0] = first
            target[count >> 1] = middle
            target[count &- 1] = last
        }
    }

    /// Appends bytes unchanged (e.g. a verbatim copy of an input record).
    @inlinable @inline(__always)
    public mutating func append(raw: UnsafeBufferPointer<UInt8>) {
        guard let source = raw.baseAddress else { return }
        let count = raw.count
        OutputBuffer.copyBytes(from: source, to: reserve(count), count: count)
        commit(count)
    }

    /// Appends one byte unchanged.
    @inlinable @inline(__always)
    public mutating func append(byte: UInt8) {
        reserve(1).pointee = byte
        commit(1)
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
    @inlinable @inline(__always)
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
