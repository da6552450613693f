import ABICore
import ABIStatistics
import Glibc
import Dispatch

/// Loads selected columns of a CSV input into typed arrays in one streaming pass.
///
/// The header is read from the first record when the dialect has one (otherwise the columns are
/// named `V1`, `V2`, ... as R's `read.csv(header = FALSE)` does). ``load(_:threads:maximumIssues:exactDecimalShift:)``
/// then parses the chunks of ``CSVChunkReader`` on `threads` threads (chunks are independent; the
/// results are put back in input order) and keeps only the requested columns: numbers as
/// `[Double]`, categories as `[String]`. The text of the file is never held: memory is the loaded
/// columns plus a few chunks in flight.
///
/// Cells:
/// - numbers are parsed from bytes with the file's decimal mark by ``DecimalNumberParser``
///   (correctly rounded);
/// - blank, `NA`, `N/A`, `NaN` and `.` (any case, surrounding spaces ignored) are missing: NaN in a
///   numeric column, `""` in a categorical one;
/// - a numeric cell that is neither a number nor a missing marker becomes NaN, is counted in
///   ``LoadedColumns/invalidNumberCount`` and reported as a ``ColumnLoadIssue`` with its line and
///   column, never silently dropped;
/// - a record with more or fewer fields than the header gives missing values in every column (its
///   cells cannot be matched to columns: a value left out in the middle shifts the rest) and an
///   issue; blank lines are not records (counted in ``LoadedColumns/blankLineCount``).
///
/// ```swift
/// let loader = try ColumnLoader(reader: try CSVChunkReader(path: "study.csv"))
/// let loaded = try loader.load([.numeric("abi"), .numeric("age"), .categorical("sex")], threads: 2)
/// if case .numeric(let abi)? = loaded["abi"] { ... }
/// ```
///
/// A reference type because it consumes its reader; call ``load(_:threads:maximumIssues:exactDecimalShift:)`` once.
public final class ColumnLoader {
    /// What a requested column becomes.
    public enum Kind: Sendable, Equatable {
        /// Numbers (`[Double]`, NaN = missing); unparsable cells are issues.
        case numeric
        /// Labels (`[String]`, `""` = missing), taken as written (quotes removed).
        case categorical
        /// Decided from the cells of the first chunk (see ``inferredKind(ofColumn:)``).
        case automatic
    }

    /// One column to load, by header name.
    public struct Request: Sendable, Equatable {
        /// The header (exact match first, then a unique match ignoring case and surrounding spaces).
        public var name: String
        /// How to read it.
        public var kind: Kind
        /// A request for `name` read as `kind`.
        public init(name: String, kind: Kind) {
            self.name = name
            self.kind = kind
        }
        /// A numeric column.
        public static func numeric(_ name: String) -> Request { Request(name: name, kind: .numeric) }
        /// A categorical column.
        public static func categorical(_ name: String) -> Request { Request(name: name, kind: .categorical) }
        /// A column whose kind is decided from its cells.
        public static func automatic(_ name: String) -> Request { Request(name: name, kind: .automatic) }
    }

    /// The reader's dialect (delimiter, decimal mark, header).
    public let dialect: CSVDialect
    /// The input's name for messages.
    public let sourceName: String
    /// Column names: the header record's cells (spaces around them removed), or `V1`, `V2`, ...
    /// Empty for an empty input.
    public let headers: [String]

    let reader: CSVChunkReader
    /// The first byte that was not UTF-8 in a UTF-8 file, read as Windows-1252 (known once loaded;
    /// see ``CSVChunkReader/encodingIssue``), and the count of such bytes for its message.
    public var encodingIssue: CSVError? { reader.encodingIssue }
    /// `" (N such bytes in all)"` or empty (``CSVChunkReader/invalidUTF8Summary``).
    public var invalidUTF8Summary: String { reader.invalidUTF8Summary }
    var firstChunk: CSVChunk?
    var headerRecords: Int
    var consumed = false

