import ABICore
import Dispatch
import ABIIO

/// Streams a CSV of ABI readings through ABICore and writes one output row per input record, in
/// input order, with every input column unchanged and the results appended.
///
/// Chunks of whole records are read, parsed, scored and formatted on `threads` worker threads
/// (`ChunkPipeline`); the calling thread takes them back in input order to carry visit-to-visit
/// change across chunks (it depends on earlier rows), count, report and write. Memory is bounded by
/// the pipeline's window (`threads` + 2 chunks of `CSVReaderOptions.blockSize`), not by the file.
public struct ScoreEngine {
    public let layout: ScoreLayout
    /// Output format; nil to only collect diagnostics (`validate`).
    public let format: TableFormat?
    public let decimalCommaOutput: Bool
    public let threads: Int
    /// Display name of the input in messages (the path, or `<stdin>`).
    public let sourceName: String
    /// The input's field delimiter (from the reader's dialect).
    public let delimiter: UInt8
    /// `--where`: records it does not keep are neither scored nor written, and are counted
    /// (``ScoreSummary/rowsRemovedByFilter``); visit change then compares the kept visits. Records
    /// the filter cannot read (ragged, CSV syntax errors) are kept and reported as errors.
    public private(set) var rowFilter: BoundRowFilter? = nil

    /// Result codes as bytes, computed once (the row loop writes them without building Strings or
    /// touching reference counts).
    let codes: CodeTable
    let categoryCodes: [Int]
    let severityCodes: [Int]
    let statusCodes: [Int]
    /// The code of flag bit i (`ScoreFlags.ordered` is in bit order).
    let flagCodes: [Int]
    /// Whether records may take the usual-row shortcut (``scoreUsualRecord(_:columns:)``); off only
    /// in tests, to compare with the general path.
    var usesUsualRowShortcut = true

    public init(layout: ScoreLayout, delimiter: UInt8, format: TableFormat?, decimalCommaOutput: Bool, threads: Int,
                sourceName: String) {
        precondition(threads >= 1, "threads must be at least 1")
        // Built in the order of `index(of:)`.
        let codes = CodeTable()
        categoryCodes = [ABICategory.noncompressible, .normal, .borderline, .abnormal].map { codes.add($0.code) }
        severityCodes = [PADSeverity.mild, .moderate, .mildToModerate, .severe].map { codes.add($0.code) }
        statusCodes = [ScoreStatus.ok, .warning, .error].map { codes.add($0.code) }
        // Flag codes by bit: the row loop walks a row's set bits, lowest first.
        precondition(ScoreFlags.ordered.enumerated().allSatisfy { $0.element.flag.rawValue == 1 << $0.offset },
                     "ScoreFlags.ordered must list the flags in bit order")
        flagCodes = ScoreFlags.ordered.map { codes.add($0.code) }
        codes.seal()
        self.codes = codes
        self.layout = layout
        self.delimiter = delimiter
        self.format = format
        self.decimalCommaOutput = decimalCommaOutput
        self.threads = threads
        self.sourceName = sourceName
    }

    /// The engine with `--where` applied to the records of `table` (columns named as ``TableSource/column(_:option:)``
    /// names them); a column the input does not have is a usage failure listing the headers.
    public func filtering(_ filter: RowFilter?, headers: [String], decimalComma: Bool) throws(AnalysisFailure) -> ScoreEngine {
        guard let filter else { return self }
        var copy = self
        copy.rowFilter = try BoundRowFilter(filter, headers: headers, displayName: sourceName, decimalComma: decimalComma)
        return copy
    }

