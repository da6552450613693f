import ABICore
import ABIStatistics
import Dispatch

/// Per-subject trends in one pass over a file.
///
/// Chunks of records are parsed in parallel (subject and group cells, time, measure values,
/// ABI from the pressures), then merged in input order into one table per shard of subjects
/// (shards run in parallel; a subject always lands in the same shard, so its visits are seen in
/// input order). With only OLS (`--method ols`) each subject x measure keeps a
/// ``LinearTrendAccumulator`` (constant memory per subject); Theil-Sen, Mann-Kendall and the
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

        mutating func warn(_ problem: TrendProblem) {
            warningCount += 1
            if warnings.count < 20 { warnings.append(problem) }
        }
    }

    func parse(_ chunk: CSVChunk, skipRecords: Int, delimiter: UInt8) -> ParsedChunk {
        var result = ParsedChunk()
        let config = configuration
        let measureCount = config.measures.count
        let tracksABI = config.abiMeasureIndex != nil
        var parser = CSVRecordParser(chunk: chunk, delimiter: delimiter)
        var skipped = 0
        var key: [UInt8] = []
        key.reserveCapacity(64)
        let estimate = chunk.byteCount / 40 + 16
        result.times.reserveCapacity(estimate)
        result.values.reserveCapacity(estimate * measureCount)
        result.keyArena.reserveCapacity(estimate * 8)
        let decimalComma = config.decimalMark == .comma
        while true {
            do {
                guard try parser.nextRecord() else { break }
            } catch {
                result.fatal = result.fatal ?? TrendProblem(line: error.line ?? parser.recordLine, column: error.column,
                                                            message: error.description)
                break
            }
            if skipped < skipRecords { skipped += 1; continue }
            if parser.isBlankRecord { result.blankLines += 1; continue }
            result.records += 1
            let fieldCount = parser.fieldCount
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
                        var readings = VisitReadings()
                        for pressure in layout.pressureColumns where pressure.column < fieldCount {
                            readings.add(PressureCell.parse(parser.field(at: pressure.column), decimalComma: decimalComma),
                                         at: pressure.site)
                        }
                        if let hundredths = ABIScorer.score(readings, options: layout.options).abi {
                            value = Double(hundredths) / 100
                        }
                    }
                }
                if tracksABI, index == config.abiMeasureIndex, value.isFinite {
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

    @inline(__always)
    func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

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
                            let subject = String(decoding: UnsafeBufferPointer(rebasing: key[0..<chunk.subjectLengths[record]]),
                                                 as: UTF8.self)
                            let abi = chunk.abiHundredths[record]
                            let change = shard.tracker.observe(subject: subject, date: date,
                                                               abi: abi == Int32.min ? nil : Int(abi))
                            if change.isSignificant { shard.significantChanges[subject, default: 0] += 1 }
                            if change.issue != nil { shard.visitDateIssues[subject, default: 0] += 1 }
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
    /// fits every subject x measure (x group).
    public func run(reader: CSVChunkReader, firstChunk: CSVChunk?, skipRecords: Int, format: TableFormat,
                    digits: Int?, decimalCommaOutput: Bool) throws(TrendError) -> Outcome {
        let config = configuration
        let threads = config.threads
        let shardCount = threads
        // One shard per thread, each mutated by one task at a time through the buffer.
        let shards = UnsafeMutableBufferPointer<Shard>.allocate(capacity: shardCount)
        shards.initialize(repeating: Shard(options: config.scoreLayout?.options ?? ScoringOptions()))
        defer {
            _ = shards.deinitialize()
            shards.deallocate()
        }
        nonisolated(unsafe) let shardBuffer = shards
        var pending: [(CSVChunk, Int)] = firstChunk.map { [($0, skipRecords)] } ?? []
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
        var endOfInput = false
        let delimiter = reader.dialect.delimiter
        while !endOfInput {
            while pending.count < threads * 2 {
                let next: CSVChunk?
                do { next = try reader.nextChunk() } catch { throw .read(error) }
                guard let chunk = next else { endOfInput = true; break }
                pending.append((chunk, 0))
            }
            if pending.isEmpty { break }
            let round = pending
            pending.removeAll(keepingCapacity: true)
            let parsed = parallelMap(round, threads: threads) { parse($0.0, skipRecords: $0.1, delimiter: delimiter) }
            var bases: [Int] = []
            for chunk in parsed {
                if let fatal = chunk.fatal { throw .input(fatal) }
                bases.append(ordinal)
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
            }
            if let dateLine = firstDateLine, let numberLine = firstNumberLine {
                throw .input(TrendProblem(line: max(dateLine, numberLine), column: nil,
                                          message: "\(config.headers[config.timeColumn]): the time column mixes dates (line \(dateLine)) and numbers (line \(numberLine))"))
            }
            let bases_ = bases
            _ = parallelMap(Array(0..<shardCount), threads: threads) { index in
                merge(parsed, ordinalBase: bases_, into: &shardBuffer[index], shardIndex: index, shardCount: shardCount)
                return 0
            }
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
            var writer = format.makeWriter(buffer: .inMemory(capacity: block.count * 400 + 4096),
                                           decimalComma: decimalCommaOutput)
            try? writer.writeHeader(headers)  // JSON Lines: the keys; other formats: dropped below
            if format != .json { writer.buffer.discardPending() }
            var summary = TrendSummary(configuration: config)
            var cache = TrendFitter.QuantileCache(level: config.level)
            for item in block {
                fitter.writeRows(shards: shardBuffer, shardIndex: item.shard, entry: item.entry, to: &writer, digits: digits,
                                 decimalCommaOutput: decimalCommaOutput,
                                 summary: &summary, cache: &cache)
            }
            return (writer.buffer, summary)
        }
        var summary = TrendSummary(configuration: config)
        for (_, blockSummary) in fitted { summary.merge(blockSummary) }
        summary.records = records
        summary.rowsWithoutSubject = rowsWithoutSubject
        summary.rowsWithoutTime = rowsWithoutTime
        summary.subjects = shards.reduce(0) { $0 + Set($1.subjects).count }
        summary.visitDateIssues = shards.reduce(0) { $0 + $1.visitDateIssues.values.reduce(0, +) }
        return Outcome(headers: headers, blocks: fitted.map(\.0), summary: summary, warnings: warnings,
                       warningCount: warningCount, timesAreDates: timesAreDates)
    }
}
