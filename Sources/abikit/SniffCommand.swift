import ABICore
import ABIIO
import ArgumentParser

struct SniffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sniff",
        abstract: "Show how abikit reads a file: encoding, delimiter, decimal mark, header, and each column's role.",
        discussion: """
            Nothing is scored. Use it to check the column mapping before scoring, and to find the --map arguments a file needs.

            Examples:
              abikit sniff clinic.csv
              abikit sniff export.csv --map ankle_pt_left="Tibialis post. li"
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var mapping: MappingOptions

    func run() throws {
        let prepared = try ScoringInput.open(input, mapping: mapping, options: ScoringOptions(), requireMeasurements: false)
        var lines = ["file: \(prepared.reader.sourceName)"]
        lines += prepared.reader.dialect.explanation
        lines.append("columns:")
        lines += prepared.mapping.explanations.map { "  " + $0.description }
        let missing = [InputRole.brachialLeft, .brachialRight, .ankleDorsalisPedisLeft, .anklePosteriorTibialLeft,
                       .ankleDorsalisPedisRight, .anklePosteriorTibialRight]
            .filter { prepared.mapping.columns(for: $0).isEmpty }
        if !missing.isEmpty {
            lines.append("not found: " + missing.map(\.rawValue).joined(separator: ", ")
                + " (map them with --map role=COLUMN if the file has them)")
        }
        if prepared.layout.tracksVisitChange {
            lines.append("visit-to-visit ABI change: computed per subject (subject and date columns found)")
        }
        let sink = OutputSink.standardOutput()
        var buffer = OutputBuffer(sink: sink)
        buffer.append(string: lines.joined(separator: "\n") + "\n")
        do {
            try buffer.flush()
        } catch {
            if case .brokenPipe = error { throw CommandFailure.brokenPipe }
            throw CommandFailure.usage("<stdout>: \(error)")
        }
    }
}