    /// Scores every record `reader` yields (the header record, if any, must already have been taken
    /// from `firstChunk` by the caller: pass the number of leading records to skip in it).
    ///
    /// - Parameters:
    ///   - reader: the input, positioned after `firstChunk`.
    ///   - firstChunk: the chunk the header was read from, and how many records of it to skip.
    ///   - sink: where output rows go (ignored when `format` is nil).
    ///   - diagnostics: called in input order with every problem found.
    ///   - progress: called after each chunk, in input order, with the rows scored so far (for a
    ///     progress display; the engine itself never prints).
    /// - Returns: counts over the file.
    public func run(reader: CSVChunkReader, firstChunk: (chunk: CSVChunk, skipRecords: Int)?, sink: OutputSink?,
                    progress: ((Int) -> Void)? = nil,
                    diagnostics: (RowDiagnostic) -> Void) throws -> ScoreSummary {
        var summary = ScoreSummary()
        let writesOutput = format != nil && sink != nil
        if let format, let sink {
            var headerWriter = format.makeWriter(sink: sink, decimalComma: decimalCommaOutput)
            try headerWriter.writeHeader(layout.outputHeaders)
            try headerWriter.buffer.flush()
        }
        // Visit change: each chunk is first tracked on its own (in parallel); then, in input order,
        // each chunk's subjects are merged into the file's tracker and only the rows of subjects
        // already seen in earlier chunks are compared again and patched. The result is the same
        // for any chunk size and thread count.
        var tracker = VisitChangeTracker(options: layout.options)
        let outputSink = writesOutput ? sink : nil
        let pipeline = ChunkPipeline<ChunkSlot, ScoredChunk>(reader: reader, firstChunk: firstChunk.map { ($0.chunk, $0.skipRecords) },
                                     window: threads + 2, makeSlot: { ChunkSlot() })
        let engine = self
        try pipeline.run(threads: threads, score: { chunk, skipRecords, slot in
            engine.scoreChunk(chunk, skipRecords: skipRecords, writesOutput: writesOutput, slot: slot)
        }, finish: { (scored: inout ScoredChunk, slot: ChunkSlot) in
            // Visit change across chunks, in input order.
            if layout.tracksVisitChange { carryVisitChange(into: &scored, tracker: &tracker, writes: writesOutput) }
            if let outputSink {
                var output = ChunkOutput(buffer: scored.output, patches: scored.patches, scratch: scored.scratch)
                try output.write(to: outputSink)
            }
            summary.merge(scored.tally.summary(blankLines: scored.blankLines))
            progress?(summary.rows)
            if scored.hasDiagnostics {
                for row in scored.rows where row.hasDiagnostics { scored.forEachDiagnostic(of: row, diagnostics) }
            }
            // Hand the (emptied, still allocated) memory back to the slot.
            scored.rows.removeAll(keepingCapacity: true)
            slot.rows = scored.rows
            scored.localTracker.removeAll()
            slot.tracker = scored.localTracker
        })
        summary.subjects = tracker.subjectCount
        if let sink, writesOutput { try sink.commit() }
        return summary
    }

    // MARK: - Phase 1: parse, score, format

    struct ScoredChunk: @unchecked Sendable {
        /// The input chunk: its bytes hold the rows' subjects and date cells.
        let chunk: CSVChunk
        var rows: [ScoredRow] = []
        /// The rows' own diagnostics, in row order (see ``ScoredRow/diagnosticStart``).
        var diagnostics: [RowDiagnostic] = []
        /// Escaped messages of issues placed at a column, by issue: the text depends only on the issue
        /// and the layout, and building it per row cost more than scoring the row.
        var placedMessages: [ScoringIssue: String] = [:]
        /// Subjects that were quoted cells, unescaped.
        var subjectArena: [UInt8] = []
        /// Any row with a diagnostic, visit change included (most chunks have none).
        var hasDiagnostics = false
        var blankLines = 0
        /// Complete rows, as far as this chunk alone can tell (see `patches`).
        var output: OutputBuffer
        /// Rows whose change-dependent cells were rewritten once earlier chunks were known.
        var patches: [OutputPatch] = []
        /// Where the writer may assemble a patched chunk.
        var scratch: OutputBuffer
        var tally = ScoreTally()
        /// Visit change as seen within this chunk alone.
        var localTracker: VisitChangeTracker

        /// The subject's bytes (valid while the chunk is).
        func withSubject<Result>(of row: ScoredRow, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            if row.subjectOffset >= 0 {
                return body(UnsafeBufferPointer(rebasing: chunk.unsafeBytes[row.subjectOffset..<(row.subjectOffset + row.subjectLength)]))
            }
            return subjectArena.withUnsafeBufferPointer { arena in
                body(UnsafeBufferPointer(rebasing: arena[(-1 - row.subjectOffset)...].prefix(row.subjectLength)))
            }
        }

        /// The row's diagnostics in order: its own, then the visit-change one.
        func forEachDiagnostic(of row: ScoredRow, _ body: (RowDiagnostic) -> Void) {
            for index in Int(row.diagnosticStart)..<Int(row.diagnosticEnd) { body(diagnostics[index]) }
            if let diagnostic = changeDiagnostic(of: row) { body(diagnostic) }
        }

        /// The message cell's bytes appended to `bytes`: every diagnostic of the row, `line L, column C:
        /// ...`, joined by `; ` (no String per diagnostic). `mutating` though it only reads: called on
        /// the row loop's `inout` chunk, a non-mutating method copied the whole chunk for each row.
        mutating func appendMessage(of row: ScoredRow, to bytes: inout [UInt8]) {
            var first = true
            forEachDiagnostic(of: row) { diagnostic in
                if !first {
                    bytes.append(UInt8(ascii: ";"))
                    bytes.append(UInt8(ascii: " "))
                }
                first = false
                diagnostic.appendInlineText(to: &bytes)
            }
        }

