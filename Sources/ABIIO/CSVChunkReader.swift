import Glibc

/// Reads a file or a file descriptor in large blocks and yields ``CSVChunk``s that end exactly at a
/// record boundary, ready to be parsed on other threads.
///
/// On creation it reads the first 64 KiB, decides the ``dialect`` once with ``CSVSniffer``, strips a
/// UTF-8 BOM and Excel's `sep=` line, and from then on transcodes Windows-1252 to UTF-8 if that was
/// detected. Memory stays bounded: about one block plus the unfinished record; a record longer than
/// a block grows the buffer up to ``CSVReaderOptions/maximumRecordBytes``. Blocks are read straight
/// into the memory that becomes the chunk, so the bytes are copied once (the unfinished record).
///
/// A reference type because it owns an open file; use it from one thread at a time.
public final class CSVChunkReader {
    /// The dialect decided from the sample (with overrides applied).
    public let dialect: CSVDialect
    /// The name used in messages: the path, or `<stdin>`.
    public let sourceName: String

    let fileDescriptor: Int32
    let ownsFileDescriptor: Bool
    let options: CSVReaderOptions
    /// Sniffed bytes not yet handed to the chunker, fed in `blockSize` pieces like later reads.
    var pendingSample: [UInt8]
    var pendingSampleOffset = 0
    /// Bytes after the last emitted chunk; always starts at a record boundary.
    var buffer: UnsafeMutablePointer<UInt8>
    var bufferCapacity: Int
    var bufferCount = 0
    /// How far `buffer` has been scanned, the quote state there, and the last boundary found.
    var scannedUpTo = 0
    var inQuotesAtScan = false
    var lastBoundary = 0
    var nextLine: Int
    var reachedEndOfInput = false
    var nextIndex = 0
    /// Raw Windows-1252 bytes before transcoding.
    var transcodingBlock: [UInt8] = []
    /// How far `buffer` is known to be well-formed UTF-8.
    var validatedUpTo = 0

    /// The first ill-formed UTF-8 found after the sample (which decided the encoding), if any.
    ///
    /// Reading goes on: such bytes reach callers unchanged and become U+FFFD when decoded as Strings.
    /// The CLI should report it as a warning with its line; re-encoding the file as UTF-8 fixes it.
    public private(set) var encodingIssue: CSVError?

