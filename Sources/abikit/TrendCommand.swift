import ABICore
import ABIIO
import ABIStatistics
import ArgumentParser
import Dispatch
import Glibc

struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Per-subject trends over visits: OLS, Theil-Sen, Mann-Kendall, interrupted time series.",
        discussion: """
            Writes one row per subject x measure (x --by group), in order of each subject's first row: the subject and group cells, measure, n (usable points), n_missing, first_time, last_time, status (ok, or insufficient_data with fewer than --min-points points; never left out), then every statistic of each chosen method (ols_*, ts_*, mk_*, its_*; see README.md), abi_significant_changes for the ABI measure, and notes. Statistics are written at full round-trip precision (--digits N to round). A cohort summary goes to standard error (and below the table with --format markdown).

            Times: ISO dates (yyyy-mm-dd), ISO datetimes (yyyy-mm-ddThh:mm[:ss][Z|+hh:mm]) or plain numbers. Dates become (date - the subject's first visit) in --time-unit (years = 365.25 days), so intercepts are the fitted value at the first visit; numbers are used as given. Other date spellings need --date-format; a date like 03/04/2025 without it is an error (exit 2), never a guess.

            --measure abi computes the patient ABI from the pressure columns with the rules of abikit score (or uses the file's abi column when it has one) and counts, per subject, the visits whose ABI changed by at least --change-threshold (0.15, CLINICAL.md) from the previous visit.

            Memory: with --method ols alone each subject keeps a few running sums (memory grows with subjects, not rows); theil-sen, mann-kendall and its keep every point of a subject (16 bytes per value).

            Examples:
              abikit trend visits.csv --subject subject_id --time visit_date --measure abi
              abikit trend visits.csv --subject id --time date --measure ankle_blood_flow,plantar_temp --by limb --method ols,theil-sen,mann-kendall
              abikit trend study.csv --subject id --time date --measure abi --method its --intervention 2025-06-01
              abikit trend study.csv --subject id --time date --measure abi --method ols,its --intervention-column start_date --format markdown
              abikit trend export.csv --subject id --time datum --date-format dd.mm.yyyy --measure temp --time-unit weeks
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The subject column (header or 1-based number).", valueName: "col"))
    var subject: String

    @Option(help: ArgumentHelp("The time column: ISO dates or datetimes, or numbers.", valueName: "col"))
    var time: String

    @Option(parsing: .singleValue, help: ArgumentHelp(
        "Measures to trend, comma-separated or repeated. 'abi' without an abi column computes ABI from the pressures.",
        valueName: "col[,col...]"))
    var measure: [String] = []

    @Option(parsing: .singleValue, help: ArgumentHelp("Group columns (e.g. limb, arm): one series per subject and group. Repeatable.",
                                                      valueName: "col"))
    var by: [String] = []

    @Option(help: ArgumentHelp("Methods, comma-separated: ols, theil-sen, mann-kendall, its.", valueName: "methods"))
    var method: String = "ols"

    @Option(help: ArgumentHelp("Intervention date (or number, for numeric times) for --method its, the same for every subject.",
                               valueName: "date"))
    var intervention: String?

    @Option(help: ArgumentHelp("Column with each subject's intervention date (its first non-blank value).", valueName: "col"))
    var interventionColumn: String?

    @Option(help: ArgumentHelp("Confidence level of the intervals; 1 - level is the significance level.", valueName: "p"))
    var level: Double = 0.95

    @Option(help: ArgumentHelp("Unit of the time axis for dates: years (365.25 days), days or weeks.", valueName: "unit"))
    var timeUnit: String = "years"

    @Option(help: ArgumentHelp("Series with fewer usable points get status insufficient_data.", valueName: "n"))
    var minPoints: Int = 3

    @Option(help: ArgumentHelp("Non-ISO dates: dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy, mm/dd/yyyy or mm-dd-yyyy.",
                               valueName: "format"))
    var dateFormat: String?

    @Option(help: ArgumentHelp("Mann-Kendall variant: original, hamed-rao, yue-wang, pre-whitening, trend-free-pre-whitening.",
                               valueName: "variant"))
    var mkVariant: String = "original"

    @Option(help: ArgumentHelp("Newey-West (Bartlett) lags for the interrupted time series standard errors (default: ordinary).",
                               valueName: "lags"))
    var neweyWestLags: Int?

    @Option(help: ArgumentHelp("Round statistics to this many decimals (default: full round-trip precision).", valueName: "n"))
    var digits: Int?

    @OptionGroup var mapping: MappingOptions

    @Option(help: ArgumentHelp(
        "For --measure abi from pressures: the ABI method of abikit score --method (standard, lower-ankle, pt-only, dp-only, mean-arms, nhanes).",
        valueName: "method"))
    var abiMethod: String = ABIMethod.standard.code

    @Option(help: ArgumentHelp("For --measure abi from pressures: noncompressible above gt-1.40 (AHA/ACC) or gt-1.30 (legacy).",
                               valueName: "rule"))
    var noncompressible: String = NoncompressibleThreshold.above140.code

    @Option(help: ArgumentHelp("Clinically significant visit-to-visit ABI change (CLINICAL.md: 0.15).", valueName: "abi"))
    var changeThreshold: String = "0.15"

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int = Platform.processorCount

    @Flag(help: "No summary on standard error.")
    var quiet = false

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be from 1 to 256") }
        guard level > 0 && level < 1 else { throw ValidationError("--level must be between 0 and 1") }
        guard minPoints >= 1 else { throw ValidationError("--min-points must be at least 1") }
        if let digits, !(0...15).contains(digits) { throw ValidationError("--digits must be from 0 to 15") }
        if let neweyWestLags, neweyWestLags < 0 { throw ValidationError("--newey-west-lags must be non-negative") }
        if intervention != nil && interventionColumn != nil {
            throw ValidationError("give --intervention or --intervention-column, not both")
        }
        guard !measure.isEmpty else { throw ValidationError("--measure is required") }
    }

    func run() throws {
        let methods = try parseMethods()
        guard let unit = TrendTimeUnit(rawValue: timeUnit) else {
            throw CommandFailure.usage("--time-unit '\(timeUnit)': expected one of years, days, weeks")
        }
        var format = TrendDateFormat.iso
        if let dateFormat {
            guard let parsed = TrendDateFormat(spelling: dateFormat) else {
                throw CommandFailure.usage("--date-format '\(dateFormat)': expected dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy, mm/dd/yyyy or mm-dd-yyyy")
            }
            format = parsed
        }
        let variantCodes: [String: MannKendallResult.Variant] = [
            "original": .original, "hamed-rao": .hamedRao, "yue-wang": .yueWang, "pre-whitening": .preWhitening,
            "trend-free-pre-whitening": .trendFreePreWhitening,
        ]
        guard let variant = variantCodes[mkVariant] else {
            throw CommandFailure.usage("--mk-variant '\(mkVariant)': expected one of \(variantCodes.keys.sorted().joined(separator: ", "))")
        }
        if methods.contains(.its) && intervention == nil && interventionColumn == nil {
            throw CommandFailure.usage("--method its needs --intervention DATE or --intervention-column COL")
        }
        let rules: ScoringOptionGroup
        do {
            rules = try ScoringOptionGroup.parse(["--method", abiMethod, "--noncompressible", noncompressible,
                                                  "--change-threshold", changeThreshold])
        } catch {
            throw CommandFailure.usage(ScoringOptionGroup.message(for: error))
        }
        let options = try rules.scoringOptions()
        let table = try TableInput.open(input)
        let headers = table.headers
        let subjectColumn = try table.column(subject, option: "--subject")
        let timeColumn = try table.column(time, option: "--time")
        let groupColumns = try by.flatMap { $0.split(separator: ",").map(String.init) }.map { try table.column($0, option: "--by") }
        var measures: [TrendMeasure] = []
        var scoreLayout: ScoreLayout?
        for name in measure.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let trimmedName = name.trimmedWhitespace()
            if let column = table.columnIfPresent(trimmedName) {
                measures.append(TrendMeasure(name: headers[column], source: .column(column)))
            } else if trimmedName.lowercased() == "abi" {
                do {
                    let overrides = try mapping.maps.map { try ColumnOverride.parse($0, headers: headers) }
                    let resolved = try ColumnMapping.resolve(headers: headers, overrides: overrides,
                                                             matchAliases: table.reader.dialect.hasHeader,
                                                             requireMeasurements: true)
                    scoreLayout = ScoreLayout(mapping: resolved, inputHeaders: headers,
                                              decimalComma: table.reader.dialect.decimalMark == .comma, options: options)
                } catch {
                    throw CommandFailure.usage("\(input.displayName): --measure abi needs pressure columns: \(error)")
                }
                measures.append(TrendMeasure(name: "abi", source: .computedABI))
            } else {
                _ = try table.column(trimmedName, option: "--measure")
            }
        }
        var interventionSetting = TrendIntervention.none
        if let intervention {
            var text = intervention
            let value = text.withUTF8 { TrendTimeParser.parse($0, format: format, decimalMark: .point) }
            switch value {
            case .date, .number: interventionSetting = .fixed(value)
            case .missing, .invalid:
                throw CommandFailure.usage("--intervention '\(intervention)': expected a date (yyyy-mm-dd, or as --date-format) or a number")
            }
        } else if let interventionColumn {
            interventionSetting = .column(try table.column(interventionColumn, option: "--intervention-column"))
        }
        let configuration = TrendConfiguration(
            headers: headers, subjectColumn: subjectColumn, timeColumn: timeColumn, groupColumns: groupColumns,
            measures: measures, methods: methods, level: level, timeUnit: unit, minimumPoints: minPoints,
            dateFormat: format, intervention: interventionSetting, mannKendallVariant: variant,
            neweyWestLags: neweyWestLags, scoreLayout: scoreLayout, decimalMark: table.reader.dialect.decimalMark,
            threads: threads)
        let engine = TrendEngine(configuration: configuration, sourceName: input.displayName)
        let outcome: TrendEngine.Outcome
        do {
            outcome = try engine.run(reader: table.reader, firstChunk: table.firstChunk, skipRecords: table.headerRecords,
                                     format: output.format, digits: digits,
                                     decimalCommaOutput: output.outputDecimalComma)
        } catch {
            switch error {
            case .input(let problem): throw CommandFailure.usage(problem.formatted(file: input.displayName))
            case .read(let error): throw CommandFailure.usage("\(input.displayName): \(error.description)")
            case .output(let error): throw CommandFailure.usage("\(error)")
            }
        }
        try write(outcome)
        if !quiet {
            var text = "abikit trend: " + table.dialectLine + "\n"
            if measures.contains(where: { $0.source == .computedABI }) {
                text += "abikit trend: abi computed from the pressures; rules: " + options.summary + "\n"
            }
            if !outcome.timesAreDates && timeUnit != "years" {
                text += "abikit trend: --time-unit ignored: the time column holds numbers, used as given\n"
            }
            for warning in outcome.warnings { text += warning.formatted(file: input.displayName) + ": warning\n" }
            if outcome.warningCount > outcome.warnings.count {
                text += "... \(outcome.warningCount - outcome.warnings.count) more warnings\n"
            }
            for line in outcome.summary.lines { text += "abikit trend: " + line + "\n" }
            writeToStandardError(text)
        }
    }

    func parseMethods() throws -> [TrendMethod] {
        var methods: [TrendMethod] = []
        for name in method.split(separator: ",").map({ $0.trimmedWhitespace().lowercased() }) {
            let aliases: [String: TrendMethod] = ["theilsen": .theilSen, "sen": .theilSen, "mk": .mannKendall,
                                                  "mannkendall": .mannKendall]
            guard let parsed = TrendMethod(rawValue: name) ?? aliases[name] else {
                throw CommandFailure.usage("--method '\(name)': expected ols, theil-sen, mann-kendall or its")
            }
            if !methods.contains(parsed) { methods.append(parsed) }
        }
        guard !methods.isEmpty else { throw CommandFailure.usage("--method: no method given") }
        return methods
    }

    func write(_ outcome: TrendEngine.Outcome) throws {
        let sink = try output.openSink()
        do {
            var writer = output.format.makeWriter(sink: sink, decimalComma: output.outputDecimalComma)
            try writer.writeHeader(outcome.headers)
            try writer.buffer.flush()
            for var block in outcome.blocks { try block.write(to: sink) }
            if output.format == .markdown {
                let table = outcome.summary.table
                writer.buffer.append(string: "\nCohort summary (significance level \(cFormat("%g", 1 - level))):\n\n")
                try writer.writeHeader(table.headers)
                for row in table.rows { try writer.writeRow(row) }
            }
            try writer.finish()
        } catch {
            sink.discard()
            if case .brokenPipe = error { throw CommandFailure.brokenPipe }
            throw CommandFailure.usage("\(output.output ?? "<stdout>"): \(error)")
        }
    }
}