        func changeDiagnostic(of row: ScoredRow) -> RowDiagnostic? {
            guard let issue = row.changeIssue else { return nil }
            var message = issue.explanation
            if let previous = row.changePreviousDate { message += " (previous visit \(previous))" }
            let column = row.dateCellStart < 0 ? nil : CSVRecordParser.location(
                ofOffset: row.dateCellStart, in: chunk.unsafeBytes.baseAddress!, count: chunk.unsafeBytes.count,
                recordStart: row.recordStart, recordLine: row.line).column
            return RowDiagnostic(line: row.line, column: column, severity: issue.severity, code: issue.code, message: message)
        }
    }

    /// Memory one pipeline position reuses from chunk to chunk. Each slot is used by one task at a
    /// time; the rows array is moved out (`takeRows`) before it is filled, so appends never copy.
    final class ChunkSlot: @unchecked Sendable {
        /// The chunk's output rows.
        let first = OutputBuffer.inMemory(capacity: 1 << 16)
        /// Room to assemble the chunk with its patches applied.
        let second = OutputBuffer.inMemory(capacity: 1 << 16)
        var rows: [ScoredRow] = []
        var tracker: VisitChangeTracker?

        func takeRows() -> [ScoredRow] {
            defer { rows = [] }
            return rows
        }

        func takeTracker(options: ScoringOptions) -> VisitChangeTracker {
            defer { tracker = nil }
            return tracker ?? VisitChangeTracker(options: options)
        }
    }

    /// Cells written before the change-dependent ones: input columns and the first results.
    var leadingCellCount: Int {
        layout.inputHeaders.count + 9 + (layout.hasExercise ? 2 : 0)
    }

    func scoreChunk(_ chunk: CSVChunk, skipRecords: Int, writesOutput: Bool, slot: ChunkSlot) -> ScoredChunk {
        var output = slot.first
        output.discardPending()
        var result = ScoredChunk(chunk: chunk, rows: slot.takeRows(), output: output, scratch: slot.second,
                                 localTracker: slot.takeTracker(options: layout.options))
        // One allocation at most: a chunk has no more records than line breaks + 1.
        result.rows.reserveCapacity(chunk.lineBreakCount + 1)
        switch format {
        case .csv?, .tsv?:
            var writer = DelimitedTableWriter(buffer: result.output, delimiter: outputDelimiter, decimalComma: decimalCommaOutput)
            scoreRecords(chunk, skipRecords: skipRecords, writer: &writer, writes: writesOutput, into: &result)
        case .json?:
            var writer = JSONLinesTableWriter(buffer: result.output)
            try? writer.writeHeader(layout.outputHeaders)  // keys only; JSON Lines writes no header row
            scoreRecords(chunk, skipRecords: skipRecords, writer: &writer, writes: writesOutput, into: &result)
        case .markdown?:
            var writer = MarkdownTableWriter(buffer: result.output, decimalComma: decimalCommaOutput)
            scoreRecords(chunk, skipRecords: skipRecords, writer: &writer, writes: writesOutput, into: &result)
        case nil:
            var writer = DelimitedTableWriter(buffer: result.output)
            scoreRecords(chunk, skipRecords: skipRecords, writer: &writer, writes: false, into: &result)
        }
        return result
    }

    var outputDelimiter: UInt8 {
        format == .tsv ? 0x09 : (decimalCommaOutput ? UInt8(ascii: ";") : UInt8(ascii: ","))
    }