    /// Reads the first chunk and the header from `reader`.
    /// - Throws: ``CSVError`` when the input cannot be read.
    public init(reader: CSVChunkReader) throws(CSVError) {
        self.reader = reader
        self.dialect = reader.dialect
        self.sourceName = reader.sourceName
        let first = try reader.nextChunk()
        self.firstChunk = first
        var names: [String] = []
        var skip = 0
        if let first {
            var parser = CSVRecordParser(chunk: first, delimiter: reader.dialect.delimiter)
            // Skip leading blank lines; a syntax error in the header is left to the data pass.
            while true {
                let more = (try? parser.nextRecord()) ?? true
                guard more else { break }
                skip += 1
                if parser.isBlankRecord { continue }
                if reader.dialect.hasHeader {
                    names = parser.fieldStrings.map { $0.trimmingASCIISpaces() }
                } else {
                    names = (1...parser.fieldCount).map { "V\($0)" }
                    skip -= 1
                }
                break
            }
        }
        self.headers = names
        self.headerRecords = skip
    }

    /// The index of the header `name`: an exact match, else the only header equal to it ignoring
    /// case and surrounding spaces; nil if none or ambiguous.
    public func columnIndex(of name: String) -> Int? {
        if let exact = headers.firstIndex(of: name) { return exact }
        let wanted = name.trimmingASCIISpaces().lowercased()
        let matches = headers.indices.filter { headers[$0].lowercased() == wanted }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The kind of column `index` judged from the records of the first chunk (about the first
    /// `CSVReaderOptions.blockSize` bytes): ``Kind/numeric`` when at least as many of its non-missing
    /// cells parse as numbers as do not (also when every sampled cell is missing), else
    /// ``Kind/categorical``. A later text cell in a numeric column is then an issue, never a guess.
    public func inferredKind(ofColumn index: Int) -> Kind {
        precondition(headers.indices.contains(index), "column index out of range")
        if sampledKinds == nil { sampledKinds = sampleKinds() }
        return sampledKinds?[index] ?? .numeric
    }

    var sampledKinds: [Kind]? = nil

    func sampleKinds() -> [Kind] {
        var numbers = [Int](repeating: 0, count: headers.count)
        var texts = [Int](repeating: 0, count: headers.count)
        if let firstChunk {
            var parser = CSVRecordParser(chunk: firstChunk, delimiter: dialect.delimiter)
            var skipped = 0
            while (try? parser.nextRecord()) ?? true {
                if skipped < headerRecords { skipped += 1; continue }
                if parser.isBlankRecord { continue }
                for index in 0..<min(parser.fieldCount, headers.count) {
                    let field = parser.field(at: index)
                    if DecimalNumberParser.parseDouble(field, decimalMark: dialect.decimalMark) != nil {
                        numbers[index] += 1
                    } else if !ParseContext.isMissingMarker(field) {
                        texts[index] += 1
                    }
                }
            }
        }
        return headers.indices.map { numbers[$0] >= texts[$0] ? .numeric : .categorical }
    }

    /// Loads the requested columns in one pass over the rest of the input.
    ///
    /// - Parameters:
    ///   - requests: columns to load; the result keeps this order. A name may be requested once.
    ///   - threads: chunks parsed in parallel (1 = on the calling thread); the result is the same for any value.
    ///   - maximumIssues: how many issues to keep (all are counted).
    ///   - exactDecimalShift: also keep every numeric column as differences from its first number,
    ///     formed in exact decimal arithmetic before rounding to binary
    ///     (``LoadedColumns/decimalShifted``), so that moments keep the digits that rounding
    ///     large values like `10000000.2` to doubles would lose. Costs one more `[Double]` per column.
    /// - Throws: ``ColumnLoaderError/emptyInput`` without a header, ``ColumnLoaderError/unknownColumn(name:headers:)``,
    ///   ``ColumnLoaderError/read(_:)`` when reading fails.
    /// - Complexity: O(bytes of input); memory O(rows × requested columns).
    public func load(_ requests: [Request], threads: Int = 1, maximumIssues: Int = 100,
                     exactDecimalShift: Bool = false) throws(ColumnLoaderError) -> LoadedColumns {
        precondition(!consumed, "ColumnLoader.load consumes the input; call it once")
        precondition(threads >= 1, "threads must be at least 1")
        consumed = true
        guard !headers.isEmpty else { throw .emptyInput }
        var plan: [ColumnPlan] = []
        for request in requests {
            guard let index = columnIndex(of: request.name) else {
                throw .unknownColumn(name: request.name, headers: headers)
            }
            let kind = request.kind == .automatic ? inferredKind(ofColumn: index) : request.kind
            plan.append(ColumnPlan(fieldIndex: index, kind: kind, name: request.name))
        }
        var result = Accumulator(plan: plan, maximumIssues: maximumIssues, shifts: exactDecimalShift)
        var pending: [(CSVChunk, Int)] = firstChunk.map { [($0, headerRecords)] } ?? []
        firstChunk = nil
        let roundSize = max(2, threads * 2)
        let context = ParseContext(plan: plan, delimiter: dialect.delimiter, decimalMark: dialect.decimalMark,
                                   expectedFields: headers.count, maximumIssues: maximumIssues, shifts: exactDecimalShift)
        // A pipeline: while round k is parsed on worker threads, the calling thread appends round
        // k - 1 to the columns and reads round k + 1, so the serial work overlaps the parallel work.
        var endOfInput = false
        func readRound(into round: inout [(CSVChunk, Int)]) throws(ColumnLoaderError) {
            while !endOfInput && round.count < roundSize {
                let chunk: CSVChunk?
                do { chunk = try reader.nextChunk() } catch { throw .read(error) }
                guard let chunk else { endOfInput = true; break }
                round.append((chunk, 0))
            }
        }
        try readRound(into: &pending)
        var previous: [ParsedChunk] = []
        while !pending.isEmpty {
            let round = pending
            let box = ParsedRound()
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                box.parts = parallelMap(round, threads: threads) { context.parse($0.0, skipRecords: $0.1) }
            }
            result.append(previous, threads: threads)
            previous = []
            pending = []
            do {
                try readRound(into: &pending)
            } catch {
                group.wait()
                throw error
            }
            group.wait()
            previous = box.parts
        }
        result.append(previous, threads: threads)
        return result.finish(plan: plan, maximumIssues: maximumIssues)
    }

}

/// A loaded column.
public enum LoadedColumn: Sendable, Equatable {
    /// Numbers; NaN marks a missing or unparsable cell.
    case numeric([Double])
    /// Labels; `""` marks a missing cell.
    case categorical([String])
}

/// The result of ``ColumnLoader/load(_:threads:maximumIssues:exactDecimalShift:)``.
public struct LoadedColumns: Sendable {
    /// The requested names, in request order.
    public let names: [String]
    /// The columns, parallel to ``names``; each has ``rowCount`` values (until taken).
    public private(set) var columns: [LoadedColumn]
    /// Data records read (blank lines excluded).
    public let rowCount: Int
    /// Blank lines skipped.
    public let blankLineCount: Int
    /// Numeric cells that did not parse (each became NaN), in columns loaded as numbers.
    public let invalidNumberCount: Int
    /// Every problem found (invalid numbers, short or long records, syntax errors), counted.
    public let issueCount: Int
    /// The first problems in input order, by line and column (at most the `maximumIssues` given to `load`).
    public let issues: [ColumnLoadIssue]
    /// Per column, with `exactDecimalShift`: the numeric column as exact-decimal differences from
    /// its first number; nil for categorical columns or without `exactDecimalShift`.
    public internal(set) var decimalShifted: [DecimalShiftedColumn?] = []
    /// After ``keepingRows(_:names:)``: each kept row's 0-based data row in the input, so messages
    /// can name the input's row; nil when every row was kept.
    public internal(set) var sourceRows: [Int]? = nil

