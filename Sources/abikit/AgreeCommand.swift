import ABIAnalysis
import ABICore
import ABIIO
import ArgumentParser

struct AgreeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agree",
        abstract: "Method comparison and diagnostic accuracy: Bland-Altman, CCC, ICC, sensitivity/specificity, kappa, ROC.",
        discussion: """
            --a is the index (new) method, --b the reference; differences are a - b. Cells that are blank, noncompressible (NC, >255) or other text (device errors) are counted per column and reason and the row left out, never silently.

            Output: one long table (analysis, quantity, column, estimate, ci_lower, ci_upper, ci_method, statistic, df1, df2, p_value, n) at round-trip precision, or with --format markdown the results section of a method-comparison paper. Every interval names its method: bias t; limits of agreement exact, each limit and the two as a pair (Carkeet 2015), and approximate (Bland & Altman 1999); CCC Fisher z (Lin 1989); proportions Wilson and Clopper-Pearson; likelihood ratios log method; kappa asymptotic (Fleiss, Cohen & Everitt 1969); AUC DeLong; ICC F-based (psych::ICC).

            Examples:
              abikit agree methods.csv --a abi_oscillometric --b abi_doppler
              abikit agree methods.csv --a abi_osc --b abi_dop --subject id --cutoff le-0.90 --format markdown
              abikit agree methods.csv --a abi_osc --b abi_dop --cutoff le-0.90 --roc-points roc.csv
              abikit agree raters.csv --raters obs1,obs2,obs3 --icc
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("a"), help: ArgumentHelp("Index (new) method's column.", valueName: "column"))
    var indexColumn: String?

    @Option(name: .customLong("b"), help: ArgumentHelp("Reference method's column.", valueName: "column"))
    var referenceColumn: String?

    @Option(help: ArgumentHelp("Subject column when subjects contribute several pairs (legs, visits): adds the repeated-measures limits of Bland & Altman 2007.", valueName: "column"))
    var subject: String?

    @Option(help: ArgumentHelp("Diagnostic accuracy at this PAD cut-off, positive at or below it, as score's --pad-cutoff: le-0.90 or lt-0.90.", valueName: "rule"))
    var cutoff: String?

    @Flag(help: "Bland-Altman on percentage differences 100 (a - b) / mean(a, b).")
    var relative = false

    @Option(help: ArgumentHelp("Comma-separated rater columns for the ICC (one row per target).", valueName: "c1,c2,..."))
    var raters: String?

    @Flag(help: "Intraclass correlations (all six forms); implied by --raters, with --a/--b for the two methods.")
    var icc = false

    @Option(help: ArgumentHelp("Write the ROC curve (threshold, sensitivity, specificity) to this CSV file; needs --cutoff.", valueName: "file"))
    var rocPoints: String?

    @Option(help: ArgumentHelp("Confidence level of every interval.", valueName: "level"))
    var level: Double = 0.95

    @OptionGroup var common: RunOptions
    @OptionGroup var rows: FilterOptions

    func validate() throws {
        guard level > 0 && level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.95") }
        if let cutoff, PADCutoff(code: cutoff) == nil {
            throw ValidationError("--cutoff '\(cutoff)': expected one of \(PADCutoff.allCases.map(\.code).joined(separator: ", "))")
        }
        if rocPoints != nil && cutoff == nil { throw ValidationError("--roc-points needs --cutoff (the reference's positives)") }
        if let rocPoints, let other = [input.path, output.output].compactMap({ $0 }).first(where: {
            $0 == rocPoints || OutputTarget.sameFile(path: rocPoints, asPath: $0)
        }) {
            throw ValidationError("--roc-points \(rocPoints): names \(other), the input or the output; write to another file")
        }
    }

    func run() throws {
        let raterList = raters.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmedWhitespace() } } ?? []
        if raterList.contains(where: \.isEmpty) { throw CommandFailure.usage("--raters: empty column name in '\(raters ?? "")'") }
        let options = AgreeOptions(indexColumn: indexColumn, referenceColumn: referenceColumn, subjectColumn: subject,
                                   cutoff: cutoff.flatMap { PADCutoff(code: $0) }, relative: relative, raterColumns: raterList,
                                   icc: icc || !raterList.isEmpty, level: level)
        let source = try ColumnSource.open(input.openReader(), displayName: input.displayName, filter: rows.parsed(), filterNotice: FilterOptions.notice(command: "agree"))
        let result: AgreeResult
        do {
            result = try AgreeEngine(options: options).run(source, threads: common.threads)
        } catch {
            // A failing read(2) is an I/O failure (exit 3); everything else about the options or input is usage (2).
            if case .load(.read(let readError), _) = error { throw CommandFailure.input(readError, displayName: input.displayName) }
            throw CommandFailure.usage(error.description)
        }
        try write { sink in
            if output.format == .markdown {
                var buffer = OutputBuffer(sink: sink)
                buffer.append(string: AgreeMarkdown.render(result))
                try buffer.flush()
                try sink.commit()
            } else {
                var writer = output.format.makeWriter(sink: sink, decimalComma: output.outputDecimalComma)
                try AgreeTable.write(result, to: &writer)
            }
        }
        if let rocPoints {
            guard let roc = result.roc else { throw CommandFailure.data("--roc-points: no ROC curve (the reference needs positives and negatives at the cut-off)") }
            let sink: OutputSink
            do { sink = try OutputSink.atomicFile(path: rocPoints) } catch { throw CommandFailure.output(error) }
            do {
                var writer = TableFormat.csv.makeWriter(sink: sink)
                try AgreeTable.writeROCPoints(roc, to: &writer)
            } catch {
                sink.discard()
                throw CommandFailure.output(error)
            }
        }
        if !common.quiet { writeToStandardError(summary(result, source)) }
    }

    func write(_ body: (OutputSink) throws -> Void) throws {
        let sink = try output.openSink(input: input)
        do {
            try body(sink)
        } catch let error as OutputError {
            sink.discard()
            throw CommandFailure.output(error)
        } catch {
            sink.discard()
            throw error
        }
    }

    func summary(_ r: AgreeResult, _ source: ColumnSource) -> String {
        var text = "abikit agree: " + source.dialectLine + "\n"
        if let warning = source.encodingWarning { text += warning + "\n" }
        for cell in r.deviceErrorCells {
            text += "\(input.displayName): data row \(cell.dataRow), column \(cell.column): warning: '\(cell.text)' is not a number, "
                + "blank or noncompressible marker; counted as device_error and the row left out\n"
        }
        var columns: [String] = []
        for u in r.unusable where !columns.contains(u.column) { columns.append(u.column) }
        let reasons = columns.map { column in
            column + ": " + r.unusable.filter { $0.column == column }.map { "\($0.count) \($0.reason.rawValue)" }.joined(separator: ", ")
        }.joined(separator: "; ")
        if r.indexColumn != nil {
            text += "abikit agree: \(r.rowCount) rows; \(r.usablePairCount) usable pairs, \(r.excludedPairCount) excluded"
            text += reasons.isEmpty ? "\n" : " (unusable cells: " + reasons + ")\n"
        } else if !reasons.isEmpty {
            text += "abikit agree: unusable cells: " + reasons + "\n"
        }
        if r.icc != nil || !r.iccColumns.isEmpty {
            text += "abikit agree: ICC over \(r.icc?.targetCount ?? 0) complete rows of \(r.iccColumns.joined(separator: ", "))"
            text += r.iccExcludedTargets > 0 ? "; \(r.iccExcludedTargets) rows without every rating left out\n" : "\n"
        }
        for note in r.notes { text += "abikit agree: note: " + AgreeMarkdown.describe(note) + "\n" }
        return text
    }
}
