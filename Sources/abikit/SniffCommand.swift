import ABIAnalysis
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
        let prepared = try ScoringSource.open(input.openReader(), displayName: input.displayName, maps: mapping.maps,
                                              options: ScoringOptions(), requireMeasurements: false, refuseRowPerLeg: false)
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
        if let title = prepared.firstChunk.flatMap({ TitleLines.linesAboveHeader(in: $0, delimiter: prepared.reader.dialect.delimiter) }) {
            lines.append("title: the first \(title) line\(title == 1 ? "" : "s") look\(title == 1 ? "s" : "") like a title above the header "
                + "(line \(title + 1) names known columns); read the file with --skip-lines \(title)")
        }
        if let leg = prepared.legColumn {
            lines.append("layout: one row per leg (column \(leg + 1) '\(prepared.headers[leg])' holds left/right); "
                + "score and validate refuse it (exit 2) unless both legs' ankle columns are in each row: reshape to one row per visit")
        }
        if prepared.layout.tracksVisitChange {
            lines.append("visit-to-visit ABI change: computed per subject (subject and date columns found)")
        }
        let sink = OutputSink.standardOutput()
        var buffer = OutputBuffer(sink: sink)
        // Headers are shown as text: control characters in them escaped (`\x1b`), never raw.
        buffer.append(string: TerminalSafeText.escaped(lines.joined(separator: "\n"), keepingLineBreaks: true) + "\n")
        do {
            try buffer.flush()
        } catch {
            throw CommandFailure.output(error)
        }
    }
}