    /// The column requested as `name`.
    public subscript(name: String) -> LoadedColumn? {
        names.firstIndex(of: name).map { columns[$0] }
    }

    /// Moves column `index` out, leaving an empty column of the same kind, so that its memory is
    /// freed as soon as the caller is done with it (e.g. while copying columns into a matrix).
    public mutating func takeColumn(at index: Int) -> LoadedColumn {
        let column = columns[index]
        switch column {
        case .numeric: columns[index] = .numeric([])
        case .categorical: columns[index] = .categorical([])
        }
        return column
    }
}

/// A non-fatal problem found while loading, with its place in the file.
public struct ColumnLoadIssue: Sendable, Equatable, CustomStringConvertible {
    /// 1-based physical line.
    public let line: Int
    /// 1-based column in characters, where known.
    public let column: Int?
    /// The message, without file or position.
    public let message: String

    /// `LINE:COLUMN: message` (prefix the file name to get `FILE:LINE:COLUMN: message`).
    public var description: String {
        column.map { "\(line):\($0): \(message)" } ?? "\(line): \(message)"
    }

    /// `FILE:LINE:COLUMN: message`.
    public func formatted(file: String) -> String { "\(file):\(description)" }

    /// `FILE:LINE:COLUMN: severity: message`, the form every command's diagnostics take.
    public func formatted(file: String, severity: String) -> String {
        "\(file):\(line):" + (column.map { "\($0):" } ?? "") + " \(severity): \(message)"
    }
}

/// Fatal problems of ``ColumnLoader``.
public enum ColumnLoaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input has no header record (it is empty or holds only blank lines).
    case emptyInput
    /// A requested column is not in the header.
    case unknownColumn(name: String, headers: [String])
    /// Reading the input failed.
    case read(CSVError)

