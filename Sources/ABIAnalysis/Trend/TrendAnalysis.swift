import ABICore
import ABIIO
import ABIStatistics

/// `trend`: per-subject trends over visits (``TrendEngine``), from options as the command line
/// gives them (column names or numbers, method names) resolved against the table's header.
public struct TrendAnalysis: Sendable {
    public var subject: String
    public var time: String
    /// Measure columns; `abi` without an abi column computes the ABI from the pressures.
    public var measures: [String]
    public var by: [String] = []
    /// Method names, comma-separated: ols, theil-sen, mann-kendall, its (and the aliases theilsen, sen, mk, mannkendall).
    public var methods = "ols"
    public var intervention: String?
    public var interventionColumn: String?
    public var level = 0.95
    public var timeUnit: TrendTimeUnit = .years
    public var minimumPoints = 3
    /// A `--date-format` spelling for non-ISO dates.
    public var dateFormat: String?
    public var mannKendallVariant: MannKendallVariantName = .original
    public var neweyWestLags: Int?
    /// `--map` texts for the pressure columns of a computed ABI.
    public var maps: [String] = []
    public var scoringOptions = ScoringOptions()
    public var threads = 1
    /// `--where`.
    public var filter: RowFilter? = nil

    public init(subject: String, time: String, measures: [String]) {
        self.subject = subject
        self.time = time
        self.measures = measures
    }

    /// The method names parsed, in order, without repeats.
    public func parsedMethods() throws(AnalysisFailure) -> [TrendMethod] {
        var parsed: [TrendMethod] = []
        let aliases: [String: TrendMethod] = ["theilsen": .theilSen, "sen": .theilSen, "mk": .mannKendall,
                                              "mannkendall": .mannKendall]
        for name in methods.split(separator: ",").map({ $0.trimmedWhitespace().lowercased() }) {
            guard let method = TrendMethod(rawValue: name) ?? aliases[name] else {
                throw .usage("--method '\(name)': expected ols, theil-sen, mann-kendall or its")
            }
            if !parsed.contains(method) { parsed.append(method) }
        }
        guard !parsed.isEmpty else { throw .usage("--method: no method given") }
        return parsed
    }

