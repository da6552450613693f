import ABIAnalysis
import ABICore
import ABIIO
import ArgumentParser
import Glibc

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score ABI readings: per-leg and patient ABI, category, severity, TBI, WIfI grade, flags.",
        discussion: """
            Writes one output row per input record, in input order: every input column unchanged, then abi_left, abi_right, abi, category, severity, tbi_left, tbi_right, wifi_ischemia, interarm_diff, exercise_abi_left and exercise_abi_right (with post-exercise columns), abi_change (with subject and date columns), flags, status, message. A summary goes to standard error. Rules and their sources: docs/clinical-rules.md.

            Examples:
              abikit score clinic.csv
              abikit score clinic.csv -o scored.csv --abi-method lower-ankle
              abikit score export.csv --map brachial_left=LBP1,LBP2 --map ankle_pt_left="L PT"
              abikit score visits.csv --format markdown | less
              cat clinic.csv | abikit score --strict > scored.csv
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var mapping: MappingOptions
    @OptionGroup var rules: ScoringOptionGroup
    @OptionGroup var dates: DateFormatOption
    @OptionGroup var deprecated: DeprecatedMethodOption
    @OptionGroup var common: RunOptions
    @OptionGroup var rows: FilterOptions

    @Flag(help: "Exit with status 1 when any row has an error (the output is still written).")
    var strict = false


    func run() throws {
        let options = try rules.scoringOptions(abiMethod: deprecated.method)
        let prepared = try ScoringSource.open(input.openReader(), displayName: input.displayName, maps: mapping.maps,
                                              options: options, dateFormat: try dates.format())
        let engine = try ScoreEngine(layout: prepared.layout, delimiter: prepared.reader.dialect.delimiter,
                                 format: output.format, decimalCommaOutput: output.outputDecimalComma,
                                 threads: common.threads, sourceName: input.displayName)
            .filtering(try rows.parsed(), headers: prepared.headers, decimalComma: prepared.reader.dialect.decimalMark == .comma)
        let sink = try output.openSink(input: input)
        var shown = 0
        var firstProblems: [String] = []
        let summary: ScoreSummary
        let progress = ProgressLine(label: "abikit score", quiet: common.quiet)
        do {
            defer { progress.finish() }
            summary = try engine.run(
                reader: prepared.reader,
                firstChunk: prepared.firstChunk.map { ($0, prepared.headerRecords) },
                sink: sink, progress: progress.update(rows:)
            ) { diagnostic in
                shown += 1
                if firstProblems.count < 10 { firstProblems.append(diagnostic.formatted(file: input.displayName)) }
            }
        } catch let error as OutputError {
            sink.discard()
            throw CommandFailure.output(error)
        } catch let error as CSVError {
            sink.discard()
            throw CommandFailure.input(error, displayName: input.displayName)
        }
        if let filter = engine.rowFilter?.filter {
            FilterOptions.notice(command: "score")(RowFilterBinding.notice(filter, removed: summary.rowsRemovedByFilter,
                                                                          of: summary.rows + summary.rowsRemovedByFilter))
        }
        if !common.quiet {
            var text = "abikit score: " + prepared.dialectLine + "\n"
            text += "abikit score: rules: " + options.summary + "\n"
            for line in prepared.columnWarnings { text += line + "\n" }
            for line in firstProblems { text += line + "\n" }
            if shown > firstProblems.count {
                text += "... \(shown - firstProblems.count) more problems: see the message column, or run abikit validate\n"
            }
            if let issue = prepared.reader.encodingIssue {
                text += "\(input.displayName): warning: \(issue.description)\(prepared.reader.invalidUTF8Summary)\n"
            }
            text += "abikit score: " + summary.text + "\n"
            writeToStandardError(text)
        }
        if strict && summary.rowsWithErrors > 0 {
            throw CommandFailure.data("\(summary.rowsWithErrors) rows with errors (--strict)")
        }
    }
}