    public var description: String {
        switch self {
        case .emptyInput:
            return "the input is empty; expected a header line and rows of data"
        case .unknownColumn(let name, let headers):
            let shown = headers.prefix(50).map { "'\($0)'" }.joined(separator: ", ")
            return "no column '\(name)'; the header has \(headers.count) column\(headers.count == 1 ? "" : "s"): \(shown)"
                + (headers.count > 50 ? ", ..." : "")
        case .read(let error):
            return error.description
        }
    }
}

// MARK: - Parsing

struct ColumnPlan: Sendable {
    let fieldIndex: Int
    let kind: ColumnLoader.Kind
    let name: String
}

/// What one chunk yields: values per planned column, and its problems.
struct ParsedChunk {
    var numbers: [[Double]]
    var labels: [[String]]
    var rows = 0
    var blankLines = 0
    /// Per planned column: cells that did not parse as numbers (non-missing).
    var invalid: [Int]
    var totalIssues = 0
    /// (planned column or -1 for record problems, issue)
    var issues: [(Int, ColumnLoadIssue)] = []
    /// With exact decimal shifts: per planned column, value - the chunk's shift (NaN when missing).
    var differences: [[Double]] = []
    /// The chunk's shift per planned column: its first number.
    var chunkShifts: [ChunkShift] = []

    /// A parsed number; with shifts, also its difference from the chunk's first number.
    @inline(__always)
    mutating func appendNumber(_ k: Int, _ value: Double, _ bytes: UnsafeBufferPointer<UInt8>, mark: UInt8) {
        numbers[k].append(value)
        guard !differences.isEmpty else { return }
        let decimal = ScaledDecimal(bytes, decimalMark: mark)
        switch chunkShifts[k] {
        case .none:
            chunkShifts[k] = decimal.map { .decimal($0, value) } ?? .binary(value)
            differences[k].append(0)
        case .decimal(let shift, let shiftValue):
            differences[k].append(decimal.flatMap { $0.difference(from: shift) } ?? value - shiftValue)
        case .binary(let shiftValue):
            differences[k].append(value - shiftValue)
        }
    }

