import ABICore
import ABIIO
import ArgumentParser
import Glibc

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score ABI readings: per-leg and patient ABI, category, severity, TBI, WIfI grade, flags.",
        discussion: """
            Writes one output row per input record, in input order: every input column unchanged, then abi_left, abi_right, abi, category, severity, tbi_left, tbi_right, wifi_ischemia, interarm_diff, exercise_abi_left and exercise_abi_right (with post-exercise columns), abi_change (with subject and date columns), flags, status, message. A summary goes to standard error. Rules and their sources: README.md.

            Examples:
              abikit score clinic.csv
              abikit score clinic.csv -o scored.csv --method lower-ankle
              abikit score export.csv --map brachial_left=LBP1,LBP2 --map ankle_pt_left="L PT"
              abikit score visits.csv --format markdown | less
              cat clinic.csv | abikit score --strict > scored.csv
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var mapping: MappingOptions
    @OptionGroup var rules: ScoringOptionGroup

    @Flag(help: "Exit with status 1 when any row has an error (the output is still written).")
    var strict = false

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int = Platform.processorCount

    @Flag(help: "No summary on standard error.")
    var quiet = false

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be from 1 to 256") }
    }

    func run() throws {
        let options = try rules.scoringOptions()
        let prepared = try ScoringInput.open(input, mapping: mapping, options: options)
        let sink = try output.openSink()
        let engine = ScoreEngine(layout: prepared.layout, delimiter: prepared.reader.dialect.delimiter,
                                 format: output.format, decimalCommaOutput: output.outputDecimalComma,
                                 threads: threads, sourceName: input.displayName)
        var shown = 0
        var firstProblems: [String] = []
        let summary: ScoreSummary
        do {
            summary = try engine.run(
                reader: prepared.reader,
                firstChunk: prepared.firstChunk.map { ($0, prepared.headerRecords) },
                sink: sink
            ) { diagnostic in
                shown += 1
                if firstProblems.count < 10 { firstProblems.append(diagnostic.formatted(file: input.displayName)) }
            }
        } catch let error as OutputError {
            sink.discard()
            if case .brokenPipe = error { throw CommandFailure.brokenPipe }
            throw CommandFailure.usage("\(output.output ?? "<stdout>"): \(error)")
        } catch let error as CSVError {
            sink.discard()
            throw CommandFailure.usage("\(input.displayName): \(error.description)")
        }
        if !quiet {
            var text = "abikit score: " + prepared.dialectLine + "\n"
            text += "abikit score: rules: " + options.summary + "\n"
            for line in firstProblems { text += line + "\n" }
            if shown > firstProblems.count {
                text += "... \(shown - firstProblems.count) more problems: see the message column, or run abikit validate\n"
            }
            if let issue = prepared.reader.encodingIssue { text += "\(input.displayName): warning: \(issue.description)\n" }
            text += "abikit score: " + summary.text + "\n"
            writeToStandardError(text)
        }
        if strict && summary.rowsWithErrors > 0 {
            throw CommandFailure.data("\(summary.rowsWithErrors) rows with errors (--strict)")
        }
    }
}