    /// The row loop, specialised per writer type (no protocol dispatch per cell).
    func scoreRecords<Writer: TableWriter>(_ chunk: CSVChunk, skipRecords: Int, writer: inout Writer, writes: Bool,
                                           into result: inout ScoredChunk) {
        var parser = CSVRecordParser(chunk: chunk, delimiter: delimiter)
        var skipped = 0
        let expectedFields = layout.inputHeaders.count
        let tracks = layout.tracksVisitChange
        var scratch: [UInt8] = []
        scratch.reserveCapacity(256)
        var message: [UInt8] = []
        message.reserveCapacity(512)
        let mark = decimalCommaOutput ? UInt8(ascii: ",") : UInt8(ascii: ".")
        while true {
            var recordError: CSVError? = nil
            do {
                guard try parser.nextRecord() else { break }
            } catch {
                recordError = error
            }
            if skipped < skipRecords { skipped += 1; continue }
            if parser.isBlankRecord && recordError == nil { result.blankLines += 1; continue }
            if let rowFilter, recordError == nil, parser.fieldCount == expectedFields, !rowFilter.keeps(parser) {
                result.tally.removedByFilter += 1
                continue
            }
            let firstDiagnostic = result.diagnostics.count
            // A record with more or fewer fields than the header cannot be matched to its columns:
            // scoring it would read shifted values, so it gets no results, only an error.
            let ragged = parser.fieldCount != expectedFields
            // Filled in place and passed inout from here on: a row returned or passed by value was
            // copied with 16-byte moves right after its one-byte fields were stored, a failed store
            // forward each time.
            var row = ScoredRow(unscoredLine: parser.recordLine)
            if !_slowPath(ragged) { scoreRecord(&parser, into: &result, row: &row) }
            if let recordError {
                result.diagnostics.append(RowDiagnostic(line: recordError.line ?? parser.recordLine, column: recordError.column,
                                                        severity: .error, code: "csv_syntax",
                                                        message: recordError.messageWithoutPlace))
            }
            if ragged {
                result.diagnostics.append(raggedDiagnostic(parser, expected: expectedFields))
            } else if _slowPath(parser.spansLines), let swallowed = swallowedRecordsDiagnostic(parser, expected: expectedFields) {
                result.diagnostics.append(swallowed)
            }
            if result.diagnostics.count > firstDiagnostic {
                row.diagnosticStart = Int32(truncatingIfNeeded: firstDiagnostic)
                row.diagnosticEnd = Int32(truncatingIfNeeded: result.diagnostics.count)
                for index in firstDiagnostic..<result.diagnostics.count {
                    result.tally.countProblem(result.diagnostics[index].code)
                    if result.diagnostics[index].severity == .error { row.baseStatus = .error }
                    else if row.baseStatus == .ok { row.baseStatus = .warning }
                }
                result.hasDiagnostics = true
            }
            if tracks, !ragged, let subjectColumn = layout.subjectColumn, subjectColumn < parser.fieldCount {
                applyVisitChange(to: &row, subject: parser.field(at: subjectColumn), tracker: &result.localTracker)
                if row.changeIssue != nil { result.hasDiagnostics = true }
            }
            if writes {
                writer.beginRow()
                if parser.fieldCount == expectedFields {
                    writer.writeFields(of: &parser)
                } else {
                    for index in 0..<expectedFields {
                        if index < parser.fieldCount { writer.writeText(parser.field(at: index)) } else { writer.writeBlank() }
                    }
                }
                writeLeadingResults(row, to: &writer, scratch: &scratch, mark: mark)
                row.trailingStart = Int32(truncatingIfNeeded: writer.buffer.count)
                if row.hasDiagnostics {
                    message.removeAll(keepingCapacity: true)
                    result.appendMessage(of: row, to: &message)
                }
                writeTrailingResults(&row, message: row.hasDiagnostics ? message : nil, to: &writer,
                                     scratch: &scratch, mark: mark)
                try? writer.endRow()
                row.rowEnd = Int32(truncatingIfNeeded: writer.buffer.count)
            }
            result.tally.add(row)
            result.rows.append(row)
        }
    }

    // MARK: - Phase 2: visit change across chunks

    /// Merges the chunk's subjects into the file's tracker; the rows of subjects seen in earlier
    /// chunks are compared again against their real previous visit, recounted and patched.
    func carryVisitChange(into chunk: inout ScoredChunk, tracker: inout VisitChangeTracker, writes: Bool) {
        let shared = tracker.absorbNewSubjects(from: chunk.localTracker)
        guard !shared.isEmpty else { return }
        // Usually one or two subjects span a chunk boundary: compare hashes in a short list then.
        let hashList = shared.count <= 8 ? shared.map(\.precomputedHash) : []
        let hashSet = shared.count <= 8 ? Set<UInt64>() : Set(shared.map(\.precomputedHash))
        let sharedSubjects = Set(shared.map(\.subject))
        var scratch: [UInt8] = []
        let mark = decimalCommaOutput ? UInt8(ascii: ",") : UInt8(ascii: ".")
        for index in chunk.rows.indices {
            let before = chunk.rows[index]
            guard before.hasSubject, shared.count <= 8 ? hashList.contains(before.subjectHash) : hashSet.contains(before.subjectHash),
                  sharedSubjects.contains(chunk.withSubject(of: before) { String(decoding: $0, as: UTF8.self) })
            else { continue }
            var row = before
            row.change = ScoredRow.none
            row.changeIsSignificant = false
            row.changeIssue = nil
            row.changePreviousDate = nil
            row.flags.remove(.significantChange)
            chunk.withSubject(of: row) { applyVisitChange(to: &row, subject: $0, tracker: &tracker) }
            if row.changeIssue != nil { chunk.hasDiagnostics = true }
            chunk.tally.remove(before)
            chunk.tally.add(row)
            if writes, let format {
                let start = Int(row.trailingStart), end = Int(row.rowEnd)
                var message: [UInt8] = []
                if row.hasDiagnostics { chunk.appendMessage(of: row, to: &message) }
                chunk.patches.append(OutputPatch(range: start..<end,
                                                 replacement: renderTrailing(row, message: row.hasDiagnostics ? message : nil,
                                                                             format: format, scratch: &scratch, mark: mark)))
            }
            chunk.rows[index] = row
        }
    }

