import ABICore
import ABIStatistics
import Dispatch
import ABIIO

/// Per-subject trends in one pass over a file.
///
/// Chunks of records are parsed in parallel (subject and group cells, time, measure values,
/// ABI from the pressures), then merged in input order into one table per shard of subjects
/// (shards run in parallel; a subject always lands in the same shard, so its visits are seen in
/// input order). With only OLS (`--method ols`) each subject x measure keeps a
/// `LinearTrendAccumulator` (constant memory per subject); Theil-Sen, Mann-Kendall and the
/// interrupted time series need every point of a subject, so then the points are kept (16 bytes
/// a value). The text of the file is never held. Fits run in parallel at the end; output rows come
/// in order of each subject's first appearance in the file.
public struct TrendEngine {
    public let configuration: TrendConfiguration
    public let sourceName: String

    public init(configuration: TrendConfiguration, sourceName: String) {
        self.configuration = configuration
        self.sourceName = sourceName
    }

    // MARK: - Parsed chunks

    /// A value type: the hot loop mutates locals, with no dynamic exclusivity checks.
    struct ParsedChunk: @unchecked Sendable {
        var count = 0
        var keyArena: [UInt8] = []
        var keyEnds: [Int] = []
        var subjectLengths: [Int] = []
        var keyHashes: [UInt64] = []
        var subjectHashes: [UInt64] = []
        var times: [Double] = []
        var values: [Double] = []
        var interventions: [Double] = []
        /// yyyymmdd of the visit (0 without a date) and ABI hundredths (Int32.min without one),
        /// for visit-to-visit change.
        var packedDays: [Int32] = []
        var abiHundredths: [Int32] = []
        var firstDateLine: Int?
        var firstNumberLine: Int?
        var firstInterventionDateLine: Int?
        var firstInterventionNumberLine: Int?
        var fatal: TrendProblem?
        var warnings: [TrendProblem] = []
        var warningCount = 0
        var rowsWithoutSubject = 0
        var rowsWithoutTime = 0
        var records = 0
        var blankLines = 0
        var removedByFilter = 0

        mutating func warn(_ problem: TrendProblem) {
            warningCount += 1
            if warnings.count < 20 { warnings.append(problem) }
        }
    }