    /// Checks the options, opens the table (`open`, after the checks, so that option errors come
    /// first) and fits every subject x measure (x group).
    /// `emit`: see ``TrendEngine/run(reader:firstChunk:skipRecords:format:digits:decimalCommaOutput:progress:emit:)``
    /// (rows handed over block by block as they are fitted instead of kept in the result).
    public func run(open: () throws -> TableSource, format: TableFormat, digits: Int?,
                    decimalCommaOutput: Bool, progress: ((Int) -> Void)? = nil,
                    emit: ((_ headers: [String], _ rows: inout OutputBuffer) throws(TrendError) -> Void)? = nil) throws -> TrendResult {
        let methods = try parsedMethods()
        var dateFormat = TrendDateFormat.iso
        if let spelling = self.dateFormat {
            guard let parsed = TrendDateFormat(spelling: spelling) else {
                throw AnalysisFailure.usage("--date-format '\(spelling)': expected dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy, mm/dd/yyyy or mm-dd-yyyy")
            }
            dateFormat = parsed
        }
        if methods.contains(.its) && intervention == nil && interventionColumn == nil {
            throw AnalysisFailure.usage("--method its needs --intervention DATE or --intervention-column COL")
        }
        let table = try open()
        let headers = table.headers
        let subjectColumn = try table.column(subject, option: "--subject")
        let timeColumn = try table.column(time, option: "--time")
        var groupColumns: [Int] = []
        for name in by.flatMap({ $0.split(separator: ",").map(String.init) }) {
            groupColumns.append(try table.column(name, option: "--by"))
        }
        var trendMeasures: [TrendMeasure] = []
        var scoreLayout: ScoreLayout?
        var columnWarnings: [String] = []
        for name in measures.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let trimmedName = name.trimmedWhitespace()
            if let column = table.columnIfPresent(trimmedName) {
                trendMeasures.append(TrendMeasure(name: headers[column], source: .column(column)))
            } else if trimmedName.lowercased() == "abi" {
                let legColumn = table.firstChunk.flatMap {
                    ColumnSample.legColumn(headers: headers, in: $0, delimiter: table.reader.dialect.delimiter,
                                           skipRecords: table.headerRecords)
                }
                let resolved: ColumnMapping
                do {
                    let pressures = try PressureColumnMapping.resolve(table: table, maps: maps, requireMeasurements: true)
                    resolved = pressures.mapping
                    columnWarnings = pressures.warnings(file: table.displayName)
                } catch {
                    if let legColumn {
                        throw ScoringSource.rowPerLegRefusal(column: legColumn, headers: headers, displayName: table.displayName)
                    }
                    throw AnalysisFailure.usage("\(table.displayName): --measure abi needs pressure columns: \(error)")
                }
                if let legColumn, !ScoringSource.hasBothLegs(resolved) {
                    throw ScoringSource.rowPerLegRefusal(column: legColumn, headers: headers, displayName: table.displayName)
                }
                scoreLayout = ScoreLayout(mapping: resolved, inputHeaders: headers,
                                          decimalComma: table.reader.dialect.decimalMark == .comma, options: scoringOptions)
                trendMeasures.append(TrendMeasure(name: "abi", source: .computedABI))
            } else {
                _ = try table.column(trimmedName, option: "--measure")
            }
        }
        var interventionSetting = TrendIntervention.none
        if let intervention {
            var text = intervention
            let value = text.withUTF8 { TrendTimeParser.parse($0, format: dateFormat, decimalMark: .point) }
            switch value {
            case .date, .number: interventionSetting = .fixed(value)
            case .missing, .invalid:
                throw AnalysisFailure.usage("--intervention '\(intervention)': expected a date (yyyy-mm-dd, or as --date-format) or a number")
            }
        } else if let interventionColumn {
            interventionSetting = .column(try table.column(interventionColumn, option: "--intervention-column"))
        }
        var configuration = TrendConfiguration(
            headers: headers, subjectColumn: subjectColumn, timeColumn: timeColumn, groupColumns: groupColumns,
            measures: trendMeasures, methods: methods, level: level, timeUnit: timeUnit, minimumPoints: minimumPoints,
            dateFormat: dateFormat, intervention: interventionSetting, mannKendallVariant: mannKendallVariant.variant,
            neweyWestLags: neweyWestLags, scoreLayout: scoreLayout, decimalMark: table.reader.dialect.decimalMark,
            threads: threads)
        if let filter {
            configuration.rowFilter = try BoundRowFilter(filter, headers: headers, displayName: table.displayName,
                                                         decimalComma: table.reader.dialect.decimalMark == .comma)
        }
        let engine = TrendEngine(configuration: configuration, sourceName: table.displayName)
        do {
            let outcome = try engine.run(reader: table.reader, firstChunk: table.firstChunk, skipRecords: table.headerRecords,
                                         format: format, digits: digits, decimalCommaOutput: decimalCommaOutput,
                                         progress: progress, emit: emit)
            if let warning = table.encodingWarning { columnWarnings.append(warning) }
            return TrendResult(outcome: outcome, dialectLine: table.dialectLine,
                               computesABI: trendMeasures.contains { $0.source == .computedABI },
                               scoringOptions: scoringOptions, timeUnit: timeUnit, level: level,
                               columnWarnings: columnWarnings)
        } catch {
            switch error {
            case .input(let problem): throw AnalysisFailure.usage(problem.formatted(file: table.displayName))
            case .read(let error): throw AnalysisFailure.input(error, displayName: table.displayName)
            case .output(let error): throw AnalysisFailure.output(error)
            }
        }
    }
}

/// The Mann-Kendall variants by their command-line names (`--mk-variant`).
public enum MannKendallVariantName: String, Sendable, CaseIterable {
    case original
    case hamedRao = "hamed-rao"
    case yueWang = "yue-wang"
    case preWhitening = "pre-whitening"
    case trendFreePreWhitening = "trend-free-pre-whitening"

    public var variant: MannKendallResult.Variant {
        switch self {
        case .original: .original
        case .hamedRao: .hamedRao
        case .yueWang: .yueWang
        case .preWhitening: .preWhitening
        case .trendFreePreWhitening: .trendFreePreWhitening
        }
    }
}