    /// The change-dependent cells of one row and its end, as the chunk's writer would write them.
    func renderTrailing(_ row: ScoredRow, message: [UInt8]?, format: TableFormat, scratch: inout [UInt8],
                        mark: UInt8) -> [UInt8] {
        var row = row
        func render<Writer: TableWriter>(_ writer: inout Writer) -> [UInt8] {
            writer.buffer.discardPending()
            writer.continueRow(afterCells: leadingCellCount)
            writeTrailingResults(&row, message: message, to: &writer, scratch: &scratch, mark: mark)
            try? writer.endRow()
            return writer.buffer.pendingBytes
        }
        let buffer = OutputBuffer.inMemory(capacity: 256)
        switch format {
        case .csv, .tsv:
            var writer = DelimitedTableWriter(buffer: buffer, delimiter: outputDelimiter, decimalComma: decimalCommaOutput)
            return render(&writer)
        case .json:
            var writer = JSONLinesTableWriter(buffer: buffer)
            try? writer.writeHeader(layout.outputHeaders)
            return render(&writer)
        case .markdown:
            var writer = MarkdownTableWriter(buffer: buffer, decimalComma: decimalCommaOutput)
            return render(&writer)
        }
    }

    /// Scores the current record; its diagnostics go to `chunk.diagnostics`.
    // The rare paths (invalid cells, issues, unusual dates) are functions of their own: code here
    // that captured `self` in a closure made every row copy the engine. The parser is `inout`
    // though only read: borrowed from the row loop's variable, it was copied (176 bytes) per row.
    func scoreRecord(_ parser: inout CSVRecordParser, into chunk: inout ScoredChunk, row: inout ScoredRow) {
        let fieldCount = parser.fieldCount
        if usesUsualRowShortcut, let columns = layout.usualPressureColumns,
           let usual = scoreUsualRecord(&parser, columns: columns) {
            row.record(usual)
        } else {
            var readings = VisitReadings()
            if _slowPath(layout.readings(of: parser, into: &readings)) { reportInvalidCells(parser, into: &chunk) }
            var score = ABIScorer.score(readings, options: layout.options)
            if let unitColumn = layout.unitColumn, unitColumn < fieldCount,
               let kind = MeasurementChecks.unitIssue(parser.field(at: unitColumn)) {
                score.issues.append(ScoringIssue(kind))
            }
            if _slowPath(!score.issues.isEmpty) { report(score.issues, parser, into: &chunk) }
            row.record(score)
        }
        if let methodColumn = layout.methodColumn, methodColumn < fieldCount {
            row.method = MeasurementMethod.parse(parser.field(at: methodColumn))
        }
        if let subjectColumn = layout.subjectColumn, let dateColumn = layout.dateColumn,
           subjectColumn < fieldCount, dateColumn < fieldCount {
            let subject = parser.field(at: subjectColumn)
            let dateCell = parser.field(at: dateColumn)
            row.recordStart = parser.recordStartOffset
            row.dateCellStart = parser.fieldRawStart(at: dateColumn)
            if !subject.isEmpty {
                row.subjectLength = subject.count
                row.subjectHash = VisitChangeTracker.subjectHash(subject)
                let chunkBytes = chunk.chunk.unsafeBytes
                if let start = subject.baseAddress, let chunkStart = chunkBytes.baseAddress, start >= chunkStart,
                   start < chunkStart + chunkBytes.count {
                    row.subjectOffset = start - chunkStart
                } else {
                    row.subjectOffset = -1 - chunk.subjectArena.count
                    chunk.subjectArena.append(contentsOf: subject)
                }
            }
            if let date = VisitDate.parse(dateCell) {
                row.date = date
            } else if !dateCell.isEmpty {
                row.date = otherDate(dateCell, column: dateColumn, parser, into: &chunk)
            }
        }
    }

    /// The usual-row shortcut: a record whose pressure cells are each empty or 1-3 plain digits
    /// (1 mmHg up to the maximum) is scored by `ABIScorer.scoreUsualReadings` straight from them,
    /// without building `VisitReadings` and a `VisitScore`; nil for any other record, and for a visit
    /// that is not a usual one, which then takes the general path. Read that way, such cells are what
    /// `PressureCell.parse` makes of them (no reading, or one measured reading), so the row is the one
    /// the general path gives (`ScoreEngineShortcutTests` compares whole outputs with it off).
    /// `inout` though only read, as in ``scoreRecord(_:into:row:)``: borrowed, the parser was copied.
    @inline(__always)
    func scoreUsualRecord(_ parser: inout CSVRecordParser,
                          columns: ScoreLayout.UsualPressureColumns) -> ABIScorer.UsualVisitScore? {
        guard let leftArm = usualCellNanounits(&parser, column: columns.brachialLeft),
              let rightArm = usualCellNanounits(&parser, column: columns.brachialRight),
              let leftDP = usualCellNanounits(&parser, column: columns.ankleDPLeft),
              let leftPT = usualCellNanounits(&parser, column: columns.anklePTLeft),
              let rightDP = usualCellNanounits(&parser, column: columns.ankleDPRight),
              let rightPT = usualCellNanounits(&parser, column: columns.anklePTRight) else { return nil }
        return ABIScorer.scoreUsualReadings(leftArm: leftArm, rightArm: rightArm, leftDP: leftDP, leftPT: leftPT,
                                            rightDP: rightDP, rightPT: rightPT, options: layout.options)
    }