    /// A missing or unparsable number.
    @inline(__always)
    mutating func appendMissing(_ k: Int) {
        numbers[k].append(.nan)
        if !differences.isEmpty { differences[k].append(.nan) }
    }

    /// Makes the last row's values missing in every planned column (a record whose field count
    /// differs from the header's: its cells cannot be matched to columns, so none is used).
    mutating func blankLastRow() {
        for k in numbers.indices where !numbers[k].isEmpty { numbers[k][numbers[k].count - 1] = .nan }
        for k in differences.indices where !differences[k].isEmpty { differences[k][differences[k].count - 1] = .nan }
        for k in labels.indices where !labels[k].isEmpty { labels[k][labels[k].count - 1] = "" }
    }
}

/// The first number of a column in one chunk, the origin of that chunk's differences.
enum ChunkShift: Sendable {
    case none
    /// Exact decimal text and its nearest double.
    case decimal(ScaledDecimal, Double)
    /// A number outside the exact decimal path (its double only).
    case binary(Double)

    var value: Double? {
        switch self {
        case .none: nil
        case .decimal(_, let value), .binary(let value): value
        }
    }

    /// self - origin: exact decimal rounded once when both are decimal, else in binary.
    func offset(from origin: ChunkShift) -> Double {
        if case .decimal(let mine, let myValue) = self, case .decimal(let theirs, let theirValue) = origin {
            return mine.difference(from: theirs) ?? myValue - theirValue
        }
        return (value ?? 0) - (origin.value ?? 0)
    }
}

struct ParseContext: Sendable {
    let plan: [ColumnPlan]
    let delimiter: UInt8
    let decimalMark: CSVDialect.DecimalMark
    let expectedFields: Int
    let maximumIssues: Int
    /// Whether to keep exact-decimal differences (``ColumnLoader/load(_:threads:maximumIssues:exactDecimalShift:)``).
    var shifts = false

    func parse(_ chunk: CSVChunk, skipRecords: Int) -> ParsedChunk {
        let estimate = chunk.byteCount / max(8, expectedFields * 4) + 16
        var out = ParsedChunk(numbers: plan.map { $0.kind == .categorical ? [] : { var a = [Double](); a.reserveCapacity(estimate); return a }() },
                              labels: plan.map { _ in [] },
                              invalid: [Int](repeating: 0, count: plan.count))
        if shifts {
            out.differences = plan.map { _ in [] }
            out.chunkShifts = plan.map { _ in .none }
        }
        let markByte = decimalMark == .comma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let base = UnsafePointer(chunk.storage.pointer)
        let count = chunk.storage.count
        if memchr(base, Int32(UInt8(ascii: "\"")), count) == nil && Set(plan.map(\.fieldIndex)).count == plan.count {
            parseUnquoted(base: base, count: count, firstLine: chunk.firstLine, skipRecords: skipRecords, into: &out)
            return out
        }
        var parser = CSVRecordParser(chunk: chunk, delimiter: delimiter)
        var skipped = 0
        let planCount = plan.count
        let fieldIndices = plan.map(\.fieldIndex)
        let isCategorical = plan.map { $0.kind == .categorical }
        while true {
            var syntax: CSVError? = nil
            do {
                guard try parser.nextRecord() else { break }
            } catch {
                syntax = error
            }
            if skipped < skipRecords { skipped += 1; continue }
            if parser.isBlankRecord && syntax == nil { out.blankLines += 1; continue }
            out.rows += 1
            if let syntax { record(-1, ColumnLoadIssue(line: syntax.line ?? parser.recordLine, column: syntax.column, message: syntax.messageWithoutPlace), into: &out) }
            let fieldCount = parser.fieldCount
            if fieldCount != expectedFields {
                record(-1, ColumnLoadIssue(line: parser.recordLine, column: nil,
                                           message: "record has \(fieldCount) field\(fieldCount == 1 ? "" : "s"), expected \(expectedFields) like the header"
                                               + "; row read as missing (its cells cannot be matched to columns)"), into: &out)
            }
            for k in 0..<planCount {
                let index = fieldIndices[k]
                if isCategorical[k] {
                    if index < fieldCount {
                        let field = parser.field(at: index)
                        out.labels[k].append(Self.isMissingMarker(field) ? "" : String(decoding: field, as: UTF8.self))
                    } else {
                        out.labels[k].append("")
                    }
                    continue
                }
                guard index < fieldCount else { out.appendMissing(k); continue }
                let field = parser.field(at: index)
                if let value = DecimalNumberParser.parseDouble(field, decimalMark: decimalMark) {
                    out.appendNumber(k, value, field, mark: markByte)
                } else {
                    out.appendMissing(k)
                    if !Self.isMissingMarker(field) {
                        out.invalid[k] += 1
                        record(k, ColumnLoadIssue(line: parser.fieldLine(at: index), column: parser.fieldColumn(at: index),
                                                  message: invalidNumberMessage(k, field)), into: &out)
                    }
                }
            }
            if fieldCount != expectedFields { out.blankLastRow() }
        }
        return out
    }

