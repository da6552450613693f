/// A run of complete CSV records, owning its bytes, that can be parsed on any thread.
///
/// Produced by ``CSVChunkReader``: every chunk except possibly the last ends exactly after a record
/// terminator outside quotes, so chunks can be parsed independently and in parallel with
/// ``CSVRecordParser``. The bytes are UTF-8 (already transcoded, BOM and `sep=` line removed).
public struct CSVChunk: Sendable {
    /// Immutable after creation, so sharing it between threads is safe.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        @usableFromInline let pointer: UnsafeMutablePointer<UInt8>
        @usableFromInline let count: Int

        init(adopting pointer: UnsafeMutablePointer<UInt8>, count: Int) {
            self.pointer = pointer
            self.count = count
        }

        deinit { pointer.deallocate() }
    }

    @usableFromInline let storage: Storage
    /// The 1-based physical line number of the chunk's first record in the original file.
    public let firstLine: Int
    /// The 0-based position of this chunk in the file, for putting parallel results back in order.
    public let index: Int
    /// Line breaks in the chunk (LF, CRLF or CR): it holds at most this many + 1 records, so
    /// callers can size per-record storage once.
    public let lineBreakCount: Int
    /// A quoted field whose closing quote is more than this many bytes after its opening quote is
    /// read as unterminated (``CSVReaderOptions/maximumRecordBytes``; ``CSVChunkReader`` splits by the
    /// same rule, so an unclosed quote early in a large file does not swallow the rest of it).
    @usableFromInline let quotedFieldLimit: Int

    init(storage: Storage, firstLine: Int, index: Int, lineBreakCount: Int, quotedFieldLimit: Int = .max) {
        self.storage = storage
        self.firstLine = firstLine
        self.index = index
        self.lineBreakCount = lineBreakCount
        self.quotedFieldLimit = quotedFieldLimit
    }

    /// A chunk holding a copy of `bytes`, e.g. a whole small file or a test input.
    public init(bytes: some Collection<UInt8>, firstLine: Int = 1, index: Int = 0) {
        precondition(firstLine >= 1, "line numbers are 1-based")
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        var offset = 0
        for byte in bytes {
            pointer[offset] = byte
            offset += 1
        }
        self.init(storage: Storage(adopting: pointer, count: offset), firstLine: firstLine, index: index,
                  lineBreakCount: CSVChunkReader.countLineBreaks(UnsafeBufferPointer(start: pointer, count: offset)))
    }

    /// The number of bytes in the chunk.
    public var byteCount: Int { storage.count }

    /// The chunk's bytes, valid as long as the chunk (or a copy of it) is alive: cells that
    /// ``CSVRecordParser/field(at:)`` returns point into them unless they were unescaped.
    @inlinable public var unsafeBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage.pointer, count: storage.count)
    }

    /// A copy of the chunk's bytes (for tests and small inputs; the hot path uses ``CSVRecordParser``).
    public var bytes: [UInt8] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }
}