    /// The pressure of `column`'s cell for the usual-row shortcut (``usualCellNanounits(of:)``); 0
    /// when the site has no column.
    @inline(__always)
    func usualCellNanounits(_ parser: inout CSVRecordParser, column: Int) -> UInt64? {
        guard column >= 0 else { return 0 }
        return Self.usualCellNanounits(of: parser.field(at: column))
    }

    /// A pressure cell in nanounits for the usual-row shortcut: 0 for an empty cell (not measured),
    /// the value for 1-3 digits from 1 to the maximum; nil for anything else (the general path).
    @inline(__always)
    static func usualCellNanounits(of cell: UnsafeBufferPointer<UInt8>) -> UInt64? {
        if cell.isEmpty { return 0 }
        // 0 is an absent signal, above the maximum invalid: the general path says so.
        guard let value = PressureCell.plainDigitsValue(cell), value != 0, value <= PressureCell.maximumMillimetres
        else { return nil }
        return UInt64(value) &* ExactPressure.nanounitsPerMillimetre
    }

    /// An invalid-pressure error for each pressure cell of the record that is not one.
    @inline(never)
    func reportInvalidCells(_ parser: borrowing CSVRecordParser, into chunk: inout ScoredChunk) {
        layout.invalidCells(of: parser) { pressure, cell, reason in
            chunk.diagnostics.append(RowDiagnostic(
                line: parser.fieldLine(at: pressure.column), column: parser.fieldColumn(at: pressure.column),
                severity: .error, code: "invalid_pressure",
                message: "\(header(pressure.column, role: pressure.site.code)) '\(String(decoding: cell, as: UTF8.self))': "
                    + "invalid pressure: " + reason.explanation))
        }
    }

    /// The scoring issues of the record, each placed at the cell it is about when there is one.
    @inline(never)
    func report(_ issues: [ScoringIssue], _ parser: borrowing CSVRecordParser, into chunk: inout ScoredChunk) {
        let fieldCount = parser.fieldCount
        for issue in issues {
            if case .invalidPressure = issue.kind { continue }  // reported per cell
            // Plain ifs, not `flatMap(layout.firstColumn(of:))`: a method reference copied the layout.
            var column: Int? = nil
            if let site = issue.site { column = layout.firstColumn(of: site) }
            if column == nil, let limb = issue.limb { column = layout.firstAnkleColumn(of: limb) }
            if column == nil, issue.kind == .unitNotMillimetresOfMercury { column = layout.unitColumn }
            guard let place = column.flatMap({ $0 < fieldCount ? $0 : nil }) else {
                chunk.diagnostics.append(RowDiagnostic(line: parser.recordLine, column: nil, severity: issue.severity,
                                                       code: issue.code, message: issue.message))
                continue
            }
            let message: String
            if let cached = chunk.placedMessages[issue] {
                message = cached
            } else {
                let subject = issue.site.map { header(place, role: $0.code) }
                    ?? issue.limb.map { header(place) + " (" + $0.code + " leg)" } ?? header(place)
                message = TerminalSafeText.escaped(subject + ": " + issue.kind.explanation)
                chunk.placedMessages[issue] = message
            }
            let location = parser.fieldLocation(at: place)
            chunk.diagnostics.append(RowDiagnostic(
                line: location.line, column: location.column,
                severity: issue.severity, code: issue.code, escapedMessage: message))
        }
    }