    /// The fast path for a chunk without any `"`: every line is a record and every field is raw
    /// bytes, so records are split and numbers parsed in one scan, without storing field bounds.
    /// Gives exactly what the ``CSVRecordParser`` path gives (the tests compare both).
    func parseUnquoted(base: UnsafePointer<UInt8>, count: Int, firstLine: Int, skipRecords: Int, into out: inout ParsedChunk) {
        // For each field index, the planned column reading it (or -1).
        let lastWanted = plan.map(\.fieldIndex).max() ?? -1
        var wanted = [Int](repeating: -1, count: lastWanted + 1)
        for (k, item) in plan.enumerated() { wanted[item.fieldIndex] = k }
        let isCategorical = plan.map { $0.kind == .categorical }
        let delimiter = self.delimiter
        let mark = decimalMark == .comma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        var p = 0
        var line = firstLine
        var skipped = 0
        var seen = [Bool](repeating: false, count: plan.count)
        while p < count {
            let lineStart = p
            // Find the end of the line.
            var end = p
            while end < count && base[end] != 0x0A && base[end] != 0x0D { end += 1 }
            var next = end
            if next < count {
                next += (base[next] == 0x0D && next + 1 < count && base[next + 1] == 0x0A) ? 2 : 1
            }
            defer {
                p = next
                line += 1
            }
            if skipped < skipRecords { skipped += 1; continue }
            if end == lineStart { out.blankLines += 1; continue }
            out.rows += 1
            var field = 0
            var fieldStart = lineStart
            for k in seen.indices { seen[k] = false }
            while true {
                var fieldEnd = fieldStart
                if field <= lastWanted && wanted[field] >= 0 {
                    while fieldEnd < end && base[fieldEnd] != delimiter { fieldEnd += 1 }
                    let k = wanted[field]
                    seen[k] = true
                    let bytes = UnsafeBufferPointer(start: base + fieldStart, count: fieldEnd - fieldStart)
                    if isCategorical[k] {
                        out.labels[k].append(Self.isMissingMarker(bytes) ? "" : String(decoding: bytes, as: UTF8.self))
                    } else if let value = Self.plainDecimal(base, fieldStart, fieldEnd, mark: mark)
                                ?? DecimalNumberParser.parseDouble(bytes, decimalMark: decimalMark) {
                        out.appendNumber(k, value, bytes, mark: mark)
                    } else {
                        out.appendMissing(k)
                        if !Self.isMissingMarker(bytes) {
                            out.invalid[k] += 1
                            var column = 1
                            for q in lineStart..<fieldStart where base[q] & 0xC0 != 0x80 { column += 1 }
                            record(k, ColumnLoadIssue(line: line, column: column, message: invalidNumberMessage(k, bytes)), into: &out)
                        }
                    }
                } else {
                    // Not wanted: skip to the next delimiter.
                    if let found = memchr(base + fieldStart, Int32(delimiter), end - fieldStart) {
                        fieldEnd = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
                    } else {
                        fieldEnd = end
                    }
                }
                field += 1
                if fieldEnd >= end { break }
                fieldStart = fieldEnd + 1
            }
            if field != expectedFields {
                record(-1, ColumnLoadIssue(line: line, column: nil,
                                           message: "record has \(field) field\(field == 1 ? "" : "s"), expected \(expectedFields) like the header"
                                               + "; row read as missing (its cells cannot be matched to columns)"), into: &out)
                for k in seen.indices where !seen[k] {
                    if isCategorical[k] { out.labels[k].append("") } else { out.appendMissing(k) }
                }
                out.blankLastRow()
            }
        }
    }

