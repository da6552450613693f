import ABICore
import Dispatch

/// Streams a CSV of ABI readings through ABICore and writes one output row per input record, in
/// input order, with every input column unchanged and the results appended.
///
/// Chunks of whole records are scored on all cores, in rounds: score each chunk in parallel, then
/// carry visit-to-visit change through the round in input order (it depends on earlier rows), then
/// format the chunks in parallel and write them in order. Memory is bounded by the round size
/// (`threads` x 2 chunks of `CSVReaderOptions.blockSize`), not by the file.
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

    public init(layout: ScoreLayout, delimiter: UInt8, format: TableFormat?, decimalCommaOutput: Bool, threads: Int,
                sourceName: String) {
        precondition(threads >= 1, "threads must be at least 1")
        self.layout = layout
        self.delimiter = delimiter
        self.format = format
        self.decimalCommaOutput = decimalCommaOutput
        self.threads = threads
        self.sourceName = sourceName
    }

    /// Scores every record `reader` yields (the header record, if any, must already have been taken
    /// from `firstChunk` by the caller: pass the number of leading records to skip in it).
    ///
    /// - Parameters:
    ///   - firstChunk: the chunk the header was read from, and how many records of it to skip.
    ///   - sink: where output rows go (ignored when `format` is nil).
    ///   - diagnostics: called in input order with every problem found.
    /// - Returns: counts over the file.
    public func run(reader: CSVChunkReader, firstChunk: (chunk: CSVChunk, skipRecords: Int)?, sink: OutputSink?,
                    diagnostics: (RowDiagnostic) -> Void) throws -> ScoreSummary {
        var summary = ScoreSummary()
        var tracker = VisitChangeTracker(options: layout.options)
        var writer: (any TableWriter)? = nil
        if let format, let sink {
            var mainWriter = format.makeWriter(sink: sink, decimalComma: decimalCommaOutput)
            try mainWriter.writeHeader(layout.outputHeaders)
            writer = mainWriter
        }
        var pending = firstChunk.map { [($0.chunk, $0.skipRecords)] } ?? []
        let roundSize = threads * 2
        var finished = false
        while !finished {
            while pending.count < roundSize {
                guard let chunk = try reader.nextChunk() else { finished = true; break }
                pending.append((chunk, 0))
            }
            if pending.isEmpty { break }
            let round = pending
            pending.removeAll(keepingCapacity: true)

            // 1. Score each chunk (parallel).
            var scored = parallelMap(round) { scoreChunk($0.0, skipRecords: $0.1) }

            // 2. Visit-to-visit change, in input order (sequential: depends on earlier rows).
            if layout.tracksVisitChange {
                for index in scored.indices {
                    for row in scored[index].rows.indices {
                        applyVisitChange(to: &scored[index].rows[row], tracker: &tracker)
                    }
                }
            }

            // 3. Count and format (parallel), then write in order.
            let finished = parallelMap(Array(zip(round, scored))) { item in
                (item.1.rows.reduce(into: ScoreTally()) { $0.add($1) },
                 formatChunk(item.0.0, skipRecords: item.0.1, rows: item.1.rows))
            }
            if var mainWriter = writer {
                try mainWriter.buffer.flush()  // the header goes first
                for var (_, bytes) in finished { try bytes.write(to: mainWriter.buffer.sink) }
                writer = mainWriter
            }
            for (index, chunk) in scored.enumerated() {
                summary.merge(finished[index].0.summary(blankLines: chunk.blankLines))
                for row in chunk.rows {
                    for diagnostic in row.diagnostics { diagnostics(diagnostic) }
                }
            }
        }
        summary.subjects = tracker.subjectCount
        if var mainWriter = writer { try mainWriter.finish() }
        return summary
    }

    // MARK: - Phase 1: score

    struct ScoredChunk: Sendable {
        var rows: [ScoredRow] = []
        var blankLines = 0
    }

    func scoreChunk(_ chunk: CSVChunk, skipRecords: Int) -> ScoredChunk {
        var result = ScoredChunk()
        // About one allocation per chunk for typical rows of 40+ bytes.
        result.rows.reserveCapacity(chunk.byteCount / 40 + 1)
        var parser = CSVRecordParser(chunk: chunk, delimiter: delimiter)
        var skipped = 0
        let expectedFields = layout.inputHeaders.count
        while true {
            var recordError: CSVError? = nil
            do {
                guard try parser.nextRecord() else { break }
            } catch {
                recordError = error
            }
            if skipped < skipRecords { skipped += 1; continue }
            if parser.isBlankRecord && recordError == nil { result.blankLines += 1; continue }
            var row = scoreRecord(parser)
            if let recordError {
                row.diagnostics.append(RowDiagnostic(line: recordError.line ?? parser.recordLine, column: recordError.column,
                                                     severity: .error, code: "csv_syntax", message: recordError.description))
            }
            if parser.fieldCount != expectedFields {
                row.diagnostics.append(raggedDiagnostic(parser, expected: expectedFields))
            }
            result.rows.append(row)
        }
        return result
    }

    func scoreRecord(_ parser: borrowing CSVRecordParser) -> ScoredRow {
        var readings = VisitReadings()
        var diagnostics: [RowDiagnostic] = []
        let fieldCount = parser.fieldCount
        for pressure in layout.pressureColumns where pressure.column < fieldCount {
            let cell = parser.field(at: pressure.column)
            let reading = PressureCell.parse(cell, decimalComma: layout.decimalComma)
            if case .invalid(let reason) = reading {
                diagnostics.append(RowDiagnostic(
                    line: parser.fieldLine(at: pressure.column), column: parser.fieldColumn(at: pressure.column),
                    severity: .error, code: "invalid_pressure",
                    message: "\(header(pressure.column, role: pressure.site.code)) '\(String(decoding: cell, as: UTF8.self))': "
                        + "invalid pressure: " + reason.explanation))
            }
            readings.add(reading, at: pressure.site)
        }
        var score = ABIScorer.score(readings, options: layout.options)
        if let unitColumn = layout.unitColumn, unitColumn < fieldCount,
           let kind = MeasurementChecks.unitIssue(parser.field(at: unitColumn)) {
            score.issues.append(ScoringIssue(kind))
        }
        for issue in score.issues {
            if case .invalidPressure = issue.kind { continue }  // reported per cell above
            let column = issue.site.flatMap(layout.firstColumn(of:))
                ?? issue.limb.flatMap(layout.firstAnkleColumn(of:))
                ?? (issue.kind == .unitNotMillimetresOfMercury ? layout.unitColumn : nil)
            let place = column.flatMap { $0 < fieldCount ? $0 : nil }
            var message = issue.message
            if let place {
                let subject = issue.site.map { header(place, role: $0.code) }
                    ?? issue.limb.map { header(place) + " (" + $0.code + " leg)" } ?? header(place)
                message = subject + ": " + issue.kind.explanation
            }
            diagnostics.append(RowDiagnostic(
                line: place.map { parser.fieldLine(at: $0) } ?? parser.recordLine,
                column: place.map { parser.fieldColumn(at: $0) },
                severity: issue.severity, code: issue.code, message: message))
        }
        var row = ScoredRow(line: parser.recordLine, score: score)
        row.diagnostics = diagnostics
        if let methodColumn = layout.methodColumn, methodColumn < fieldCount {
            row.method = MeasurementMethod.parse(parser.field(at: methodColumn))
        }
        if let subjectColumn = layout.subjectColumn, let dateColumn = layout.dateColumn,
           subjectColumn < fieldCount, dateColumn < fieldCount {
            let subject = parser.field(at: subjectColumn)
            let dateCell = parser.field(at: dateColumn)
            row.dateColumn = parser.fieldColumn(at: dateColumn)
            if !subject.isEmpty {
                row.subject = String(decoding: subject, as: UTF8.self)
            }
            if let date = VisitDate.parse(dateCell) {
                row.date = date
            } else if !dateCell.isEmpty {
                row.diagnostics.append(RowDiagnostic(
                    line: parser.fieldLine(at: dateColumn), column: row.dateColumn, severity: .error,
                    code: ScoringIssueKind.invalidVisitDate.code,
                    message: "\(header(dateColumn)) '\(String(decoding: dateCell, as: UTF8.self))': "
                        + "invalid visit date; expected yyyy-mm-dd"))
            }
        }
        return row
    }

    /// The column's header, with the role it was read as when the header does not say it already.
    func header(_ column: Int, role: String? = nil) -> String {
        let name = column < layout.inputHeaders.count ? layout.inputHeaders[column] : "column \(column + 1)"
        guard let role, name != role else { return name }
        return name + " (" + role + ")"
    }

    func raggedDiagnostic(_ parser: borrowing CSVRecordParser, expected: Int) -> RowDiagnostic {
        let count = parser.fieldCount
        var message = "\(count) fields, expected \(expected) as in the header"
        if count < expected {
            message += "; missing cells read as blank"
        } else {
            let extra = (expected..<count).map { "'" + parser.fieldString(at: $0) + "'" }.joined(separator: ", ")
            message += "; extra cells not copied to the output: " + extra
        }
        return RowDiagnostic(line: parser.recordLine, column: nil, severity: .warning, code: "ragged_record", message: message)
    }

    // MARK: - Phase 2: visit change

    func applyVisitChange(to row: inout ScoredRow, tracker: inout VisitChangeTracker) {
        if let subject = row.subject, let date = row.date {
            let change = tracker.observe(subject: subject, date: date, abi: ScoredRow.unpack(row.abi))
            row.change = ScoredRow.pack(change.deltaHundredths)
            row.changeIsSignificant = change.isSignificant
            if change.isSignificant { row.flags.insert(.significantChange) }
            if let issue = change.issue {
                var message = issue.explanation
                if let previous = change.previousDate { message += " (previous visit \(previous))" }
                row.diagnostics.append(RowDiagnostic(line: row.line, column: row.dateColumn, severity: issue.severity,
                                                     code: issue.code, message: message))
            }
        }
    }

    // MARK: - Phase 3: format

    func formatChunk(_ chunk: CSVChunk, skipRecords: Int, rows: [ScoredRow]) -> OutputBuffer {
        guard let format else { return .inMemory(capacity: 64) }
        var writer = format.makeWriter(buffer: .inMemory(capacity: chunk.byteCount * 2 + 4096), decimalComma: decimalCommaOutput)
        // Prime the writer with the column names (JSON keys) without emitting them.
        try? writer.writeHeader(layout.outputHeaders)
        writer.buffer.discardPending()
        formatRows(&writer, chunk: chunk, skipRecords: skipRecords, rows: rows)
        return writer.buffer
    }

    func formatRows<Writer: TableWriter>(_ writer: inout Writer, chunk: CSVChunk, skipRecords: Int, rows: [ScoredRow]) {
        var parser = CSVRecordParser(chunk: chunk, delimiter: delimiter)
        var skipped = 0
        var rowIndex = 0
        var scratch: [UInt8] = []
        scratch.reserveCapacity(256)
        let expectedFields = layout.inputHeaders.count
        let mark = decimalCommaOutput ? UInt8(ascii: ",") : UInt8(ascii: ".")
        while true {
            var hadError = false
            do {
                guard try parser.nextRecord() else { break }
            } catch {
                hadError = true
            }
            if skipped < skipRecords { skipped += 1; continue }
            if parser.isBlankRecord && !hadError { continue }
            guard rowIndex < rows.count else { break }
            let row = rows[rowIndex]
            rowIndex += 1
            writer.beginRow()
            if parser.fieldCount == expectedFields {
                writer.writeFields(of: parser)
            } else {
                for index in 0..<expectedFields {
                    if index < parser.fieldCount { writer.writeText(parser.field(at: index)) } else { writer.writeBlank() }
                }
            }
            writeResults(row, to: &writer, scratch: &scratch, mark: mark)
            try? writer.endRow()
        }
    }

    @inline(__always)
    func writeHundredths<Writer: TableWriter>(_ value: Int?, to writer: inout Writer, scratch: inout [UInt8], mark: UInt8) {
        guard let value else { writer.writeBlank(); return }
        scratch.removeAll(keepingCapacity: true)
        DecimalText.appendHundredths(value, to: &scratch, decimalMark: mark)
        scratch.withUnsafeBufferPointer { writer.writeNumericText($0) }
    }

    @inline(__always)
    func writeCode<Writer: TableWriter>(_ code: StaticString?, to writer: inout Writer) {
        guard let code else { writer.writeBlank(); return }
        writer.writeText(UnsafeBufferPointer(start: code.utf8Start, count: code.utf8CodeUnitCount))
    }

    func writeResults<Writer: TableWriter>(_ row: ScoredRow, to writer: inout Writer, scratch: inout [UInt8], mark: UInt8) {
        writeHundredths(ScoredRow.unpack(row.abiLeft), to: &writer, scratch: &scratch, mark: mark)
        writeHundredths(ScoredRow.unpack(row.abiRight), to: &writer, scratch: &scratch, mark: mark)
        writeHundredths(ScoredRow.unpack(row.abi), to: &writer, scratch: &scratch, mark: mark)
        if let category = row.category { writer.writeText(category.code) } else { writer.writeBlank() }
        if let severity = row.severity { writer.writeText(severity.code) } else { writer.writeBlank() }
        writeHundredths(ScoredRow.unpack(row.tbiLeft), to: &writer, scratch: &scratch, mark: mark)
        writeHundredths(ScoredRow.unpack(row.tbiRight), to: &writer, scratch: &scratch, mark: mark)
        if let grade = row.wifiGrade { writer.writeInteger(grade.rawValue) } else { writer.writeBlank() }
        if let difference = ScoredRow.unpack(row.interArmDifference) {
            // Trailing zeros dropped: 4, 2.5, 10.25 (an exact mean of readings, in mmHg).
            scratch.removeAll(keepingCapacity: true)
            ExactDecimal(significand: Int64(difference), scale: 2).trimmed.append(to: &scratch, decimalMark: mark)
            scratch.withUnsafeBufferPointer { writer.writeNumericText($0) }
        } else {
            writer.writeBlank()
        }
        if layout.hasExercise {
            writeHundredths(ScoredRow.unpack(row.exerciseLeft), to: &writer, scratch: &scratch, mark: mark)
            writeHundredths(ScoredRow.unpack(row.exerciseRight), to: &writer, scratch: &scratch, mark: mark)
        }
        if layout.tracksVisitChange {
            writeHundredths(ScoredRow.unpack(row.change), to: &writer, scratch: &scratch, mark: mark)
        }
        scratch.removeAll(keepingCapacity: true)
        row.flags.appendCodes(to: &scratch)
        scratch.withUnsafeBufferPointer { writer.writeText($0) }
        writer.writeText(row.status.code)
        if row.diagnostics.isEmpty {
            writer.writeBlank()
        } else {
            writer.writeText(row.diagnostics.map(\.inlineText).joined(separator: "; "))
        }
    }

    // MARK: - Parallel map

    /// Applies `transform` to every element on up to `threads` threads; results in input order.
    func parallelMap<Input, Output>(_ inputs: [Input], _ transform: (Input) -> Output) -> [Output] {
        if threads == 1 || inputs.count <= 1 { return inputs.map(transform) }
        let results = UnsafeMutableBufferPointer<Output?>.allocate(capacity: inputs.count)
        results.initialize(repeating: nil)
        nonisolated(unsafe) let unsafeResults = results
        withoutActuallyEscaping(transform) { transform in
            nonisolated(unsafe) let transform = transform
            nonisolated(unsafe) let inputs = inputs
            DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
                unsafeResults[index] = transform(inputs[index])
            }
        }
        // Move the results out so the buffer can be freed without leaking them.
        let outputs = results.indices.compactMap { index in results.moveElement(from: index) }
        results.deallocate()
        precondition(outputs.count == inputs.count, "every parallel task yields a result")
        return outputs
    }
}
