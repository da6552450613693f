import ABIAnalysis
import ABIBatch
import ABIIO
import ArgumentParser

struct MixedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mixed",
        abstract: "Linear mixed models for repeated measures (lme4 syntax; REML or ML; Satterthwaite df as lmerTest).",
        discussion: """
            Fits a linear mixed model with one grouping factor, or subjects nested in sites, as R's lme4::lmer: the fixed part uses the formula language of regress (factors, interactions, poly, factor(k), --reference), the random part one term (1 | g), (1 + t | g) (correlated intercept and slope), (1 + t || g) (uncorrelated) or (1 | site/subject) (nested: the same effects per site and per subject within its site). REML by default, --ml for maximum likelihood. Rows with a missing value in any variable the model uses are dropped and counted per variable. A boundary (singular) fit is reported in notes.

            CSV, TSV and JSON output: one row per quantity; kind is fixed (estimate, std_error, df = Satterthwaite, t, p_value, ci_low, ci_high), sd (random-effect or residual standard deviation in estimate, with variance; factor names the grouping column or Residual), correlation (of two random effects, in estimate) or test (--test: f, num_df, df, p_value). Every row repeats n, groups, dropped_rows, criterion, reml_criterion, deviance, log_likelihood, aic, bic, residual_sd, singular, level, ddf_method, notes. See docs/commands/mixed.md.

            Examples:
              abikit mixed trial.csv --formula "abi ~ arm * factor(week) + (1 | subject)"
              abikit mixed trial.csv --formula "abi ~ arm * weeks + (1 + weeks | subject)" --test "arm:weeks"
              abikit mixed legs.csv --formula "flow ~ arm * weeks + (1 + weeks || subject)" --ml --format markdown
              abikit mixed trial.csv --formula "abi ~ weeks + (1 + weeks | subject)" --by site --ranef blups.csv
              abikit mixed trial.csv --formula "abi ~ weeks + (1 | subject)" --by site --by arm
              abikit mixed trial.csv --formula "abi ~ arm * weeks + (1 + weeks | subject)" --ddf kenward-roger
              abikit mixed multicentre.csv --formula "abi ~ arm * weeks + (1 | site/subject)" --test "arm:weeks"
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The model, e.g. \"abi ~ arm * weeks + (1 + weeks | subject)\".", valueName: "formula"))
    var formula: String

    @Flag(help: "Maximum likelihood instead of REML (for comparing models that differ in fixed effects).")
    var ml = false

    @Option(name: .customLong("test"), parsing: .singleValue, help: ArgumentHelp(
        "Joint F test of a fixed term's coefficients (type III, Satterthwaite df, as lmerTest's anova), e.g. arm:weeks. Repeatable.",
        valueName: "term"))
    var tests: [String] = []

    @Option(name: .customLong("reference"), parsing: .singleValue, help: ArgumentHelp(
        "Reference level of a factor: COLUMN=LEVEL (repeatable). Default: the first level in sorted order.", valueName: "column=level"))
    var references: [String] = []

    @Option(help: ArgumentHelp(
        "Denominator df of the fixed-effect t tests: satterthwaite (lmerTest's default) or kenward-roger (pbkrtest; adjusted standard errors; REML only). F tests use Satterthwaite.",
        valueName: "method"))
    var ddf: String = "satterthwaite"

    @Option(help: ArgumentHelp("Confidence level of the intervals, between 0 and 1.", valueName: "level"))
    var level: Double = 0.95

    @Option(parsing: .singleValue, help: ArgumentHelp(
        "Fit one model per value of this column (repeatable or comma-separated: per combination of values), in order of first appearance.",
        valueName: "col[,col...]"))
    var by: [String] = []

    @Option(help: ArgumentHelp("Also write the conditional modes (BLUPs) per group to this CSV file.", valueName: "file"))
    var ranef: String?

    @OptionGroup var common: RunOptions
    @OptionGroup var rows: FilterOptions

    func validate() throws {
        guard level > 0 && level < 1 else { throw ValidationError("--level must lie between 0 and 1 (e.g. 0.95), got \(level)") }
        guard ["satterthwaite", "kenward-roger"].contains(ddf.lowercased()) else {
            throw ValidationError("--ddf: expected satterthwaite or kenward-roger, got '\(ddf)'")
        }
        if let ranef, let other = [input.path, output.output].compactMap({ $0 }).first(where: {
            $0 == ranef || OutputTarget.sameFile(path: ranef, asPath: $0)
        }) {
            throw ValidationError("--ranef \(ranef): names \(other), the input or the output; write to another file")
        }
        for item in references where item.firstIndex(of: "=").map({ $0 == item.startIndex }) ?? true {
            throw ValidationError("--reference: expected COLUMN=LEVEL, got '\(item)'")
        }
    }

    func run() throws {
        let parsed: MixedModelFormula
        do { parsed = try MixedModelFormula(formula) } catch let error as BatchError {
            throw CommandFailure.usage(error.message(formula: formula))
        }
        var levels: [String: String] = [:]
        for item in references {
            let equals = item.firstIndex(of: "=")!
            levels[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        let byColumns = try ColumnList.names(by, option: "--by")
        let options = MixedModelOptions(formula: formula, referenceLevels: levels, criterion: ml ? .maximumLikelihood : .reml,
                                        level: level, tests: tests, byColumns: byColumns,
                                        degreesOfFreedom: ddf.lowercased() == "kenward-roger" ? .kenwardRoger : .satterthwaite)
        let source = try ColumnSource.open(input.openReader(), displayName: input.displayName, filter: rows.parsed(), filterNotice: FilterOptions.notice(command: "mixed"))
        let report = try MixedModelEngine.run(options, formula: parsed, source: source, threads: common.threads,
                                              warn: writeToStandardError)
        try write(report)
        if !common.quiet {
            var text = "abikit mixed: " + source.dialectLine + "\n"
            text += "abikit mixed: \(report.rowCount) rows read; \(report.models.count) model\(report.models.count == 1 ? "" : "s") fitted by "
                + (ml ? "ML" : "REML") + (byColumns.isEmpty ? "" : " by " + byColumns.joined(separator: ", ")) + "\n"
            if report.ungroupedRowCount > 0 { text += "abikit mixed: \(report.ungroupedRowCount) rows without a value in \(ByGroups.quoted(byColumns)) left out\n" }
            for model in report.models {
                let notes = MixedModelRenderer.notes(model.result)
                if !notes.isEmpty { text += "abikit mixed: " + (model.group.map { "group '\($0)': " } ?? "") + notes + "\n" }
            }
            writeToStandardError(text)
        }
        if !report.failures.isEmpty {
            throw CommandFailure.data(report.failures.map { "group '\($0.group)': \($0.error.message(formula: formula))" }
                .joined(separator: "\nabikit: "))
        }
    }

    func write(_ report: MixedModelReport) throws {
        let sink = try output.openSink(input: input)
        do {
            if output.format == .markdown {
                var buffer = OutputBuffer(sink: sink)
                MixedModelRenderer.writeMarkdown(report, into: &buffer)
                try buffer.flush()
                try sink.commit()
            } else {
                var writer = output.format.makeWriter(sink: sink, decimalComma: output.outputDecimalComma)
                try MixedModelRenderer.writeTable(report, to: &writer)
            }
        } catch {
            sink.discard()
            throw CommandFailure.output(error)
        }
        guard let ranef else { return }
        let ranefSink: OutputSink
        do { ranefSink = try OutputSink.atomicFile(path: ranef) } catch { throw CommandFailure.output(error) }
        do {
            var writer = TableFormat.csv.makeWriter(sink: ranefSink, decimalComma: output.outputDecimalComma)
            try MixedModelRenderer.writeConditionalModes(report, to: &writer)
        } catch {
            ranefSink.discard()
            throw CommandFailure.output(error)
        }
    }
}