    /// `-?digits[.digits]` with at most 15 digits: the exact quotient of an integer below 2^53 by
    /// a power of ten, correctly rounded (Clinger 1990, the fast path ``DecimalNumberParser`` also
    /// takes, so the result is the same bit for bit). Nil for anything else (the caller falls back
    /// to ``DecimalNumberParser``).
    @inline(__always)
    static func plainDecimal(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, mark: UInt8) -> Double? {
        var i = start
        var negative = false
        if i < end && base[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        while i < end {
            let digit = base[i] &- 0x30
            if digit >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            digits += 1
            i += 1
        }
        var fractionDigits = 0
        if i < end && base[i] == mark {
            i += 1
            while i < end {
                let digit = base[i] &- 0x30
                if digit >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                fractionDigits += 1
                i += 1
            }
        }
        let total = digits + fractionDigits
        guard i == end, total > 0, total <= 15 else { return nil }
        let value = Double(mantissa) / DecimalNumberParser.exactPowersOfTen[fractionDigits]
        return negative ? -value : value
    }

    func invalidNumberMessage(_ k: Int, _ field: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: field.prefix(40), as: UTF8.self) + (field.count > 40 ? "..." : "")
        let mark = decimalMark == .comma ? "decimal comma" : "decimal point"
        return "\(plan[k].name): '\(text)' is not a number (expected digits with a \(mark), or blank/NA for missing); read as missing"
    }

    func record(_ column: Int, _ issue: ColumnLoadIssue, into out: inout ParsedChunk) {
        out.totalIssues += 1
        if out.issues.count < maximumIssues {
            out.issues.append((column, issue))
        }
    }

    /// Blank, NA, N/A, NaN or `.` (ASCII case-insensitive, surrounding spaces ignored).
    static func isMissingMarker(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0, end = field.count
        while start < end && field[start] == 0x20 { start += 1 }
        while end > start && field[end - 1] == 0x20 { end -= 1 }
        return MissingValueMarker.matches(field, from: start, to: end)
    }
}

/// The parsed chunks of one round, handed back from the worker threads.
final class ParsedRound: @unchecked Sendable {
    // Written by one task, read by the loader after waiting for it.
    var parts: [ParsedChunk] = []
}

/// Concatenates chunk results in order.
struct Accumulator {
    var numbers: [[Double]]
    var labels: [[String]]
    var rows = 0
    var blankLines = 0
    var invalid: [Int]
    var totalIssues = 0
    var issues: [(Int, ColumnLoadIssue)] = []
    /// How many issues to keep.
    let issueCapacity: Int
    /// With exact decimal shifts: differences from the first chunk shift of each column.
    var differences: [[Double]] = []
    var shifts: [ChunkShift] = []

