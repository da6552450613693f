import ABIAnalysis
import ABIIO
import ArgumentParser

struct CorrelateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correlate",
        abstract: "Correlation (Pearson or Spearman) or covariance matrix of numeric columns, with pairwise or listwise missing values.",
        discussion: """
            Missing cells (blank, NA, NaN, .) are left out pair by pair (--missing pairwise, as pandas DataFrame.corr and R's use = "pairwise.complete.obs") or whole rows are dropped (--missing listwise, R's "complete.obs"). Spearman's coefficient is Pearson's on average ranks. Covariances use the divisor n - 1.

            Output layout (--layout long, the default): one row per pair of columns, both orders and the diagonal, with x, y, the statistic (correlation or covariance) and n, the rows behind it; correlations add t, df, p_value (two-sided) and ci_low, ci_high (Fisher z interval at --level): Pearson as R's cor.test, Spearman's t approximation as scipy.stats.spearmanr (interval as pingouin); blank on the diagonal. --repeated SUBJECT: the repeated-measures correlation (rmcorr) of each pair, df = N - k - 1, interval as the R package rmcorr, and a subjects column. --layout wide: the matrix, a first column named 'column' and one column per input column (pair counts are in the long layout only). Numbers at full round-trip precision; an undefined entry (a constant column, fewer than 2 rows) is blank. Markdown output is the matrix rounded to 4 decimals, with the pair counts when they differ.

            Examples:
              abikit correlate study.csv
              abikit correlate study.csv --columns abi,age,bmi --method spearman
              abikit correlate study.csv --missing listwise --layout wide
              abikit correlate study.csv --covariance --format markdown
              abikit correlate visits.csv --columns abi,ankle_blood_flow --repeated subject_id
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var common: RunOptions
    @OptionGroup var rows: FilterOptions

    @Option(parsing: .singleValue, help: ArgumentHelp("Columns, repeatable or comma-separated (default: every numeric column).",
                                                      valueName: "col[,col...]"))
    var columns: [String] = []

    @Option(help: ArgumentHelp("The coefficient.", valueName: "method"))
    var method: CorrelationAnalysis.Method = .pearson

    @Option(help: ArgumentHelp("pairwise (each pair on its complete rows) or listwise (rows complete in every column).",
                               valueName: "handling"))
    var missing: CorrelationAnalysis.Missing = .pairwise

    @Flag(help: "Covariance matrix (divisor n - 1) instead of correlations.")
    var covariance = false

    @Option(help: ArgumentHelp("Repeated-measures correlation (rmcorr, Bakdash & Marusich 2017) within subjects of this column, for several rows per subject (visits, two legs).", valueName: "subject"))
    var repeated: String?

    @Option(help: ArgumentHelp("Confidence level of the Fisher z intervals.", valueName: "level"))
    var level: Double = 0.95

    @Option(help: ArgumentHelp("long (one row per pair, with n and the test) or wide (the matrix).", valueName: "layout"))
    var layout: CorrelationRenderer.Layout = .long

    /// Phase timings on standard error (for Scripts/bench.sh).
    @Flag(help: .hidden)
    var reportTiming = false

    func validate() throws {
        if covariance && method == .spearman { throw ValidationError("--covariance and --method spearman cannot be combined") }
    }

    func run() throws {
        let names = try ColumnList.names(columns, option: "--columns")
        var analysis = CorrelationAnalysis(columns: names.isEmpty ? nil : names, method: method, missing: missing,
                                           covariance: covariance, threads: common.threads)
        analysis.level = level
        analysis.repeatedSubject = repeated?.trimmedWhitespace()
        let source = try ColumnSource.open(input.openReader(), displayName: input.displayName, filter: rows.parsed(), filterNotice: FilterOptions.notice(command: "correlate"))
        let progress = ProgressLine(label: "abikit correlate", quiet: common.quiet)
        let report: CorrelationReport
        do {
            defer { progress.finish() }
            report = try analysis.run(source, warn: writeToStandardError, progress: progress.handler("pairs"))
        }
        let written = try Timed.measure {
            let sink = try output.openSink(input: input)
            do {
                if output.format == .markdown {
                    var buffer = OutputBuffer(sink: sink)
                    CorrelationRenderer.writeMarkdown(report, into: &buffer)
                    try buffer.flush()
                    try sink.commit()
                } else {
                    var writer = output.format.makeWriter(sink: sink, decimalComma: output.outputDecimalComma)
                    try CorrelationRenderer.writeTable(report, layout: layout, to: &writer)
                }
            } catch {
                sink.discard()
                throw CommandFailure.writing(error, to: output.output)
            }
        }
        if !common.quiet {
            let lines = [source.dialectLine] + report.summaryLines
            writeToStandardError(lines.map { "abikit correlate: " + $0 + "\n" }.joined())
        }
        if reportTiming {
            writeToStandardError("abikit correlate: timing: load \(report.loadSeconds) s, compute \(report.computeSeconds) s, "
                + "write \(written) s\n")
        }
    }
}
