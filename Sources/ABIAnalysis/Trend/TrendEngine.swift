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
        /// The keys of the runs, one after the other.
        var keyArena: [UInt8] = []
        var runs: [Run] = []
        /// `measures.count` per run: the run's own OLS accumulators (only with `streamsAccumulators`).
        var runAccumulators: [LinearTrendAccumulator] = []
        /// Each record's time, values, intervention and visit, for the merge to replay.
        let columns: RecordColumns
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

    /// A chunk's per-record values, for the merge to replay the records of a run whose key it has
    /// seen before. Sized up front for the most records a chunk can hold (its line breaks + 1), so
    /// the row loop stores each value without a capacity or uniqueness check.
    final class RecordColumns: @unchecked Sendable {
        let capacity: Int
        let times: UnsafeMutablePointer<Double>
        /// `measureCount` per record.
        let values: UnsafeMutablePointer<Double>
        /// With an intervention column: the record's intervention time (NaN without one).
        let interventions: UnsafeMutablePointer<Double>
        /// yyyymmdd of the visit (0 without a date) and ABI hundredths (Int32.min without one),
        /// for visit-to-visit change.
        let packedDays: UnsafeMutablePointer<Int32>
        let abiHundredths: UnsafeMutablePointer<Int32>

        init(capacity: Int, measureCount: Int) {
            self.capacity = capacity
            let room = max(capacity, 1)
            times = .allocate(capacity: room)
            values = .allocate(capacity: room * max(measureCount, 1))
            interventions = .allocate(capacity: room)
            packedDays = .allocate(capacity: room)
            abiHundredths = .allocate(capacity: room)
        }

        deinit {
            times.deallocate()
            values.deallocate()
            interventions.deallocate()
            packedDays.deallocate()
            abiHundredths.deallocate()
        }
    }

    /// Consecutive records with the same key (subject plus groups): a subject's visits in a file
    /// sorted by subject. With `streamsAccumulators` the worker also computes what the merge would
    /// make of the run for a key it has not seen (times, OLS accumulators, visit-to-visit changes
    /// from no earlier visit), so that the serial merge takes that state over with one lookup per
    /// run instead of one per record; for a key already seen it replays the records one by one, so
    /// the result does not depend on the chunking or the order of the file.
    struct Run {
        /// Records `start..<end` of the chunk; the key is `keyArena[keyStart..<keyEnd]`.
        var start: Int
        var end: Int
        var keyStart: Int
        var keyEnd: Int
        var subjectLength: Int
        var keyHash: UInt64
        var subjectHash: UInt64
        /// ``VisitChangeTracker/subjectHash(_:)`` of the subject.
        var trackerHash: UInt64
        var minimumTime = Double.infinity
        var maximumTime = -Double.infinity
        var missingTime = 0
        var intervention = Double.nan
        var interventionConflict = false
        var history: VisitChangeTracker.SubjectHistory
        var significantChanges = 0
        var visitDateIssues = 0
    }

    func parse(_ chunk: CSVChunk, skipRecords: Int, delimiter: UInt8) -> ParsedChunk {
        let config = configuration
        let measureCount = config.measures.count
        // A chunk holds at most one record more than it has line breaks.
        let columns = RecordColumns(capacity: chunk.lineBreakCount + 1, measureCount: measureCount)
        var result = ParsedChunk(columns: columns)
        // The sources alone: binding each measure per row retained its name.
        let measureSources = config.measures.map(\.source)
        let abiMeasureIndex = config.abiMeasureIndex
        let tracksABI = abiMeasureIndex != nil
        var parser = CSVRecordParser(chunk: chunk, delimiter: delimiter)
        // Columns after the last one read are only scanned for the record's end.
        parser.fieldLimit = config.columnsRead
        parser.wantedColumns = config.columnsReadMask
        var skipped = 0
        var key: [UInt8] = []
        key.reserveCapacity(64)
        let accumulate = config.streamsAccumulators
        let threshold = config.scoreLayout?.options.significantChangeHundredths ?? ScoringOptions().significantChangeHundredths
        result.keyArena.reserveCapacity((chunk.byteCount / 40 + 16) * 8)
        // The open run (the current key's) lives here, its accumulators in `openAccumulators`, and
        // goes to `result.runs` when the key changes: no array element is updated per record.
        var openRun = Run(start: 0, end: 0, keyStart: 0, keyEnd: 0, subjectLength: 0, keyHash: 0, subjectHash: 0, trackerHash: 0,
                          history: VisitChangeTracker.SubjectHistory(thresholdHundredths: threshold))
        var hasOpenRun = false
        let openAccumulators = UnsafeMutableBufferPointer<LinearTrendAccumulator>.allocate(capacity: max(measureCount, 1))
        openAccumulators.initialize(repeating: LinearTrendAccumulator())
        defer { openAccumulators.deallocate() }
        let expectedFields = config.headers.count
        let usesInterventionColumn: Bool = { if case .column = config.intervention { return true } else { return false } }()
        let hasGroups = !config.groupColumns.isEmpty
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
            // Without --by the key is the subject's bytes in the chunk; with it, subject and groups.
            if hasGroups {
                key.removeAll(keepingCapacity: true)
                key.append(contentsOf: subject)
                for column in config.groupColumns {
                    key.append(0x1F)
                    if column < fieldCount { key.append(contentsOf: trimmed(parser.field(at: column))) }
                }
            }
            // Time.
            var time = Double.nan
            var packedDay: Int32 = 0
            var visitDate: VisitDate?
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
                    visitDate = day
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
            let record = result.count
            precondition(record < columns.capacity, "a chunk has no more records than line breaks + 1")
            // Intervention.
            var intervention = Double.nan
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
                intervention = value
                columns.interventions[record] = value
            }
            // Measures.
            var abi: Int32 = Int32.min
            for index in 0..<measureCount {
                var value = Double.nan
                switch measureSources[index] {
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
                        var readings = VisitReadings()
                        if layout.readings(of: parser, into: &readings) {
                            layout.invalidCells(of: parser) { pressure, cell, reason in
                                invalidCells.append(TrendProblem(
                                    line: parser.fieldLine(at: pressure.column), column: parser.fieldColumn(at: pressure.column),
                                    message: "\(Self.header(pressure.column, role: pressure.site.code, in: layout)) "
                                        + "'\(String(decoding: cell, as: UTF8.self))': invalid pressure: \(reason.explanation)"))
                            }
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
                    let scaled = value * 100
                    if scaled.magnitude < 2e6 {
                        let hundredths = Self.roundedHalfAwayFromZero(scaled)
                        if hundredths.magnitude < 1_000_000 { abi = Int32(hundredths) }
                    }
                }
                columns.values[record &* measureCount &+ index] = value
            }
            // The record's run: the open one if the key is the same, else a new one.
            let sameKey = key.withUnsafeBufferPointer { keyBytes in
                let bytes = hasGroups ? keyBytes : subject
                guard hasOpenRun, openRun.keyEnd - openRun.keyStart == bytes.count else { return false }
                return result.keyArena.withUnsafeBufferPointer { arena in
                    bytesEqual(arena.baseAddress! + openRun.keyStart, bytes.baseAddress!, count: bytes.count)
                }
            }
            if !sameKey {
                if hasOpenRun {
                    result.runs.append(openRun)
                    if accumulate { result.runAccumulators.append(contentsOf: openAccumulators[0..<measureCount]) }
                }
                hasOpenRun = true
                let keyStart = result.keyArena.count
                if hasGroups { result.keyArena.append(contentsOf: key) } else { result.keyArena.append(contentsOf: subject) }
                let (keyHash, subjectHash, trackerHash) = result.keyArena.withUnsafeBufferPointer { arena in
                    let bytes = UnsafeBufferPointer(rebasing: arena[keyStart...])
                    let subjectBytes = UnsafeBufferPointer(rebasing: bytes[0..<subject.count])
                    let subjectHash = TrendKeyTable.fnv1a(subjectBytes)
                    return (hasGroups ? TrendKeyTable.fnv1a(bytes) : subjectHash, subjectHash,
                            VisitChangeTracker.subjectHash(subjectBytes))
                }
                openRun = Run(start: record, end: record, keyStart: keyStart, keyEnd: result.keyArena.count,
                              subjectLength: subject.count, keyHash: keyHash, subjectHash: subjectHash,
                              trackerHash: trackerHash,
                              history: VisitChangeTracker.SubjectHistory(thresholdHundredths: threshold))
                if accumulate {
                    for measure in 0..<measureCount { openAccumulators[measure] = LinearTrendAccumulator() }
                }
            }
            openRun.end = record + 1
            if accumulate {
                // The run's state from no earlier record, as `merge` computes it for a new key.
                let valueBase = record &* measureCount
                for measure in 0..<measureCount {
                    openAccumulators[measure].add(time: time, value: columns.values[valueBase &+ measure])
                }
                Self.observe(time: time, intervention: intervention,
                             usesInterventionColumn: usesInterventionColumn, visitDate: tracksABI ? visitDate : nil, abi: abi,
                             in: &openRun)
            }
            result.count += 1
            columns.times[record] = time
            if tracksABI {
                columns.packedDays[record] = packedDay
                columns.abiHundredths[record] = abi
            }
        }
        if hasOpenRun {
            result.runs.append(openRun)
            if accumulate { result.runAccumulators.append(contentsOf: openAccumulators[0..<measureCount]) }
        }
        return result
    }

    /// `x.rounded()` (half away from zero) as an integer, for |x| < 2^52, without a libm call:
    /// `x` minus its truncation is exact there.
    @inline(__always)
    static func roundedHalfAwayFromZero(_ x: Double) -> Int {
        let truncated = Int(x)
        let fraction = x - Double(truncated)
        return fraction >= 0.5 ? truncated + 1 : fraction <= -0.5 ? truncated - 1 : truncated
    }

    /// A record's time, intervention and visit into a run's state (all but the accumulators).
    @inline(__always)
    static func observe(time: Double, intervention: Double, usesInterventionColumn: Bool, visitDate: VisitDate?, abi: Int32,
                        in run: inout Run) {
        if time.isNaN {
            run.missingTime += 1
        } else {
            if time < run.minimumTime { run.minimumTime = time }
            if time > run.maximumTime { run.maximumTime = time }
        }
        if usesInterventionColumn, !intervention.isNaN {
            if run.intervention.isNaN {
                run.intervention = intervention
            } else if run.intervention != intervention {
                run.interventionConflict = true
            }
        }
        // The date the merge would rebuild from the packed day (the same: both come from a valid VisitDate).
        if let date = visitDate {
            let change = run.history.observeSignificance(date: date, abi: abi == Int32.min ? nil : Int(abi))
            if change.isSignificant { run.significantChanges += 1 }
            if change.hasIssue { run.visitDateIssues += 1 }
        }
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
        /// What `TrendKeyTable.touchHomeSlots(of:)` read, kept so that its reads are made.
        var touchedSlots: Int32 = 0
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
        /// Without --by (an entry is a subject): each entry's visit-to-visit state, by entry number
        /// (no second table keyed by subject). With --by, `tracker` keeps it by subject.
        var histories: [VisitChangeTracker.SubjectHistory] = []
        var tracker: VisitChangeTracker
        /// With --by: significant visit-to-visit changes by subject (a subject spans entries).
        var significantChanges: [String: Int] = [:]
        /// Without --by: the same by entry number (no String made or hashed per subject).
        var entrySignificantChanges: [Int32] = []
        var visitDateIssues: [String: Int] = [:]

        init(options: ScoringOptions) { tracker = VisitChangeTracker(options: options) }
    }

    func merge(_ chunks: [ParsedChunk], ordinalBase: [Int], into shard: inout Shard, shardIndex: Int, shardCount: Int) {
        let config = configuration
        let measureCount = config.measures.count
        let accumulate = config.streamsAccumulators
        let usesInterventionColumn: Bool = { if case .column = config.intervention { return true } else { return false } }()
        let abiIndex = config.abiMeasureIndex
        let historyPerEntry = config.groupColumns.isEmpty
        // A subject's runs all go to one shard.
        func isInShard(_ run: Run) -> Bool { Int(run.subjectHash % UInt64(shardCount)) == shardIndex }
        for (chunkIndex, chunk) in chunks.enumerated() {
            // The slots this chunk's runs will probe, read ahead in one pass (their misses overlap).
            shard.table.reserve(additional: chunk.runs.count)
            shard.touchedSlots ^= shard.table.touchHomeSlots(of: chunk.runs.lazy.filter(isInShard).map(\.keyHash))
            chunk.keyArena.withUnsafeBufferPointer { arena in
                for (runIndex, run) in chunk.runs.enumerated() {
                    guard isInShard(run) else { continue }
                    let key = UnsafeBufferPointer(rebasing: arena[run.keyStart..<run.keyEnd])
                    let subjectBytes = UnsafeBufferPointer(rebasing: key[0..<run.subjectLength])
                    let (entry, inserted) = shard.table.entry(for: key, hash: run.keyHash)
                    if inserted {
                        shard.firstOrdinal.append(ordinalBase[chunkIndex] + run.start)
                        if historyPerEntry {
                            shard.subjects.append(String(decoding: key, as: UTF8.self))
                            shard.groups.append([])
                            shard.entrySignificantChanges.append(0)
                        } else {
                            var parts = key.split(separator: 0x1F, omittingEmptySubsequences: false).map {
                                String(decoding: $0, as: UTF8.self)
                            }
                            if parts.isEmpty { parts = [""] }
                            shard.subjects.append(parts[0])
                            shard.groups.append(Array(parts.dropFirst()))
                        }
                        if accumulate {
                            // A new key: the run's own state is what the records would make of it.
                            shard.minimumTime.append(run.minimumTime)
                            shard.maximumTime.append(run.maximumTime)
                            shard.missingTime.append(run.missingTime)
                            shard.intervention.append(run.intervention)
                            shard.interventionConflict.append(run.interventionConflict)
                            let base = runIndex * measureCount
                            shard.accumulators.append(contentsOf: chunk.runAccumulators[base..<(base + measureCount)])
                            guard abiIndex != nil else { continue }
                            if historyPerEntry {
                                shard.histories.append(run.history)
                                shard.entrySignificantChanges[entry] = Int32(run.significantChanges)
                                if run.visitDateIssues > 0 {
                                    shard.visitDateIssues[String(decoding: subjectBytes, as: UTF8.self), default: 0] += run.visitDateIssues
                                }
                                continue
                            }
                            guard !run.history.isEmpty else { continue }
                            if shard.tracker.insertNew(subjectUTF8: subjectBytes, hash: run.trackerHash, history: run.history) {
                                if run.significantChanges > 0 || run.visitDateIssues > 0 {
                                    let subject = String(decoding: subjectBytes, as: UTF8.self)
                                    if run.significantChanges > 0 { shard.significantChanges[subject, default: 0] += run.significantChanges }
                                    if run.visitDateIssues > 0 { shard.visitDateIssues[subject, default: 0] += run.visitDateIssues }
                                }
                            } else {
                                // The subject is known under another group: its visits one by one.
                                for record in run.start..<run.end {
                                    observeVisit(chunk, record: record, subjectBytes: subjectBytes, trackerHash: run.trackerHash,
                                                 entry: nil, into: &shard)
                                }
                            }
                            continue
                        }
                        shard.minimumTime.append(.infinity)
                        shard.maximumTime.append(-.infinity)
                        shard.missingTime.append(0)
                        shard.intervention.append(.nan)
                        shard.interventionConflict.append(false)
                        if historyPerEntry && abiIndex != nil {
                            shard.histories.append(VisitChangeTracker.SubjectHistory(thresholdHundredths: shard.tracker.thresholdHundredths))
                        }
                        for _ in 0..<measureCount {
                            shard.pointTimes.append([])
                            shard.pointValues.append([])
                        }
                    }
                    for record in run.start..<run.end {
                        let time = chunk.columns.times[record]
                        if time.isNaN {
                            shard.missingTime[entry] += 1
                        } else {
                            if time < shard.minimumTime[entry] { shard.minimumTime[entry] = time }
                            if time > shard.maximumTime[entry] { shard.maximumTime[entry] = time }
                        }
                        let base = record * measureCount
                        for measure in 0..<measureCount {
                            let value = chunk.columns.values[base + measure]
                            if accumulate {
                                shard.accumulators[entry * measureCount + measure].add(time: time, value: value)
                            } else {
                                shard.pointTimes[entry * measureCount + measure].append(time)
                                shard.pointValues[entry * measureCount + measure].append(value)
                            }
                        }
                        if usesInterventionColumn {
                            let value = chunk.columns.interventions[record]
                            if !value.isNaN {
                                let current = shard.intervention[entry]
                                if current.isNaN {
                                    shard.intervention[entry] = value
                                } else if current != value {
                                    shard.interventionConflict[entry] = true
                                }
                            }
                        }
                        if abiIndex != nil {
                            observeVisit(chunk, record: record, subjectBytes: subjectBytes, trackerHash: run.trackerHash,
                                         entry: historyPerEntry ? entry : nil, into: &shard)
                        }
                    }
                }
            }
        }
    }

    /// One record's visit into the shard's visit-change tracker (only records with a date).
    @inline(__always)
    func observeVisit(_ chunk: ParsedChunk, record: Int, subjectBytes: UnsafeBufferPointer<UInt8>, trackerHash: UInt64,
                      entry: Int?, into shard: inout Shard) {
        guard chunk.columns.packedDays[record] != 0 else { return }
        let packed = Int(chunk.columns.packedDays[record])
        guard let date = VisitDate(year: packed / 10_000, month: packed / 100 % 100, day: packed % 100) else { return }
        // The subject's bytes, no String: one is made only for a change counted by subject (--by) or a date issue.
        let abi = chunk.columns.abiHundredths[record]
        let change = if let entry {
            shard.histories[entry].observe(date: date, abi: abi == Int32.min ? nil : Int(abi))
        } else {
            shard.tracker.observe(subjectUTF8: subjectBytes, hash: trackerHash, date: date, abi: abi == Int32.min ? nil : Int(abi))
        }
        if change.isSignificant {
            if let entry {
                shard.entrySignificantChanges[entry] &+= 1
            } else {
                shard.significantChanges[String(decoding: subjectBytes, as: UTF8.self), default: 0] += 1
            }
        }
        if change.issue != nil { shard.visitDateIssues[String(decoding: subjectBytes, as: UTF8.self), default: 0] += 1 }
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
    ///
    /// With `emit`, the formatted rows are not kept: each block of rows is handed to `emit` (with the
    /// headers) on the calling thread, in output order, as soon as it is fitted, and the outcome's
    /// `blocks` are empty; `emit` is not called when there are no rows.
    public func run(reader: CSVChunkReader, firstChunk: CSVChunk?, skipRecords: Int, format: TableFormat,
                    digits: Int?, decimalCommaOutput: Bool, progress: ((Int) -> Void)? = nil,
                    emit: ((_ headers: [String], _ rows: inout OutputBuffer) throws(TrendError) -> Void)? = nil) throws(TrendError) -> Outcome {
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
        // A wide window: chunks are finished in input order, and with few in flight a worker that
        // finished ahead waited for a slower one while a core stood idle (perf at 10,000,000 rows:
        // 86% of both cores busy while parsing with threads + 2, 93% with this; peak memory, which
        // follows the subjects, did not change).
        let pipeline = ChunkPipeline<ParseSlot, ParsedChunk>(reader: reader, firstChunk: firstChunk.map { ($0, skipRecords) },
                                                              window: 4 * threads + 2, makeSlot: { ParseSlot() })
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
        let fitBlock = { @Sendable (block: [(ordinal: Int, shard: Int, entry: Int)]) -> (OutputBuffer, TrendSummary) in
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
        var blocksOut: [OutputBuffer] = []
        if let emit {
            // Each block written as soon as it and those before it are fitted (writing overlaps with
            // fitting; a few blocks held at a time instead of every row).
            var emitError: TrendError?
            do {
                try parallelForEachInOrder(blocks, threads: threads, window: 4 * threads, fitBlock) { fitted in
                    var (buffer, blockSummary) = fitted
                    summary.merge(blockSummary)
                    do throws(TrendError) {
                        try emit(headers, &buffer)
                    } catch {
                        emitError = error
                        throw error
                    }
                }
            } catch {
                guard let emitError else { preconditionFailure("only emit throws: \(error)") }
                throw emitError
            }
        } else {
            let fitted = parallelMap(blocks, threads: threads, fitBlock)
            for (_, blockSummary) in fitted { summary.merge(blockSummary) }
            blocksOut = fitted.map(\.0)
        }
        summary.records = records
        summary.rowsRemovedByFilter = removedByFilter
        summary.rowsWithoutSubject = rowsWithoutSubject
        summary.rowsWithoutTime = rowsWithoutTime
        // One entry per subject without --by (a subject is always in the same shard): no Set needed.
        summary.subjects = config.groupColumns.isEmpty
            ? shards.reduce(0) { $0 + $1.subjects.count }
            : shards.reduce(0) { $0 + Set($1.subjects).count }
        summary.visitDateIssues = shards.reduce(0) { $0 + $1.visitDateIssues.values.reduce(0, +) }
        return Outcome(headers: headers, blocks: blocksOut, summary: summary, warnings: warnings,
                       warningCount: warningCount, timesAreDates: timesAreDates)
    }
}