    init(plan: [ColumnPlan], maximumIssues: Int, shifts shifting: Bool = false) {
        issueCapacity = maximumIssues
        if shifting {
            differences = plan.map { _ in [] }
            shifts = plan.map { _ in .none }
        }
        numbers = plan.map { _ in [] }
        labels = plan.map { _ in [] }
        invalid = [Int](repeating: 0, count: plan.count)
    }

    /// Appends the chunks of a round in order; columns are appended in parallel (each column by
    /// one thread).
    mutating func append(_ parts: [ParsedChunk], threads: Int) {
        guard !parts.isEmpty else { return }
        let columnCount = numbers.count
        if threads > 1 && columnCount > 1 {
            numbers.withUnsafeMutableBufferPointer { numberColumns in
                labels.withUnsafeMutableBufferPointer { labelColumns in
                    nonisolated(unsafe) let numberColumns = numberColumns
                    nonisolated(unsafe) let labelColumns = labelColumns
                    DispatchQueue.concurrentPerform(iterations: columnCount) { k in
                        for part in parts {
                            if !part.numbers[k].isEmpty { numberColumns[k].append(contentsOf: part.numbers[k]) }
                            if !part.labels[k].isEmpty { labelColumns[k].append(contentsOf: part.labels[k]) }
                        }
                    }
                }
            }
        } else {
            for part in parts {
                for k in 0..<columnCount {
                    if !part.numbers[k].isEmpty { numbers[k].append(contentsOf: part.numbers[k]) }
                    if !part.labels[k].isEmpty { labels[k].append(contentsOf: part.labels[k]) }
                }
            }
        }
        for part in parts { count(part) }
        if !differences.isEmpty { appendDifferences(parts) }
    }

    /// Re-bases each chunk's differences on the column's first shift: d + (s_chunk - s_first), the
    /// offset exact in decimal and rounded once, so the second rounding is relative to the spread.
    mutating func appendDifferences(_ parts: [ParsedChunk]) {
        for part in parts where !part.differences.isEmpty {
            for k in differences.indices {
                let local = part.chunkShifts[k]
                if case .none = local {
                    differences[k].append(contentsOf: part.differences[k])
                    continue
                }
                if case .none = shifts[k] { shifts[k] = local }
                let offset = local.offset(from: shifts[k])
                if offset == 0 {
                    differences[k].append(contentsOf: part.differences[k])
                } else {
                    differences[k].append(contentsOf: part.differences[k].map { $0 + offset })
                }
            }
        }
    }

    mutating func count(_ part: ParsedChunk) {
        for k in invalid.indices { invalid[k] += part.invalid[k] }
        rows += part.rows
        blankLines += part.blankLines
        totalIssues += part.totalIssues
        let room = max(0, issueCapacity - issues.count)
        if room > 0 { issues.append(contentsOf: part.issues.prefix(room)) }
    }

    func finish(plan: [ColumnPlan], maximumIssues: Int) -> LoadedColumns {
        let columns: [LoadedColumn] = plan.indices.map { k in
            plan[k].kind == .categorical ? .categorical(labels[k]) : .numeric(numbers[k])
        }
        var loaded = LoadedColumns(names: plan.map(\.name), columns: columns, rowCount: rows, blankLineCount: blankLines,
                                   invalidNumberCount: invalid.reduce(0, +), issueCount: totalIssues,
                                   issues: issues.prefix(maximumIssues).map(\.1)
                                       .sorted { ($0.line, $0.column ?? 0) < ($1.line, $1.column ?? 0) })
        if !differences.isEmpty {
            loaded.decimalShifted = plan.indices.map { k in
                plan[k].kind == .categorical ? nil : DecimalShiftedColumn(shift: shifts[k].value ?? 0, differences: differences[k])
            }
        }
        return loaded
    }
}