    func parse(_ chunk: CSVChunk, skipRecords: Int, delimiter: UInt8) -> ParsedChunk {
        var result = ParsedChunk()
        let config = configuration
        let measureCount = config.measures.count
        let abiMeasureIndex = config.abiMeasureIndex
        let tracksABI = abiMeasureIndex != nil
        var parser = CSVRecordParser(chunk: chunk, delimiter: delimiter)
        // Columns after the last one read are only scanned for the record's end.
        parser.fieldLimit = config.columnsRead
        var skipped = 0
        var key: [UInt8] = []
        key.reserveCapacity(64)
        let estimate = chunk.byteCount / 40 + 16
        result.times.reserveCapacity(estimate)
        result.values.reserveCapacity(estimate * measureCount)
        result.keyArena.reserveCapacity(estimate * 8)
        let expectedFields = config.headers.count
        while true {
            var recordError: CSVError?
            do {
                guard try parser.nextRecord() else { break }
            } catch {
                // An unclosed quote: the reader resumed at the next line and the record is readable;
                // reported, not fatal, so no later record is lost.
                recordError = error
            }
            if skipped < skipRecords { skipped += 1; continue }
            if let recordError {
                result.warn(TrendProblem(line: recordError.line ?? parser.recordLine, column: recordError.column,
                                         message: recordError.messageWithoutPlace))
            } else if parser.isBlankRecord {
                result.blankLines += 1
                continue
            }
            let fieldCount = parser.fieldCount
            // A record with more or fewer fields than the header cannot be matched to its columns:
            // its values (and what `--where` would test) would come from the wrong columns, so it
            // is left out and reported.
            let recordFieldCount = parser.recordFieldCount
            if _slowPath(recordFieldCount != expectedFields) {
                result.records += 1
                result.warn(TrendProblem(line: parser.recordLine, column: nil,
                                         message: "record has \(recordFieldCount) field\(recordFieldCount == 1 ? "" : "s"), expected "
                                            + "\(expectedFields) as in the header; row left out (its values cannot be matched to columns)"))
                continue
            }
            if let rowFilter = config.rowFilter, !rowFilter.keeps(parser) { result.removedByFilter += 1; continue }
            result.records += 1
            // Subject and groups.
            guard config.subjectColumn < fieldCount else { result.rowsWithoutSubject += 1; continue }
            let subject = trimmed(parser.field(at: config.subjectColumn))
            if subject.count == 0 {
                result.rowsWithoutSubject += 1
                result.warn(TrendProblem(line: parser.recordLine, column: parser.fieldColumn(at: config.subjectColumn),
                                         message: "\(config.headers[config.subjectColumn]): blank subject; row left out"))
                continue
            }
            key.removeAll(keepingCapacity: true)
            key.append(contentsOf: subject)
            let subjectHash = key.withUnsafeBufferPointer { TrendKeyTable.fnv1a($0) }
            var keyHash = subjectHash
            for column in config.groupColumns {
                key.append(0x1F)
                if column < fieldCount { key.append(contentsOf: trimmed(parser.field(at: column))) }
            }
            if !config.groupColumns.isEmpty {
                keyHash = key.withUnsafeBufferPointer { TrendKeyTable.fnv1a($0) }
            }
            // Time.
            var time = Double.nan
            var packedDay: Int32 = 0
            if config.timeColumn < fieldCount {
                switch TrendTimeParser.parse(parser.field(at: config.timeColumn), format: config.dateFormat,
                                             decimalMark: config.decimalMark) {
                case .missing:
                    result.rowsWithoutTime += 1
                case .number(let value):
                    time = value
                    if result.firstNumberLine == nil { result.firstNumberLine = parser.recordLine }
                case .date(let days, let day):
                    time = days
                    packedDay = Int32(day.year * 10_000 + day.month * 100 + day.day)
                    if result.firstDateLine == nil { result.firstDateLine = parser.recordLine }
                case .invalid(let reason):
                    result.fatal = TrendProblem(
                        line: parser.fieldLine(at: config.timeColumn), column: parser.fieldColumn(at: config.timeColumn),
                        message: "\(config.headers[config.timeColumn]) '\(parser.fieldString(at: config.timeColumn))': \(reason)")
                    return result
                }
            } else {
                result.rowsWithoutTime += 1
            }
            // Intervention.
            if case .column(let column) = config.intervention {
                var value = Double.nan
                if column < fieldCount {
                    switch TrendTimeParser.parse(parser.field(at: column), format: config.dateFormat,
                                                 decimalMark: config.decimalMark) {
                    case .missing: break
                    case .number(let number):
                        value = number
                        if result.firstInterventionNumberLine == nil { result.firstInterventionNumberLine = parser.recordLine }
                    case .date(let days, _):
                        value = days
                        if result.firstInterventionDateLine == nil { result.firstInterventionDateLine = parser.recordLine }
                    case .invalid(let reason):
                        result.fatal = TrendProblem(
                            line: parser.fieldLine(at: column), column: parser.fieldColumn(at: column),
                            message: "\(config.headers[column]) '\(parser.fieldString(at: column))': \(reason)")
                        return result
                    }
                }
                result.interventions.append(value)
            }
            // Measures.
            var abi: Int32 = Int32.min
            for (index, measure) in config.measures.enumerated() {
                var value = Double.nan
                switch measure.source {
                case .column(let column):
                    if column < fieldCount {
                        let cell = parser.field(at: column)
                        if let number = DecimalNumberParser.parseDouble(cell, decimalMark: config.decimalMark) {
                            value = number
                        } else if !TrendTimeParser.isMissing(trimmed(cell), start: 0, end: trimmed(cell).count) {
                            result.warn(TrendProblem(
                                line: parser.fieldLine(at: column), column: parser.fieldColumn(at: column),
                                message: "\(config.headers[column]) '\(parser.fieldString(at: column))': not a number; counted as missing"))
                        }
                    }
                case .computedABI:
                    if let layout = config.scoreLayout {
                        // The scoring row path of `score`; what makes a visit's ABI missing or
                        // computed without a cell is a warning, never silent.
                        var invalidCells: [TrendProblem] = []
                        let readings = layout.readings(of: parser) { pressure, cell, reason in
                            invalidCells.append(TrendProblem(
                                line: parser.fieldLine(at: pressure.column), column: parser.fieldColumn(at: pressure.column),
                                message: "\(Self.header(pressure.column, role: pressure.site.code, in: layout)) "
                                    + "'\(String(decoding: cell, as: UTF8.self))': invalid pressure: \(reason.explanation)"))
                        }
                        let score = ABIScorer.score(readings, options: layout.options)
                        if let hundredths = score.abi { value = Double(hundredths) / 100 }
                        for var problem in invalidCells {
                            problem.message += score.abi == nil ? "; abi not computed (as abikit score), counted as missing"
                                                                : "; abi computed without it"
                            result.warn(problem)
                        }
                        if score.abi == nil, invalidCells.isEmpty, let issue = score.issues.first(where: { $0.severity == .error }) {
                            result.warn(TrendProblem(line: parser.recordLine, column: nil,
                                                     message: "abi not computed: \(issue.message); counted as missing"))
                        }
                    }
                }
                if tracksABI, index == abiMeasureIndex, value.isFinite {
                    let scaled = (value * 100).rounded()
                    if scaled.magnitude < 1e6 { abi = Int32(scaled) }
                }
                result.values.append(value)
            }
            result.count += 1
            result.keyArena.append(contentsOf: key)
            result.keyEnds.append(result.keyArena.count)
            result.subjectLengths.append(subject.count)
            result.keyHashes.append(keyHash)
            result.subjectHashes.append(subjectHash)
            result.times.append(time)
            if tracksABI {
                result.packedDays.append(packedDay)
                result.abiHundredths.append(abi)
            }
        }
        return result
    }