    /// A visit date in another spelling than `yyyy-mm-dd` (`--date-format`, a time of day), or nil
    /// with an invalid-date error.
    @inline(never)
    func otherDate(_ dateCell: UnsafeBufferPointer<UInt8>, column dateColumn: Int, _ parser: borrowing CSVRecordParser,
                   into chunk: inout ScoredChunk) -> VisitDate? {
        let reason: String
        switch VisitTime.parse(dateCell, format: layout.dateFormat) {
        case .date(_, let day):
            return day
        case .invalid(let message):
            reason = message
        case .notADate:
            reason = layout.dateFormat == .iso
                ? "expected yyyy-mm-dd or yyyy-mm-dd hh:mm (other spellings with --date-format)"
                : "expected yyyy-mm-dd, yyyy-mm-dd hh:mm or \(layout.dateFormat.rawValue)"
        }
        chunk.diagnostics.append(RowDiagnostic(
            line: parser.fieldLine(at: dateColumn), column: parser.fieldColumn(at: dateColumn),
            severity: .error, code: ScoringIssueKind.invalidVisitDate.code,
            message: "\(header(dateColumn)) '\(String(decoding: dateCell, as: UTF8.self))': "
                + "invalid visit date: " + reason))
        return nil
    }

    /// The column's header, with the role it was read as when the header does not say it already.
    func header(_ column: Int, role: String? = nil) -> String {
        let name = column < layout.inputHeaders.count ? layout.inputHeaders[column] : "column \(column + 1)"
        guard let role, name != role else { return name }
        return name + " (" + role + ")"
    }

    func raggedDiagnostic(_ parser: borrowing CSVRecordParser, expected: Int) -> RowDiagnostic {
        let count = parser.fieldCount
        var message = "record has \(count) field\(count == 1 ? "" : "s"), expected \(expected) as in the header; "
            + "not scored (its values cannot be matched to columns)"
        if count < expected {
            message += "; missing cells written blank"
        } else {
            let extra = (expected..<count).map { "'" + parser.fieldString(at: $0) + "'" }.joined(separator: ", ")
            message += "; extra cells not copied to the output: " + extra
        }
        return RowDiagnostic(line: parser.recordLine, column: nil, severity: .error, code: "ragged_record", message: message)
    }

    /// A quoted field that spans lines, one of whose later lines holds as many delimiters as a whole
    /// record (at least 2): almost surely a quote left open in this record and closed by a stray quote
    /// at the end of a later line, so the lines in between, records of their own, were read as this
    /// cell (Python's csv module reads them so too). Reported as an error at the opening quote, since
    /// the reader cannot tell it from a note that really spans lines. Nil for anything else.
    func swallowedRecordsDiagnostic(_ parser: borrowing CSVRecordParser, expected: Int) -> RowDiagnostic? {
        guard expected >= 3 else { return nil }
        let delimiter = parser.delimiter
        for index in 0..<parser.fieldCount {
            let field = parser.field(at: index)
            var line = 0, delimiters = 0, suspicious: Int?
            var i = 0
            while i < field.count {
                let byte = field[i]
                if byte == 0x0A || byte == 0x0D {
                    if suspicious == nil && line > 0 && delimiters >= expected - 1 { suspicious = line }
                    if byte == 0x0D && i + 1 < field.count && field[i + 1] == 0x0A { i += 1 }
                    line += 1
                    delimiters = 0
                } else if byte == delimiter {
                    delimiters += 1
                }
                i += 1
            }
            if suspicious == nil && line > 0 && delimiters >= expected - 1 { suspicious = line }
            guard let suspicious else { continue }
            let openedLine = parser.fieldLine(at: index)
            return RowDiagnostic(
                line: openedLine, column: parser.fieldColumn(at: index), severity: .error, code: "quote_spans_records",
                message: "\(header(index)): quoted field opened here runs over \(line + 1) lines, and line "
                    + "\(openedLine + suspicious) inside it holds \(expected - 1) or more delimiters like a whole record: "
                    + "a quote left open here was probably closed by a stray quote on a later line, and the records "
                    + "in between were read as this cell; check the quotes of this cell")
        }
        return nil
    }

    // MARK: - Phase 2: visit change

    /// Compares the row with its subject's previous visit (`subject`: the row's subject bytes).
    func applyVisitChange(to row: inout ScoredRow, subject: UnsafeBufferPointer<UInt8>, tracker: inout VisitChangeTracker) {
        guard row.hasSubject, let date = row.date else { return }
        let change = tracker.observePacked(subjectUTF8: subject, hash: row.subjectHash, date: date, abi: ScoredRow.unpack(row.abi))
        row.change = ScoredRow.pack(change.deltaHundredths)
        row.changeIsSignificant = change.isSignificant
        if change.isSignificant { row.flags.insert(.significantChange) }
        row.changeIssue = change.issue
        row.changePreviousDate = change.issue == nil ? nil : change.previousDate
    }

    /// Writes hundredths as `0.91`, `-0.15`, `12.00`, or a blank cell.
    @inline(__always)
    func writeHundredths<Writer: TableWriter>(_ packed: Int32, to writer: inout Writer, mark: UInt8) {
        if packed == ScoredRow.none { writer.writeBlank() } else { writer.writeHundredths(Int(packed), decimalMark: mark) }
    }