    /// Opens `path` for reading.
    /// - Throws: ``CSVError/readFailed(path:errno:message:)`` if it cannot be opened or read.
    public convenience init(path: String, options: CSVReaderOptions = CSVReaderOptions()) throws(CSVError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw .readFailed(path: path, errno: code, message: String(cString: strerror(code)))
        }
        try self.init(fileDescriptor: descriptor, ownsFileDescriptor: true, sourceName: path, options: options,
                      prefix: [])
    }

    /// Reads from an open descriptor such as `STDIN_FILENO`; closes it only if `ownsFileDescriptor`.
    public convenience init(fileDescriptor: Int32, ownsFileDescriptor: Bool = false, sourceName: String = "<stdin>",
                            options: CSVReaderOptions = CSVReaderOptions()) throws(CSVError) {
        try self.init(fileDescriptor: fileDescriptor, ownsFileDescriptor: ownsFileDescriptor, sourceName: sourceName,
                      options: options, prefix: [])
    }

    /// `prefix` is input that comes before the descriptor's bytes (used for in-memory input).
    init(fileDescriptor: Int32, ownsFileDescriptor: Bool, sourceName: String,
         options: CSVReaderOptions, prefix: [UInt8]) throws(CSVError) {
        self.fileDescriptor = fileDescriptor
        self.ownsFileDescriptor = ownsFileDescriptor
        self.sourceName = sourceName
        self.options = options
        var sample = Array(prefix.prefix(CSVSniffer.sampleSize))
        var atEnd = false
        if prefix.count <= CSVSniffer.sampleSize {
            let block = UnsafeMutablePointer<UInt8>.allocate(capacity: CSVSniffer.sampleSize)
            defer { block.deallocate() }
            while sample.count < CSVSniffer.sampleSize {
                let count = try Self.read(fileDescriptor, into: block, capacity: CSVSniffer.sampleSize - sample.count,
                                          sourceName: sourceName, closeOnError: ownsFileDescriptor)
                if count == 0 {
                    atEnd = true
                    break
                }
                sample.append(contentsOf: UnsafeBufferPointer(start: block, count: count))
            }
        }
        if let wide = Self.wideEncoding(of: sample) {
            if ownsFileDescriptor { close(fileDescriptor) }
            throw .unsupportedEncoding(name: wide)
        }
        let dialect = CSVSniffer.sniff(sample: sample, isCompleteFile: atEnd, overrides: options.overrides)
        self.dialect = dialect
        var start = 0
        if dialect.encoding == .utf8WithBOM { start = 3 }
        nextLine = 1
        if dialect.hasSeparatorLine, let (_, length) = CSVSniffer.separatorLine(in: sample[start...]) {
            start += length
            nextLine = 2
        }
        if prefix.count > CSVSniffer.sampleSize { sample = prefix }
        if dialect.encoding == .windows1252 {
            var utf8: [UInt8] = []
            sample[start...].withUnsafeBufferPointer { Windows1252.transcode($0, appendingTo: &utf8) }
            pendingSample = utf8
        } else {
            pendingSample = Array(sample[start...])
        }
        bufferCapacity = options.blockSize * 2
        buffer = .allocate(capacity: bufferCapacity)
    }

    deinit {
        buffer.deallocate()
        if ownsFileDescriptor { close(fileDescriptor) }
    }

    /// The next run of complete records, or nil at the end of the input.
    ///
    /// Every chunk but the last ends just after a line terminator outside quotes. The last may end
    /// inside a quoted field; ``CSVRecordParser`` reports that as an unterminated quote.
    /// - Throws: ``CSVError/recordTooLong(line:limitBytes:)`` or ``CSVError/readFailed(path:errno:message:)``.
    public func nextChunk() throws(CSVError) -> CSVChunk? {
        while true {
            if lastBoundary > 0 { return emit(upTo: lastBoundary) }
            if reachedEndOfInput {
                return bufferCount == 0 ? nil : emit(upTo: bufferCount)
            }
            if bufferCount > options.maximumRecordBytes {
                throw .recordTooLong(line: nextLine, limitBytes: options.maximumRecordBytes)
            }
            try fillBlock()
            if encodingIssue == nil && dialect.encoding != .windows1252 { validateNewBytes() }
            scanForBoundary()
        }
    }

    /// Makes room for `extra` more bytes after `bufferCount`.
    func reserve(_ extra: Int) {
        guard bufferCount + extra > bufferCapacity else { return }
        let newCapacity = max(bufferCount + extra, bufferCapacity * 2)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: buffer, count: bufferCount)
        buffer.deallocate()
        buffer = bigger
        bufferCapacity = newCapacity
    }

    /// Appends up to one block of (UTF-8) input to `buffer`, setting `reachedEndOfInput` at the end.
    func fillBlock() throws(CSVError) {
        let blockSize = options.blockSize
        if pendingSampleOffset < pendingSample.count {
            let end = min(pendingSample.count, pendingSampleOffset + blockSize)
            reserve(end - pendingSampleOffset)
            pendingSample.withUnsafeBufferPointer { sample in
                guard let base = sample.baseAddress else { return }
                (buffer + bufferCount).update(from: base + pendingSampleOffset, count: end - pendingSampleOffset)
            }
            bufferCount += end - pendingSampleOffset
            pendingSampleOffset = end
            if pendingSampleOffset == pendingSample.count {
                pendingSample = []
                pendingSampleOffset = 0
            }
            return
        }
        if dialect.encoding == .windows1252 {
            if transcodingBlock.count != blockSize { transcodingBlock = [UInt8](repeating: 0, count: blockSize) }
            let count = try transcodingBlock.withUnsafeMutableBufferPointer { block throws(CSVError) -> Int in
                guard let base = block.baseAddress else { return 0 }
                return try Self.read(fileDescriptor, into: base, capacity: blockSize, sourceName: sourceName,
                                     closeOnError: false)
            }
            if count == 0 {
                reachedEndOfInput = true
                return
            }
            var utf8: [UInt8] = []
            transcodingBlock.withUnsafeBufferPointer {
                Windows1252.transcode(UnsafeBufferPointer(rebasing: $0[0..<count]), appendingTo: &utf8)
            }
            reserve(utf8.count)
            utf8.withUnsafeBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return }
                (buffer + bufferCount).update(from: base, count: bytes.count)
            }
            bufferCount += utf8.count
            return
        }
        reserve(blockSize)
        let count = try Self.read(fileDescriptor, into: buffer + bufferCount, capacity: blockSize,
                                  sourceName: sourceName, closeOnError: false)
        if count == 0 {
            reachedEndOfInput = true
            return
        }
        bufferCount += count
    }

    /// Scans new bytes, tracking quote parity, for the last record terminator outside quotes.
    func scanForBoundary() {
        let quote = UInt8(ascii: "\"")
        let atEnd = reachedEndOfInput
        let base = buffer
        let count = bufferCount
        var i = scannedUpTo
        var inQuotes = inQuotesAtScan
        guard i < count else { return }
        // Fast path: no quote in the new bytes, so the last CR or LF is the boundary.
        if !inQuotes && memchr(base + i, Int32(quote), count - i) == nil {
            var j = count - 1
            while j >= i && base[j] != 0x0A && base[j] != 0x0D { j -= 1 }
            if j >= i {
                if base[j] == 0x0D && j == count - 1 && !atEnd {
                    // A CR at the end may be the first half of CRLF: look again after the next read.
                    var k = j - 1
                    while k >= i && base[k] != 0x0A && base[k] != 0x0D { k -= 1 }
                    if k >= i { lastBoundary = k + 1 }
                    scannedUpTo = j
                } else {
                    lastBoundary = j + 1
                    scannedUpTo = count
                }
            } else {
                scannedUpTo = count
            }
            return
        }
        while i < count {
            let byte = base[i]
            if byte == quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == 0x0A {
                    lastBoundary = i + 1
                } else if byte == 0x0D {
                    if i + 1 < count {
                        if base[i + 1] != 0x0A { lastBoundary = i + 1 }
                    } else if atEnd {
                        lastBoundary = i + 1
                    } else {
                        break  // undecided CR at the end: rescan it after the next read
                    }
                }
            }
            i += 1
        }
        scannedUpTo = i
        inQuotesAtScan = inQuotes
    }

    /// Hands out `buffer[0..<boundary]` as a chunk (adopting the memory) and keeps the rest.
    func emit(upTo boundary: Int) -> CSVChunk {
        let remainder = bufferCount - boundary
        let chunkBytes = buffer
        let lineBreaks = Self.countLineBreaks(UnsafeBufferPointer(start: chunkBytes, count: boundary))
        bufferCapacity = remainder + options.blockSize
        buffer = .allocate(capacity: bufferCapacity)
        buffer.update(from: chunkBytes + boundary, count: remainder)
        bufferCount = remainder
        let chunk = CSVChunk(storage: CSVChunk.Storage(adopting: chunkBytes, count: boundary),
                             firstLine: nextLine, index: nextIndex, lineBreakCount: lineBreaks)
        nextIndex += 1
        nextLine += lineBreaks
        // Quote state at a boundary is always "outside"; re-scan what is left after it.
        lastBoundary = 0
        scannedUpTo = 0
        inQuotesAtScan = false
        validatedUpTo = max(0, validatedUpTo - boundary)
        if remainder > 0 { scanForBoundary() }
        return chunk
    }

    /// Checks the bytes added since the last check; records the first ill-formed sequence.
    func validateNewBytes() {
        let fresh = UnsafeBufferPointer(start: buffer + validatedUpTo, count: bufferCount - validatedUpTo)
        let result = UTF8Validation.scan(fresh)
        if let invalid = result.firstInvalid {
            encodingIssue = invalidUTF8Issue(at: validatedUpTo + invalid)
            return
        }
        validatedUpTo += result.completeUpTo
        if reachedEndOfInput && validatedUpTo < bufferCount {
            encodingIssue = invalidUTF8Issue(at: validatedUpTo)  // a character cut off by the end of the file
        }
    }

    func invalidUTF8Issue(at offset: Int) -> CSVError {
        var line = nextLine
        var lineStart = 0
        var i = 0
        while i < offset {
            let byte = buffer[i]
            if byte == 0x0A || (byte == 0x0D && !(i + 1 < bufferCount && buffer[i + 1] == 0x0A)) {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        var column = 1
        for j in lineStart..<offset where buffer[j] & 0xC0 != 0x80 { column += 1 }
        return .invalidUTF8(line: line, column: column, byte: buffer[offset])
    }

    /// The name of a UTF-16 or UTF-32 encoding announced by a byte order mark, if any.
    static func wideEncoding(of sample: [UInt8]) -> String? {
        if sample.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32LE" }
        if sample.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32BE" }
        if sample.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if sample.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        return nil
    }

    /// LF, CRLF and lone CR each count once.
    static func countLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        // The usual file has no CR at all: count LFs with memchr (vectorised in the C library),
        // since this runs on the reading thread, ahead of the parallel work.
        if memchr(base, 0x0D, bytes.count) == nil {
            var lineFeeds = 0
            var cursor = UnsafeRawPointer(base)
            let end = UnsafeRawPointer(base + bytes.count)
            while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
                lineFeeds += 1
                cursor = UnsafeRawPointer(found) + 1
            }
            return lineFeeds
        }
        var lineFeeds = 0
        var carriageReturns = 0
        for byte in bytes {
            lineFeeds &+= byte == 0x0A ? 1 : 0
            carriageReturns &+= byte == 0x0D ? 1 : 0
        }
        var pairs = 0
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0x0D && bytes[i + 1] == 0x0A { pairs += 1 }
            i += 1
        }
        return lineFeeds + carriageReturns - pairs
    }

    static func read(_ descriptor: Int32, into pointer: UnsafeMutablePointer<UInt8>, capacity: Int,
                     sourceName: String, closeOnError: Bool) throws(CSVError) -> Int {
        while true {
            let count = Glibc.read(descriptor, pointer, capacity)
            if count >= 0 { return count }
            let code = errno
            if code == EINTR { continue }
            if closeOnError { close(descriptor) }
            throw .readFailed(path: sourceName, errno: code, message: String(cString: strerror(code)))
        }
    }
}