/// The result of ``TrendAnalysis``: the formatted rows, the cohort summary and the warnings.
public struct TrendResult {
    public let outcome: TrendEngine.Outcome
    public let dialectLine: String
    /// Whether `abi` was computed from the pressures (the rules are then reported).
    public let computesABI: Bool
    public let scoringOptions: ScoringOptions
    public let timeUnit: TrendTimeUnit
    public let level: Double
    /// Pressure columns left unused that a reader would miss (``PressureColumnMapping/warnings(file:)``),
    /// and bytes of a UTF-8 file that were not UTF-8 (``TableSource/encodingWarning``).
    public var columnWarnings: [String] = []

    /// The unit slopes are per: the time unit for dates, the time column's own unit for numbers.
    public var timeUnitName: String {
        outcome.timesAreDates ? String(timeUnit.rawValue.dropLast()) : "unit of time"
    }

    /// The summary for standard error, one line each.
    public func summaryLines(file: String) -> [String] {
        var lines = ["abikit trend: " + dialectLine]
        if computesABI { lines.append("abikit trend: abi computed from the pressures; rules: " + scoringOptions.summary) }
        lines += columnWarnings
        if !outcome.timesAreDates && timeUnit != .years {
            lines.append("abikit trend: --time-unit ignored: the time column holds numbers, used as given")
        }
        for warning in outcome.warnings { lines.append(warning.formatted(file: file, severity: "warning")) }
        if outcome.warningCount > outcome.warnings.count {
            lines.append("... \(outcome.warningCount - outcome.warnings.count) more warnings")
        }
        for line in outcome.summary.lines { lines.append("abikit trend: " + line) }
        return lines
    }
}

/// Writes a ``TrendResult``: the rows as formatted by the engine, and with Markdown the cohort summary below.
public enum TrendRenderer {
    public static func write(_ result: TrendResult, format: TableFormat, to sink: OutputSink,
                             writer: inout any TableWriter) throws {
        try write(result, format: format, to: sink, writer: &writer, headerWritten: false)
    }

    /// As ``write(_:format:to:writer:)``; `headerWritten`: the header and the rows were already
    /// written (rows streamed by the engine's `emit`), so only the header when there were no rows
    /// and what follows the rows are written.
    public static func write(_ result: TrendResult, format: TableFormat, to sink: OutputSink,
                             writer: inout any TableWriter, headerWritten: Bool) throws {
        let outcome = result.outcome
        if !headerWritten {
            try writer.writeHeader(outcome.headers)
            try writer.buffer.flush()
        }
        for var block in outcome.blocks { try block.write(to: sink) }
        if format == .markdown {
            let table = outcome.summary.table
            writer.buffer.append(string: "\nCohort summary (significance level \(cFormat("%g", 1 - result.level))):\n\n")
            try writer.writeHeader(table.headers)
            for row in table.rows { try writer.writeRow(row) }
            let slopes = outcome.summary.cohortSlopeTable
            if !slopes.rows.isEmpty {
                writer.buffer.append(string: "\nCohort slopes (mean of the per-subject slopes per \(result.timeUnitName), one-sample t interval):\n\n")
                try writer.writeHeader(slopes.headers)
                let numeric = Set(slopes.headers.indices.filter { ["mean_slope", "sd", "se", "ci_low", "ci_high"].contains(slopes.headers[$0]) })
                for row in slopes.rows {
                    try writer.writeRow(row.indices.map { index in
                        guard numeric.contains(index), let value = Double(row[index]) else { return row[index] }
                        return cFormat("%.4g", value)
                    })
                }
            }
        }
        try writer.finish()
    }

    /// `--summary FILE`: the cohort slope table (``TrendSummary/cohortSlopeTable``) at round-trip precision.
    public static func writeCohortSlopes(_ result: TrendResult, to writer: inout any TableWriter) throws {
        let table = result.outcome.summary.cohortSlopeTable
        try writer.writeHeader(table.headers)
        for row in table.rows { try writer.writeRow(row) }
        try writer.finish()
    }
}