    /// A column's header for messages, with its scoring role when the names differ (as `score` writes it).
    static func header(_ column: Int, role: String, in layout: ScoreLayout) -> String {
        let name = column < layout.inputHeaders.count ? layout.inputHeaders[column] : "column \(column + 1)"
        return name == role ? name : name + " (" + role + ")"
    }

    @inline(__always)
    func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// The pipeline's per-position memory (parsing allocates its own arrays per chunk).
    final class ParseSlot: @unchecked Sendable {}

    // MARK: - Shards

    struct Shard: @unchecked Sendable {
        var table = TrendKeyTable()
        var firstOrdinal: [Int] = []
        var firstLine: [Int] = []
        var subjects: [String] = []
        var groups: [[String]] = []
        var minimumTime: [Double] = []
        var maximumTime: [Double] = []
        var missingTime: [Int] = []
        var accumulators: [LinearTrendAccumulator] = []
        var pointTimes: [[Double]] = []
        var pointValues: [[Double]] = []
        var intervention: [Double] = []
        var interventionConflict: [Bool] = []
        var tracker: VisitChangeTracker
        var significantChanges: [String: Int] = [:]
        var visitDateIssues: [String: Int] = [:]

        init(options: ScoringOptions) { tracker = VisitChangeTracker(options: options) }
    }

