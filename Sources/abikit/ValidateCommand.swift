import ABICore
import ABIIO
import ArgumentParser
import Glibc

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Report every problem in a file of ABI readings without scoring it.",
        discussion: """
            Prints each problem as FILE:LINE:COLUMN: severity: message on standard output and a summary on standard error. Exit status 1 if any error was found, 0 if only warnings or none.

            Examples:
              abikit validate clinic.csv
              abikit validate export.csv --delimiter ';' --decimal-comma
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var mapping: MappingOptions
    @OptionGroup var rules: ScoringOptionGroup

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int = Platform.processorCount

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be from 1 to 256") }
    }

    func run() throws {
        let options = try rules.scoringOptions()
        let prepared = try ScoringInput.open(input, mapping: mapping, options: options)
        let engine = ScoreEngine(layout: prepared.layout, delimiter: prepared.reader.dialect.delimiter,
                                 format: nil, decimalCommaOutput: false, threads: threads, sourceName: input.displayName)
        let out = OutputSink.standardOutput()
        var buffer = OutputBuffer(sink: out)
        var writeFailure: OutputError?
        let summary: ScoreSummary
        do {
            summary = try engine.run(reader: prepared.reader,
                                     firstChunk: prepared.firstChunk.map { ($0, prepared.headerRecords) },
                                     sink: nil) { diagnostic in
                guard writeFailure == nil else { return }
                buffer.append(string: diagnostic.formatted(file: input.displayName) + "\n")
                do { try buffer.flushIfNeeded() } catch { writeFailure = error as? OutputError ?? .brokenPipe }
            }
            if let issue = prepared.reader.encodingIssue {
                buffer.append(string: "\(input.displayName): warning: \(issue.description)\n")
            }
            if writeFailure == nil { try buffer.flush() }
        } catch let error as CSVError {
            throw CommandFailure.usage("\(input.displayName): \(error.description)")
        }
        if case .brokenPipe = writeFailure { throw CommandFailure.brokenPipe }
        writeToStandardError("abikit validate: " + prepared.dialectLine + "\nabikit validate: " + summary.text + "\n")
        if summary.rowsWithErrors > 0 {
            throw CommandFailure.data("\(summary.rowsWithErrors) of \(summary.rows) rows have errors")
        }
    }
}
