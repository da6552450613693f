import ABIAnalysis
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
    @OptionGroup var dates: DateFormatOption
    @OptionGroup var deprecated: DeprecatedMethodOption
    @OptionGroup var common: RunOptions
    @OptionGroup var rows: FilterOptions

    func run() throws {
        let options = try rules.scoringOptions(abiMethod: deprecated.method)
        let prepared = try ScoringSource.open(input.openReader(), displayName: input.displayName, maps: mapping.maps,
                                              options: options, dateFormat: try dates.format())
        let engine = try ScoreEngine(layout: prepared.layout, delimiter: prepared.reader.dialect.delimiter,
                                 format: nil, decimalCommaOutput: false, threads: common.threads, sourceName: input.displayName)
            .filtering(try rows.parsed(), headers: prepared.headers, decimalComma: prepared.reader.dialect.decimalMark == .comma)
        let out = OutputSink.standardOutput()
        var buffer = OutputBuffer(sink: out)
        var writeFailure: OutputError?
        for line in prepared.columnWarnings { buffer.append(string: line + "\n") }
        let summary: ScoreSummary
        let progress = ProgressLine(label: "abikit validate", quiet: common.quiet)
        do {
            defer { progress.finish() }
            summary = try engine.run(reader: prepared.reader,
                                     firstChunk: prepared.firstChunk.map { ($0, prepared.headerRecords) },
                                     sink: nil, progress: progress.update(rows:)) { diagnostic in
                guard writeFailure == nil else { return }
                buffer.append(string: diagnostic.formatted(file: input.displayName) + "\n")
                do { try buffer.flushIfNeeded() } catch { writeFailure = error as? OutputError ?? .brokenPipe }
            }
            if let issue = prepared.reader.encodingIssue {
                buffer.append(string: "\(input.displayName): warning: \(issue.description)\(prepared.reader.invalidUTF8Summary)\n")
            }
            if writeFailure == nil { try buffer.flush() }
        } catch let error as CSVError {
            throw CommandFailure.input(error, displayName: input.displayName)
        } catch let error as OutputError {
            throw CommandFailure.output(error)
        }
        // A failed write is an I/O failure (exit 3), never reported as a data error (exit 1).
        if let writeFailure { throw CommandFailure.output(writeFailure) }
        if let filter = engine.rowFilter?.filter {
            FilterOptions.notice(command: "validate")(RowFilterBinding.notice(filter, removed: summary.rowsRemovedByFilter,
                                                                          of: summary.rows + summary.rowsRemovedByFilter))
        }
        if !common.quiet {
            writeToStandardError("abikit validate: " + prepared.dialectLine + "\nabikit validate: " + summary.text + "\n")
        }
        if summary.rowsWithErrors > 0 {
            throw CommandFailure.data("\(summary.rowsWithErrors) of \(summary.rows) rows have errors")
        }
    }
}