    @inline(__always)
    func writeCode<Writer: TableWriter>(_ code: Int?, to writer: inout Writer) {
        guard let code else { writer.writeBlank(); return }
        writer.writeCode(codes[code])
    }

    /// abi_left ... interarm_diff and the exercise columns: the results that do not depend on
    /// other rows.
    func writeLeadingResults<Writer: TableWriter>(_ row: ScoredRow, to writer: inout Writer, scratch: inout [UInt8],
                                                  mark: UInt8) {
        writeHundredths(row.abiLeft, to: &writer, mark: mark)
        writeHundredths(row.abiRight, to: &writer, mark: mark)
        writeHundredths(row.abi, to: &writer, mark: mark)
        writeCode(row.category.map { categoryCodes[Self.index(of: $0)] }, to: &writer)
        writeCode(row.severity.map { severityCodes[Self.index(of: $0)] }, to: &writer)
        writeHundredths(row.tbiLeft, to: &writer, mark: mark)
        writeHundredths(row.tbiRight, to: &writer, mark: mark)
        if let grade = row.wifiGrade { writer.writeInteger(grade.rawValue) } else { writer.writeBlank() }
        if row.interArmDifference != ScoredRow.none {
            // Trailing zeros dropped: 4, 2.5, 10.25 (an exact mean of readings, in mmHg).
            writer.writeTrimmedHundredths(Int(row.interArmDifference), decimalMark: mark)
        } else {
            writer.writeBlank()
        }
        if layout.hasExercise {
            writeHundredths(row.exerciseLeft, to: &writer, mark: mark)
            writeHundredths(row.exerciseRight, to: &writer, mark: mark)
        }
    }

    /// abi_change, flags, status, message: the results the visit-change pass can change.
    /// `row` is `inout` though only read: passed by value from the row loop, it was copied.
    func writeTrailingResults<Writer: TableWriter>(_ row: inout ScoredRow, message: [UInt8]?, to writer: inout Writer,
                                                   scratch: inout [UInt8], mark: UInt8) {
        if layout.tracksVisitChange {
            writeHundredths(row.change, to: &writer, mark: mark)
        }
        if row.flags.isEmpty {
            writer.writeBlank()
        } else {
            // Assembled on the stack (room for every flag): no array growth checks per code.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: codes.flagTextCapacity) { text in
                let out = text.baseAddress!
                var used = 0
                // The set bits, lowest first: the stable order (`ScoreFlags.ordered` is in bit order).
                var bits = row.flags.rawValue
                while bits != 0 {
                    if used > 0 {
                        out[used] = UInt8(ascii: ";")
                        used &+= 1
                    }
                    let code = codes[flagCodes[bits.trailingZeroBitCount]]
                    (out + used).update(from: code.baseAddress!, count: code.count)
                    used &+= code.count
                    bits &= bits &- 1
                }
                writer.writeCode(UnsafeBufferPointer(start: out, count: used))
            }
        }
        let status = row.status
        writer.writeCode(codes[statusCodes[status == .ok ? 0 : status == .warning ? 1 : 2]])
        if let message { message.withUnsafeBufferPointer { writer.writeText($0) } } else { writer.writeBlank() }
    }

    /// Position in the code tables (built in this order in `init`).
    @inline(__always)
    static func index(of category: ABICategory) -> Int {
        switch category {
        case .noncompressible: 0
        case .normal: 1
        case .borderline: 2
        case .abnormal: 3
        }
    }

    @inline(__always)
    static func index(of severity: PADSeverity) -> Int {
        switch severity {
        case .mild: 0
        case .moderate: 1
        case .mildToModerate: 2
        case .severe: 3
        }
    }


}

/// Fixed ASCII codes in one block of memory that lives as long as the engine: the row loop writes
/// them by index without reference counting.
final class CodeTable: @unchecked Sendable {
    private var pending: [UInt8] = []
    private var ranges: [Range<Int>] = []
    private var storage = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    private var slices: [UnsafeBufferPointer<UInt8>] = []

    /// Adds a code before ``seal()``; returns its index.
    func add(_ code: String) -> Int {
        ranges.append(pending.count..<(pending.count + code.utf8.count))
        pending.append(contentsOf: code.utf8)
        return ranges.count - 1
    }

    /// Bytes enough for every code joined by one separator each (the flags cell at its longest).
    private(set) var flagTextCapacity = 1

    /// Copies the codes to their final memory.
    func seal() {
        flagTextCapacity = pending.count + ranges.count + 1
        storage = .allocate(capacity: max(pending.count, 1))
        _ = storage.initialize(from: pending)
        slices = ranges.map { UnsafeBufferPointer(rebasing: storage[$0]) }
    }

    subscript(index: Int) -> UnsafeBufferPointer<UInt8> { slices[index] }

    deinit { storage.deallocate() }
}
