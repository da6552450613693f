import CByteClassifier
import Glibc

/// Reads a file or a file descriptor in large blocks and yields ``CSVChunk``s that end exactly at a
/// record boundary, ready to be parsed on other threads.
///
/// On creation it reads the first 64 KiB, refuses what is not text (a workbook, an archive, binary
/// data: ``CSVError/notDelimitedText(kind:)``), decides the ``dialect`` once with ``CSVSniffer``,
/// strips a UTF-8 BOM and Excel's `sep=` line, and from then on converts to UTF-8 while reading:
/// Windows-1252 if that was detected, UTF-16 with a byte order mark (Excel's "Unicode Text"), and
/// any later byte of a UTF-8 file that is not UTF-8 (read as Windows-1252, see ``encodingIssue``),
/// so every chunk is well-formed UTF-8. Chunks end where ``CSVRecordParser`` ends records (only a
/// quote at the start of a field opens a quoted section). Memory stays bounded: about one block plus the unfinished record; a record longer than
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
    public let options: CSVReaderOptions
    /// Sniffed bytes not yet handed to the chunker, fed in `blockSize` pieces like later reads.
    var pendingSample: [UInt8]
    var pendingSampleOffset = 0
    /// Bytes after the last emitted chunk; always starts at a record boundary.
    var buffer: UnsafeMutablePointer<UInt8>
    var bufferCapacity: Int
    var bufferCount = 0
    /// How far `buffer` has been scanned, the quote state there, and the last boundary found.
    var scannedUpTo = 0
    var scanState = QuoteScanState.fieldStart
    /// Where the quoted field being scanned opened (valid in the quoted states).
    var quoteOpenedAt = 0
    /// Whether the quoted field being scanned holds a CR or LF (then a quote followed by more text
    /// does not close it: see ``CSVRecordParser``).
    var quoteHasLineBreak = false
    var lastBoundary = 0
    var nextLine: Int
    var reachedEndOfInput = false
    var nextIndex = 0
    /// Raw Windows-1252 bytes before transcoding.
    var transcodingBlock: [UInt8] = []
    /// How far `buffer` is known to be well-formed UTF-8.
    var validatedUpTo = 0

    /// Converts UTF-16 input (nil for other encodings).
    var wideDecoder: UTF16StreamDecoder?

    /// The first ill-formed UTF-8 found after the sample (which decided the encoding), if any.
    ///
    /// Reading goes on, and output stays valid UTF-8: each byte that is not part of well-formed UTF-8
    /// is read as Windows-1252 (the usual reason for it: a file from a Windows-1252 export edited or
    /// concatenated with UTF-8), so `0xFC` becomes `ü` (U+00FC). The CLI reports this as a warning
    /// with its line and column; ``invalidUTF8ByteCount`` says how many bytes were converted.
    public private(set) var encodingIssue: CSVError?
    /// Bytes converted as Windows-1252 because they were not UTF-8 (see ``encodingIssue``).
    public private(set) var invalidUTF8ByteCount = 0

    /// `" (N such bytes in all)"` when more than one byte was converted, else empty: to follow
    /// ``encodingIssue``'s message.
    public var invalidUTF8Summary: String {
        invalidUTF8ByteCount > 1 ? " (\(invalidUTF8ByteCount) such bytes in all)" : ""
    }

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
        // Excel's "Unicode Text": UTF-16 with a byte order mark, converted to UTF-8 from here on.
        var wideDecoder: UTF16StreamDecoder? = nil
        if sample.starts(with: [0xFF, 0xFE]) || sample.starts(with: [0xFE, 0xFF]) {
            let bigEndian = sample[0] == 0xFE
            var decoder = UTF16StreamDecoder(bigEndian: bigEndian)
            var text: [UInt8] = []
            let whole = prefix.count > CSVSniffer.sampleSize ? prefix : sample
            whole.withUnsafeBufferPointer { decoder.decode(UnsafeBufferPointer(rebasing: $0[2...]), appendingTo: &text) }
            if atEnd || prefix.count > CSVSniffer.sampleSize { decoder.finish(appendingTo: &text) }
            wideDecoder = decoder
            sample = text
        } else if let kind = Self.nonTextKind(of: sample) {
            if ownsFileDescriptor { close(fileDescriptor) }
            throw .notDelimitedText(kind: kind)
        }
        self.wideDecoder = wideDecoder
        // Title lines above the header (--skip-lines): dropped before the dialect is decided.
        var skippedBytes = 0
        if options.skipLines > 0 {
            guard let offset = Self.offset(afterLines: options.skipLines, in: sample, isCompleteFile: atEnd) else {
                if ownsFileDescriptor { close(fileDescriptor) }
                throw .recordTooLong(line: 1, limitBytes: CSVSniffer.sampleSize)
            }
            skippedBytes = offset
            sample = Array(sample[offset...])
        }
        var dialect = CSVSniffer.sniff(sample: Array(sample.prefix(CSVSniffer.sampleSize)), isCompleteFile: atEnd,
                                       overrides: options.overrides)
        if let wideDecoder {
            dialect.encoding = wideDecoder.bigEndian ? .utf16BE : .utf16LE
            dialect.reasons.encoding = "starts with the \(dialect.encoding.rawValue.uppercased()) byte order mark "
                + (wideDecoder.bigEndian ? "FE FF" : "FF FE") + " (Excel's \"Unicode Text\"); converted to UTF-8 while reading"
        }
        self.dialect = dialect
        var start = 0
        if dialect.encoding == .utf8WithBOM { start = 3 }
        nextLine = 1 + options.skipLines
        if dialect.hasSeparatorLine, let (_, length) = CSVSniffer.separatorLine(in: sample[start...]) {
            start += length
            nextLine += 1
        }
        if prefix.count > CSVSniffer.sampleSize && wideDecoder == nil { sample = Array(prefix[skippedBytes...]) }
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

    /// The offset just after `count` line terminators (LF, CRLF or CR) of `sample`; the end of a
    /// complete file with fewer lines; nil when the lines do not end within the sample.
    static func offset(afterLines count: Int, in sample: [UInt8], isCompleteFile: Bool) -> Int? {
        var remaining = count
        var index = 0
        while remaining > 0 && index < sample.count {
            let byte = sample[index]
            index += 1
            if byte == UInt8(ascii: "\n") {
                remaining -= 1
            } else if byte == UInt8(ascii: "\r") {
                if index < sample.count, sample[index] == UInt8(ascii: "\n") { index += 1 }
                remaining -= 1
            }
        }
        return remaining == 0 || isCompleteFile ? index : nil
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
            // An open quote is no reason to stop: the scan reads it as unterminated once it has
            // gone on for `maximumRecordBytes` (see `quoteOpenedAt`).
            if bufferCount > options.maximumRecordBytes && scanState != .quoted && scanState != .quoteInQuoted {
                throw .recordTooLong(line: nextLine, limitBytes: options.maximumRecordBytes)
            }
            try fillBlock()
            if dialect.encoding == .utf8 || dialect.encoding == .utf8WithBOM { validateNewBytes() }
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
        if dialect.encoding == .windows1252 || wideDecoder != nil {
            if transcodingBlock.count != blockSize { transcodingBlock = [UInt8](repeating: 0, count: blockSize) }
            let count = try transcodingBlock.withUnsafeMutableBufferPointer { block throws(CSVError) -> Int in
                guard let base = block.baseAddress else { return 0 }
                return try Self.read(fileDescriptor, into: base, capacity: blockSize, sourceName: sourceName,
                                     closeOnError: false)
            }
            var utf8: [UInt8] = []
            if count == 0 {
                reachedEndOfInput = true
                guard wideDecoder != nil else { return }
                wideDecoder!.finish(appendingTo: &utf8)  // a cut-off last character becomes U+FFFD
            } else if wideDecoder != nil {
                transcodingBlock.withUnsafeBufferPointer {
                    wideDecoder!.decode(UnsafeBufferPointer(rebasing: $0[0..<count]), appendingTo: &utf8)
                }
            } else {
                transcodingBlock.withUnsafeBufferPointer {
                    Windows1252.transcode(UnsafeBufferPointer(rebasing: $0[0..<count]), appendingTo: &utf8)
                }
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

    /// Where the boundary scan stands, with the same rule as ``CSVRecordParser``: only a quote that
    /// starts a field opens a quoted section; inside one, `""` is a quote and a lone `"` closes it.
    enum QuoteScanState {
        /// At the start of a field (a quote here opens a quoted section).
        case fieldStart
        /// Inside an unquoted field, or after a closing quote: quotes are literal.
        case unquoted
        /// Inside a quoted section.
        case quoted
        /// Just after a quote inside a quoted section: another quote continues it (`""`).
        case quoteInQuoted
    }

    /// Scans new bytes for the last record terminator outside quotes.
    func scanForBoundary() {
        let quote = UInt8(ascii: "\"")
        let delimiter = dialect.delimiter
        let atEnd = reachedEndOfInput
        let base = buffer
        let count = bufferCount
        var i = scannedUpTo
        var state = scanState
        var openedAt = quoteOpenedAt
        var quotedLineBreak = quoteHasLineBreak
        let limit = options.maximumRecordBytes
        guard i < count else { return }
        // Fast path: no quote in the new bytes, so the last CR or LF is the boundary.
        // (Not just after a quote inside a quoted field: the next byte decides whether it closed it.)
        if state != .quoted && state != .quoteInQuoted && memchr(base + i, Int32(quote), count - i) == nil {
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
            if scannedUpTo > i {
                let last = base[scannedUpTo - 1]
                scanState = last == delimiter || last == 0x0A || last == 0x0D ? .fieldStart : .unquoted
            }
            return
        }
        while i < count {
            // Many bytes at a time where only one kind of byte can change anything; the byte at
            // which a jump stops goes through the state machine below as usual.
            if state == .quoted {
                // Inside quotes only a quote matters, up to where the quote counts as unterminated
                // (the byte at openedAt + limit + 1 triggers that below).
                let stop = limit >= count - openedAt ? count : openedAt + limit + 1
                if i < stop {
                    let from = i
                    i = Self.offset(of: quote, in: base, from: i, to: stop) ?? stop
                    // The stray-quote rule below needs to know whether the field spans lines.
                    if !quotedLineBreak && i > from
                        && (memchr(base + from, 0x0A, i - from) != nil || memchr(base + from, 0x0D, i - from) != nil) {
                        quotedLineBreak = true
                    }
                    if i >= count { break }
                }
            } else if state != .quoteInQuoted {
                // Outside quotes, up to the next quote: only line breaks matter. Segments with a CR
                // are left to the byte loop (CRLF, lone CR and a CR at the end need it).
                let next = Self.offset(of: quote, in: base, from: i, to: count) ?? count
                if next > i && memchr(base + i, 0x0D, next - i) == nil {
                    // Only the segment's last line feed can be the boundary: found from the end.
                    if let lineFeed = abikit_last_byte(base + i, next - i, 0x0A) {
                        lastBoundary = lineFeed - UnsafePointer(base) + 1
                    }
                    let last = base[next - 1]
                    state = last == delimiter || last == 0x0A ? .fieldStart : .unquoted
                    i = next
                    if i >= count { break }
                }
            }
            let byte = base[i]
            switch state {
            case .quoted:
                if _slowPath(i - openedAt > limit) {
                    // Not closed within the limit: unterminated, as the parser reads it. The opening
                    // quote is a character; scan on from just after it.
                    state = .unquoted
                    i = openedAt + 1
                    continue
                }
                if byte == quote {
                    state = .quoteInQuoted
                } else if byte == 0x0A || byte == 0x0D {
                    quotedLineBreak = true
                }
            case .quoteInQuoted:
                if byte == quote {
                    state = .quoted
                    break
                }
                if quotedLineBreak && byte != delimiter && byte != 0x0A && byte != 0x0D {
                    // Text after a quote that would close a field spanning lines: a stray quote of a
                    // later record, so the field is unterminated, as the parser reads it. The opening
                    // quote is a character; scan on from just after it.
                    state = .unquoted
                    i = openedAt + 1
                    continue
                }
                state = .unquoted
                fallthrough
            case .fieldStart, .unquoted:
                if byte == quote {
                    if state == .fieldStart {
                        state = .quoted
                        openedAt = i
                        quotedLineBreak = false
                    } else {
                        state = .unquoted
                    }
                } else if byte == delimiter {
                    state = .fieldStart
                } else if byte == 0x0A {
                    lastBoundary = i + 1
                    state = .fieldStart
                } else if byte == 0x0D {
                    if i + 1 < count {
                        if base[i + 1] != 0x0A { lastBoundary = i + 1 }
                    } else if atEnd {
                        lastBoundary = i + 1
                    } else {
                        scannedUpTo = i  // undecided CR at the end: rescan it after the next read
                        scanState = state
                        quoteOpenedAt = openedAt
                        quoteHasLineBreak = quotedLineBreak
                        return
                    }
                    state = .fieldStart
                } else {
                    state = .unquoted
                }
            }
            i += 1
        }
        scannedUpTo = i
        scanState = state
        quoteOpenedAt = openedAt
        quoteHasLineBreak = quotedLineBreak
    }

    /// The offset of the first `byte` in `base[from..<to]` (memchr: vectorised in the C library).
    @inline(__always)
    static func offset(of byte: UInt8, in base: UnsafeMutablePointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let found = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeMutableRawPointer(found) - UnsafeMutableRawPointer(base)
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
                             firstLine: nextLine, index: nextIndex, lineBreakCount: lineBreaks,
                             quotedFieldLimit: options.maximumRecordBytes)
        nextIndex += 1
        nextLine += lineBreaks
        // Quote state at a boundary is always "outside"; re-scan what is left after it.
        lastBoundary = 0
        scannedUpTo = 0
        scanState = .fieldStart
        validatedUpTo = max(0, validatedUpTo - boundary)
        if remainder > 0 { scanForBoundary() }
        return chunk
    }

    /// Checks the bytes added since the last check. Bytes that are not well-formed UTF-8 are replaced
    /// by their Windows-1252 reading in UTF-8 (one pass over the rest of the buffer), the first one
    /// is recorded as ``encodingIssue`` and all are counted. A character cut off by the end of the
    /// buffer waits for the next read, unless the input has ended.
    func validateNewBytes() {
        let fresh = UnsafeBufferPointer(start: buffer + validatedUpTo, count: bufferCount - validatedUpTo)
        let result = UTF8Validation.scan(fresh)
        if result.firstInvalid == nil && (result.completeUpTo == fresh.count || !reachedEndOfInput) {
            validatedUpTo += result.completeUpTo
            return
        }
        let start = validatedUpTo + (result.firstInvalid ?? result.completeUpTo)
        if encodingIssue == nil { encodingIssue = invalidUTF8Issue(at: start) }
        var repaired: [UInt8] = []
        repaired.reserveCapacity((bufferCount - start) + (bufferCount - start) / 4 + 8)
        var i = start
        var waiting = 0  // bytes of a character cut off by the end of the buffer
        while i < bufferCount {
            let rest = UnsafeBufferPointer(start: buffer + i, count: bufferCount - i)
            let scan = UTF8Validation.scan(rest)
            if let bad = scan.firstInvalid {
                repaired.append(contentsOf: UnsafeBufferPointer(rebasing: rest[0..<bad]))
                withUnsafeBytes(of: rest[bad]) { Windows1252.transcode($0.bindMemory(to: UInt8.self), appendingTo: &repaired) }
                invalidUTF8ByteCount += 1
                i += bad + 1
                continue
            }
            repaired.append(contentsOf: UnsafeBufferPointer(rebasing: rest[0..<scan.completeUpTo]))
            i += scan.completeUpTo
            if i < bufferCount {
                if reachedEndOfInput {
                    withUnsafeBytes(of: buffer[i]) { Windows1252.transcode($0.bindMemory(to: UInt8.self), appendingTo: &repaired) }
                    invalidUTF8ByteCount += 1
                    i += 1
                    continue
                }
                waiting = bufferCount - i
                repaired.append(contentsOf: UnsafeBufferPointer(start: buffer + i, count: waiting))
            }
            break
        }
        bufferCount = start
        reserve(repaired.count)
        repaired.withUnsafeBufferPointer { (buffer + start).update(from: $0.baseAddress!, count: $0.count) }
        bufferCount = start + repaired.count
        validatedUpTo = bufferCount - waiting
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

    /// The name of a UTF-32 encoding announced by a byte order mark, if any (UTF-16 is read).
    static func wideEncoding(of sample: [UInt8]) -> String? {
        if sample.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32LE" }
        if sample.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32BE" }
        return nil
    }

    /// What the sample looks like when it is clearly not text: a workbook, an archive, a PDF, or
    /// binary data (NUL bytes, at least 1 in 100, which no text export has; UTF-16 without a byte order
    /// mark looks like this too). Nil for text. Said instead of echoing the bytes back.
    static func nonTextKind(of sample: [UInt8]) -> String? {
        if sample.starts(with: [0x50, 0x4B, 0x03, 0x04]) || sample.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return "an Excel workbook (.xlsx) or another ZIP archive"
        }
        if sample.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return "an Excel 97-2003 workbook (.xls)"
        }
        if sample.starts(with: Array("%PDF".utf8)) { return "a PDF document" }
        if sample.starts(with: [0x1F, 0x8B]) { return "a gzip-compressed file" }
        let nulBytes = sample.count(where: { $0 == 0 })
        if nulBytes > 0 && nulBytes * 100 >= sample.count {
            return "a binary file (\(nulBytes) NUL bytes in the first \(sample.count); "
                + "or UTF-16 text without a byte order mark)"
        }
        return nil
    }

    /// LF, CRLF and lone CR each count once.
    static func countLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        // The usual file has no CR at all: count LFs 16 bytes at a time (CByteClassifier), since
        // this runs on the reading thread, ahead of the parallel work.
        if memchr(base, 0x0D, bytes.count) == nil {
            return abikit_count_byte(base, bytes.count, 0x0A)
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
