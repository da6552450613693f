import ABIAnalysis
import ABIIO
import ArgumentParser

struct RegressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Multiple linear regression with a model formula: factors, interactions, polynomials, robust standard errors.",
        discussion: """
            Fits y ~ terms by ordinary least squares (Householder QR with iterative refinement; see docs/statistics.md) on the rows where every variable the model uses is present; dropped rows are counted and reported. Formula terms: x, x1:x2 (interaction), x1*x2 (= x1 + x2 + x1:x2), poly(t, 3) (orthogonal, R's default; raw = TRUE for raw powers), I(x^2), log(x), factor(k); '- 1' removes the intercept. Text columns are factors in treatment coding against their first level in sorted order, or the level given with --reference.

            CSV, TSV and JSON output: one row per coefficient with group (with --by), term, estimate, std_error, t, p_value, ci_low, ci_high (boot_ci_low, boot_ci_high, boot_std_error with --bootstrap), then the model's statistics repeated on every row of the model: n, dropped_rows, df_model, df_resid, r_squared, adj_r_squared, f_statistic, f_df_num, f_df_denom, f_p_value, residual_se, log_likelihood, aic, bic, condition_number, covariance, level, notes. Numbers are written at full round-trip precision; an aliased (not estimable) term has blank statistics and is named in notes. Markdown output is a coefficient table per model with its fit statistics and notes, rounded for people.

            Examples:
              abikit regress study.csv --formula "abi ~ age + sex + diabetes"
              abikit regress study.csv --formula "abi ~ age * sex + poly(bmi, 2)" --reference sex=female --robust hc3
              abikit regress visits.csv --formula "abi ~ years + smoker" --robust cluster:subject --format markdown
              abikit regress study.csv --formula "abi ~ age" --by site -o by_site.csv
              abikit regress study.csv --formula "abi ~ age" --by site --by sex
              abikit regress study.csv --formula "abi ~ age + sex" --bootstrap 2000 --seed 7
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var common: RunOptions
    @OptionGroup var rows: FilterOptions

    @Option(help: ArgumentHelp("The model, e.g. \"abi ~ age + sex + age:sex + poly(bmi, 2)\"; column names as in the header.",
                               valueName: "formula"))
    var formula: String

    @Option(parsing: .singleValue, help: ArgumentHelp(
        "Fit one model per value of this column (repeatable or comma-separated: per combination of values), in order of first appearance.",
        valueName: "col[,col...]"))
    var by: [String] = []

    @Option(help: ArgumentHelp(
        "Coefficient covariance: classical, hc0, hc1, hc2, hc3 (heteroscedasticity-robust) or cluster:COLUMN (cluster-robust, e.g. by subject).",
        valueName: "type"))
    var robust: String = "classical"

    @Option(name: .customLong("reference"), parsing: .singleValue, help: ArgumentHelp(
        "Reference level of a factor: COLUMN=LEVEL (repeatable). Default: the first level in sorted order.",
        valueName: "column=level"))
    var references: [String] = []

    @Option(help: ArgumentHelp("Confidence level of the intervals, between 0 and 1.", valueName: "level"))
    var level: Double = 0.95

    @Option(help: ArgumentHelp("Also give percentile bootstrap intervals from N case-resampling replicates.", valueName: "n"))
    var bootstrap: Int?

    @Option(help: ArgumentHelp("Seed of the bootstrap; the result is the same for any --threads.", valueName: "seed"))
    var seed: UInt64 = 1

    /// Phase timings on standard error (for Scripts/bench.sh).
    @Flag(help: .hidden)
    var reportTiming = false

    func validate() throws {
        guard level > 0 && level < 1 else { throw ValidationError("--level must lie between 0 and 1 (e.g. 0.95), got \(level)") }
        if let bootstrap, bootstrap < 2 { throw ValidationError("--bootstrap needs at least 2 replicates, got \(bootstrap)") }
        _ = try covariance()
        _ = try referenceLevels()
    }

    func covariance() throws -> RegressionCovarianceChoice {
        guard let choice = RegressionCovarianceChoice(robust) else {
            throw ValidationError("--robust: expected classical, hc0, hc1, hc2, hc3 or cluster:COLUMN, got '\(robust)'")
        }
        return choice
    }

    func referenceLevels() throws -> [String: String] {
        var levels: [String: String] = [:]
        for item in references {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("--reference: expected COLUMN=LEVEL, got '\(item)'")
            }
            levels[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return levels
    }

    func run() throws {
        let analysis = RegressionAnalysis(formula: formula, by: try ColumnList.names(by, option: "--by"),
                                          covariance: try covariance(), referenceLevels: try referenceLevels(),
                                          bootstrap: bootstrap, seed: seed, threads: common.threads)
        let source = try ColumnSource.open(input.openReader(), displayName: input.displayName, filter: rows.parsed(), filterNotice: FilterOptions.notice(command: "regress"))
        let progress = ProgressLine(label: "abikit regress", quiet: common.quiet)
        let report: RegressionReport
        do {
            defer { progress.finish() }
            report = try analysis.run(source, warn: writeToStandardError, progress: progress.handler("bootstrap replicates"))
        }
        let written = try Timed.measure {
            let sink = try output.openSink(input: input)
            do {
                if output.format == .markdown {
                    var buffer = OutputBuffer(sink: sink)
                    RegressionRenderer.writeMarkdown(report, level: level, into: &buffer)
                    try buffer.flush()
                    try sink.commit()
                } else {
                    var writer = output.format.makeWriter(sink: sink, decimalComma: output.outputDecimalComma)
                    try RegressionRenderer.writeTable(report, level: level, to: &writer)
                }
            } catch {
                sink.discard()
                throw CommandFailure.writing(error, to: output.output)
            }
        }
        if !common.quiet {
            let lines = [source.dialectLine] + report.summaryLines
            writeToStandardError(lines.map { "abikit regress: " + $0 + "\n" }.joined())
        }
        if reportTiming {
            writeToStandardError("abikit regress: timing: load \(report.loadSeconds) s, compute \(report.fitSeconds) s, "
                + "write \(written) s\n")
        }
        if !report.failures.isEmpty {
            throw CommandFailure.data(report.failures.joined(separator: "\nabikit: "))
        }
    }
}
