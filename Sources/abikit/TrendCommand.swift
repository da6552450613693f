import ABIAnalysis
import ABIIO
import ArgumentParser

extension TrendTimeUnit: ExpressibleByArgument {}
extension MannKendallVariantName: ExpressibleByArgument {}

struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Per-subject trends over visits: OLS, Theil-Sen, Mann-Kendall, interrupted time series.",
        discussion: """
            Writes one row per subject x measure (x --by group), in order of each subject's first row: the subject and group cells, measure, n (usable points), n_missing, first_time, last_time, status (ok, or insufficient_data with fewer than --min-points points; never left out), then every statistic of each chosen method (ols_*, ts_*, mk_*, its_*; see docs/commands/trend.md), abi_significant_changes for the ABI measure, and notes. Statistics are written at full round-trip precision (--digits N to round). A cohort summary goes to standard error (and below the table with --format markdown).

            Times: ISO dates (yyyy-mm-dd), ISO datetimes (yyyy-mm-ddThh:mm[:ss][Z|+hh:mm]) or plain numbers. Dates become (date - the subject's first visit) in --time-unit (years = 365.25 days), so intercepts are the fitted value at the first visit; numbers are used as given. Other date spellings need --date-format; a date like 03/04/2025 without it is an error (exit 2), never a guess.

            --measure abi computes the patient ABI from the pressure columns with the rules of abikit score (or uses the file's abi column when it has one) and counts, per subject, the visits whose ABI changed by at least --change-threshold (0.15, docs/clinical-rules.md) from the previous visit.

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
    var timeUnit: TrendTimeUnit = .years

    @Option(help: ArgumentHelp("Series with fewer usable points get status insufficient_data.", valueName: "n"))
    var minPoints: Int = 3

    @Option(help: ArgumentHelp("Non-ISO dates: dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy, mm/dd/yyyy or mm-dd-yyyy.",
                               valueName: "format"))
    var dateFormat: String?

    @Option(help: ArgumentHelp("Mann-Kendall variant: original, hamed-rao, yue-wang, pre-whitening, trend-free-pre-whitening.",
                               valueName: "variant"))
    var mkVariant: MannKendallVariantName = .original

    @Option(help: ArgumentHelp("Newey-West (Bartlett) lags for the interrupted time series standard errors (default: ordinary).",
                               valueName: "lags"))
    var neweyWestLags: Int?

    @Option(help: ArgumentHelp("Round statistics to this many decimals (default: full round-trip precision).", valueName: "n"))
    var digits: Int?

    @OptionGroup var mapping: MappingOptions
    /// For --measure abi from pressures: the rules of abikit score (--abi-method, --noncompressible, ...).
    @OptionGroup var rules: ScoringOptionGroup
    @OptionGroup var common: RunOptions
    @OptionGroup var rows: FilterOptions

    @Option(help: ArgumentHelp("Also write the cohort slope summary to this CSV file: per --by group, measure and method (ols, theil-sen), the mean of the per-subject slopes with a one-sample t interval (Markdown output shows it below the table).", valueName: "file"))
    var summary: String?

    func validate() throws {
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
        var analysis = TrendAnalysis(subject: subject, time: time, measures: measure)
        analysis.by = by
        analysis.methods = method
        analysis.intervention = intervention
        analysis.interventionColumn = interventionColumn
        analysis.level = level
        analysis.timeUnit = timeUnit
        analysis.minimumPoints = minPoints
        analysis.dateFormat = dateFormat
        analysis.mannKendallVariant = mkVariant
        analysis.neweyWestLags = neweyWestLags
        analysis.maps = mapping.maps
        analysis.threads = common.threads
        analysis.filter = try rows.parsed()
        _ = try analysis.parsedMethods()
        analysis.scoringOptions = try rules.scoringOptions()
        let progress = ProgressLine(label: "abikit trend", quiet: common.quiet)
        let result: TrendResult
        // Rows are written block by block as they are fitted (after the whole input is read, so an
        // input error still leaves no output); the sink is discarded on any failure.
        let sink = try output.openSink(input: input)
        var writer = output.format.makeWriter(sink: sink, decimalComma: output.outputDecimalComma)
        var headerWritten = false
        var writeError: Error?
        do {
            defer { progress.finish() }
            result = try analysis.run(open: { try TableSource.open(input.openReader(), displayName: input.displayName) },
                                      format: output.format, digits: digits, decimalCommaOutput: output.outputDecimalComma,
                                      progress: progress.update(rows:)) { (headers: [String], rows: inout OutputBuffer) throws(TrendError) in
                do throws(OutputError) {
                    if !headerWritten {
                        progress.finish()
                        try writer.writeHeader(headers)
                        try writer.buffer.flush()
                        headerWritten = true
                    }
                    try rows.write(to: sink)
                } catch {
                    writeError = error
                    throw .output(error)
                }
            }
        } catch {
            sink.discard()
            if let writeError { throw CommandFailure.writing(writeError, to: output.output) }
            throw error
        }
        do {
            try TrendRenderer.write(result, format: output.format, to: sink, writer: &writer, headerWritten: headerWritten)
        } catch {
            sink.discard()
            throw CommandFailure.writing(error, to: output.output)
        }
        if let summary {
            guard summary != output.output, summary != input.path else {
                throw CommandFailure.usage("--summary \(summary): names the input or the output file")
            }
            let summarySink: OutputSink
            do { summarySink = try OutputSink.atomicFile(path: summary) } catch { throw CommandFailure.output(error) }
            do {
                var writer = TableFormat.csv.makeWriter(sink: summarySink, decimalComma: false)
                try TrendRenderer.writeCohortSlopes(result, to: &writer)
            } catch {
                summarySink.discard()
                throw CommandFailure.writing(error, to: summary)
            }
        }
        if let filter = analysis.filter {
            let removed = result.outcome.summary.rowsRemovedByFilter
            FilterOptions.notice(command: "trend")(RowFilterBinding.notice(filter, removed: removed, of: result.outcome.summary.records + removed))
        }
        if !common.quiet {
            writeToStandardError(result.summaryLines(file: input.displayName).map { $0 + "\n" }.joined())
        }
    }
}