    func merge(_ chunks: [ParsedChunk], ordinalBase: [Int], into shard: inout Shard, shardIndex: Int, shardCount: Int) {
        let config = configuration
        let measureCount = config.measures.count
        let accumulate = config.streamsAccumulators
        let usesInterventionColumn: Bool = { if case .column = config.intervention { return true } else { return false } }()
        let abiIndex = config.abiMeasureIndex
        for (chunkIndex, chunk) in chunks.enumerated() {
            chunk.keyArena.withUnsafeBufferPointer { arena in
                var start = 0
                for record in 0..<chunk.count {
                    let end = chunk.keyEnds[record]
                    defer { start = end }
                    guard Int(chunk.subjectHashes[record] % UInt64(shardCount)) == shardIndex else { continue }
                    let key = UnsafeBufferPointer(rebasing: arena[start..<end])
                    let (entry, inserted) = shard.table.entry(for: key, hash: chunk.keyHashes[record])
                    if inserted {
                        shard.firstOrdinal.append(ordinalBase[chunkIndex] + record)
                        var parts = key.split(separator: 0x1F, omittingEmptySubsequences: false).map {
                            String(decoding: $0, as: UTF8.self)
                        }
                        if parts.isEmpty { parts = [""] }
                        shard.subjects.append(parts[0])
                        shard.groups.append(Array(parts.dropFirst()))
                        shard.minimumTime.append(.infinity)
                        shard.maximumTime.append(-.infinity)
                        shard.missingTime.append(0)
                        shard.intervention.append(.nan)
                        shard.interventionConflict.append(false)
                        if accumulate {
                            shard.accumulators.append(contentsOf: repeatElement(LinearTrendAccumulator(), count: measureCount))
                        } else {
                            for _ in 0..<measureCount {
                                shard.pointTimes.append([])
                                shard.pointValues.append([])
                            }
                        }
                    }
                    let time = chunk.times[record]
                    if time.isNaN {
                        shard.missingTime[entry] += 1
                    } else {
                        if time < shard.minimumTime[entry] { shard.minimumTime[entry] = time }
                        if time > shard.maximumTime[entry] { shard.maximumTime[entry] = time }
                    }
                    let base = record * measureCount
                    for measure in 0..<measureCount {
                        let value = chunk.values[base + measure]
                        if accumulate {
                            shard.accumulators[entry * measureCount + measure].add(time: time, value: value)
                        } else {
                            shard.pointTimes[entry * measureCount + measure].append(time)
                            shard.pointValues[entry * measureCount + measure].append(value)
                        }
                    }
                    if usesInterventionColumn {
                        let value = chunk.interventions[record]
                        if !value.isNaN {
                            let current = shard.intervention[entry]
                            if current.isNaN {
                                shard.intervention[entry] = value
                            } else if current != value {
                                shard.interventionConflict[entry] = true
                            }
                        }
                    }
                    if abiIndex != nil, chunk.packedDays[record] != 0 {
                        let packed = Int(chunk.packedDays[record])
                        if let date = VisitDate(year: packed / 10_000, month: packed / 100 % 100, day: packed % 100) {
                            // The subject's bytes, no String: one is made only for the rare counted change.
                            let subjectBytes = UnsafeBufferPointer(rebasing: key[0..<chunk.subjectLengths[record]])
                            let abi = chunk.abiHundredths[record]
                            let change = shard.tracker.observe(subjectUTF8: subjectBytes,
                                                               hash: VisitChangeTracker.subjectHash(subjectBytes), date: date,
                                                               abi: abi == Int32.min ? nil : Int(abi))
                            if change.isSignificant || change.issue != nil {
                                let subject = String(decoding: subjectBytes, as: UTF8.self)
                                if change.isSignificant { shard.significantChanges[subject, default: 0] += 1 }
                                if change.issue != nil { shard.visitDateIssues[subject, default: 0] += 1 }
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: - Run

    /// What a run produced: formatted rows in output order and the cohort summary.
    public struct Outcome {
        public var headers: [String]
        /// Formatted rows, in output order, block by block (header not included).
        public var blocks: [OutputBuffer]
        public var summary: TrendSummary
        public var warnings: [TrendProblem]
        public var warningCount: Int
        public var timesAreDates: Bool
    }

    /// Reads every record (the header, if any, already taken: `skipRecords` of `firstChunk`) and
    /// fits every subject x measure (x group). `progress` is called on the calling thread with the
    /// records read so far (for a progress display; the engine never prints).
    public func run(reader: CSVChunkReader, firstChunk: CSVChunk?, skipRecords: Int, format: TableFormat,
                    digits: Int?, decimalCommaOutput: Bool, progress: ((Int) -> Void)? = nil) throws(TrendError) -> Outcome {
        let config = configuration
        let threads = config.threads
        // One table, filled on the calling thread in input order while `threads` workers read and
        // parse the next chunks (ChunkPipeline: no barrier between rounds, the reader never waits
        // for a round to end).
        let shardCount = 1
        let shards = UnsafeMutableBufferPointer<Shard>.allocate(capacity: shardCount)
        shards.initialize(repeating: Shard(options: config.scoreLayout?.options ?? ScoringOptions()))
        defer {
            _ = shards.deinitialize()
            shards.deallocate()
        }
        nonisolated(unsafe) let shardBuffer = shards
        var ordinal = 0
        var warnings: [TrendProblem] = []
        var warningCount = 0
        var firstDateLine: Int?
        var firstNumberLine: Int?
        var interventionDateLine: Int?
        var interventionNumberLine: Int?
        var rowsWithoutSubject = 0
        var rowsWithoutTime = 0
        var records = 0
        var removedByFilter = 0
        let delimiter = reader.dialect.delimiter
        let pipeline = ChunkPipeline<ParseSlot, ParsedChunk>(reader: reader, firstChunk: firstChunk.map { ($0, skipRecords) },
                                                              window: threads + 2, makeSlot: { ParseSlot() })
        let engine = self
        do {
            try pipeline.run(threads: threads, score: { chunk, skip, _ in
                engine.parse(chunk, skipRecords: skip, delimiter: delimiter)
            }, finish: { (chunk: inout ParsedChunk, _: ParseSlot) throws(TrendError) in
                if let fatal = chunk.fatal { throw .input(fatal) }
                let base = ordinal
                ordinal += chunk.count
                warningCount += chunk.warningCount
                for warning in chunk.warnings where warnings.count < 20 { warnings.append(warning) }
                firstDateLine = firstDateLine ?? chunk.firstDateLine
                firstNumberLine = firstNumberLine ?? chunk.firstNumberLine
                interventionDateLine = interventionDateLine ?? chunk.firstInterventionDateLine
                interventionNumberLine = interventionNumberLine ?? chunk.firstInterventionNumberLine
                rowsWithoutSubject += chunk.rowsWithoutSubject
                rowsWithoutTime += chunk.rowsWithoutTime
                records += chunk.records
                removedByFilter += chunk.removedByFilter
                progress?(records)
                if let dateLine = firstDateLine, let numberLine = firstNumberLine {
                    throw .input(TrendProblem(line: max(dateLine, numberLine), column: nil,
                                              message: "\(config.headers[config.timeColumn]): the time column mixes dates (line \(dateLine)) and numbers (line \(numberLine))"))
                }
                engine.merge([chunk], ordinalBase: [base], into: &shardBuffer[0], shardIndex: 0, shardCount: 1)
            })
        } catch let error as TrendError {
            throw error
        } catch let error as CSVError {
            throw .read(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        let timesAreDates = firstDateLine != nil
        // The intervention must be on the same kind of axis as the times.
        var fixedIntervention: Double?
        switch config.intervention {
        case .none: break
        case .fixed(let value):
            switch value {
            case .date(let days, _):
                if firstNumberLine != nil {
                    throw .input(TrendProblem(line: firstNumberLine!, column: nil,
                                              message: "--intervention is a date but the time column holds numbers"))
                }
                fixedIntervention = days
            case .number(let number):
                if timesAreDates {
                    throw .input(TrendProblem(line: firstDateLine!, column: nil,
                                              message: "--intervention is a number but the time column holds dates"))
                }
                fixedIntervention = number
            default: break
            }
        case .column:
            if (timesAreDates && interventionNumberLine != nil) || (!timesAreDates && interventionDateLine != nil) {
                throw .input(TrendProblem(line: interventionNumberLine ?? interventionDateLine ?? 1, column: nil,
                                          message: "the intervention column and the time column hold different kinds of time (dates and numbers)"))
            }
        }

        // Every entry, in order of first appearance.
        var order: [(ordinal: Int, shard: Int, entry: Int)] = []
        for (index, shard) in shards.enumerated() {
            for entry in 0..<shard.table.count { order.append((shard.firstOrdinal[entry], index, entry)) }
        }
        order.sort { $0.ordinal < $1.ordinal }
        let fitter = TrendFitter(configuration: config, timesAreDates: timesAreDates, fixedIntervention: fixedIntervention)
        let blockSize = 2048
        let blocks = stride(from: 0, to: order.count, by: blockSize).map { Array(order[$0..<min($0 + blockSize, order.count)]) }
        let headers = fitter.headers
        let fitted = parallelMap(blocks, threads: threads) { block -> (OutputBuffer, TrendSummary) in
            let buffer = OutputBuffer.inMemory(capacity: block.count * 400 + 4096)
            // The rows through a concrete writer type, so that `writeRows` is specialised for it (no
            // protocol dispatch per cell).
            func fill<Writer: TableWriter>(_ writer: inout Writer) -> TrendSummary {
                try? writer.writeHeader(headers)  // JSON Lines: the keys; other formats: dropped below
                if format != .json { writer.buffer.discardPending() }
                var summary = TrendSummary(configuration: config)
                var cache = TrendFitter.QuantileCache(level: config.level)
                for item in block {
                    fitter.writeRows(shards: shardBuffer, shardIndex: item.shard, entry: item.entry, to: &writer,
                                     digits: digits, decimalCommaOutput: decimalCommaOutput,
                                     summary: &summary, cache: &cache)
                }
                return summary
            }
            let summary: TrendSummary
            switch format {
            case .csv, .tsv:
                // As `TableFormat.makeWriter(buffer:decimalComma:)` makes them.
                let delimiter = format == .tsv ? UInt8(0x09) : decimalCommaOutput ? UInt8(ascii: ";") : UInt8(ascii: ",")
                var writer = DelimitedTableWriter(buffer: buffer, delimiter: delimiter, decimalComma: decimalCommaOutput)
                summary = fill(&writer)
            case .json:
                var writer = JSONLinesTableWriter(buffer: buffer)
                summary = fill(&writer)
            case .markdown:
                var writer = MarkdownTableWriter(buffer: buffer, decimalComma: decimalCommaOutput)
                summary = fill(&writer)
            }
            return (buffer, summary)
        }
        var summary = TrendSummary(configuration: config)
        for (_, blockSummary) in fitted { summary.merge(blockSummary) }
        summary.records = records
        summary.rowsRemovedByFilter = removedByFilter
        summary.rowsWithoutSubject = rowsWithoutSubject
        summary.rowsWithoutTime = rowsWithoutTime
        // One entry per subject without --by (a subject is always in the same shard): no Set needed.
        summary.subjects = config.groupColumns.isEmpty
            ? shards.reduce(0) { $0 + $1.subjects.count }
            : shards.reduce(0) { $0 + Set($1.subjects).count }
        summary.visitDateIssues = shards.reduce(0) { $0 + $1.visitDateIssues.values.reduce(0, +) }
        return Outcome(headers: headers, blocks: fitted.map(\.0), summary: summary, warnings: warnings,
                       warningCount: warningCount, timesAreDates: timesAreDates)
    }
}
