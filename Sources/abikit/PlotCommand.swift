import ABIAnalysis
import ABIIO
import ArgumentParser

extension FigureKind: ExpressibleByArgument {}

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a figure as a self-contained SVG file.",
        discussion: """
            Kinds: abi-distribution, categories (from a scored file with an abi column, or a raw clinic file scored first), trajectories, box, bland-altman, forest (from abikit regress output), roc. See docs/commands/plot.md.

            Examples:
              abikit plot abi-distribution clinic.csv -o abi.svg
              abikit plot categories scored.csv --by site -o categories.svg
              abikit plot trajectories visits.csv --subject id --time month --measure abi --by arm -o traj.svg
              abikit plot box visits.csv --measure abi --by arm --time month -o box.svg
              abikit plot box visits.csv --measure abi --by arm --by site -o box-arm-site.svg
              abikit plot bland-altman devices.csv --a doppler --b oscillometric -o ba.svg
              abikit plot roc study.csv --score abi --reference pad --lower-is-positive -o roc.svg
            """)

    @Argument(help: ArgumentHelp("Figure kind: \(FigureKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var kind: FigureKind
    @OptionGroup var input: InputOptions
    @OptionGroup var mapping: MappingOptions
    @OptionGroup var rules: ScoringOptionGroup
    @Option(name: [.short, .long], help: ArgumentHelp("Write the SVG to this file (atomically). Default: standard output.", valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("Canvas width in pixels (200-10000).", valueName: "px")) var width: Double = 800
    @Option(help: ArgumentHelp("Canvas height in pixels (200-10000).", valueName: "px")) var height: Double = 500
    @Option(help: ArgumentHelp("Figure title (default: one naming the data).", valueName: "text")) var title: String?
    @Flag(help: "abi-distribution: both legs' ABI; categories: counts per leg.") var leg = false
    @Option(parsing: .singleValue, help: ArgumentHelp(
        "Group column (categories, trajectories, box); repeatable or comma-separated: one series per combination of values, named 'a / b'.",
        valueName: "col[,col...]"))
    var by: [String] = []
    @Option(help: ArgumentHelp("Subject column (trajectories; bland-altman: repeated pairs per subject, Zou 2013 limits as abikit agree).", valueName: "column")) var subject: String?
    @Option(help: ArgumentHelp("Time column: numbers (trajectories); levels (box).", valueName: "column")) var time: String?
    @Option(help: ArgumentHelp("Measure column (trajectories, box).", valueName: "column")) var measure: String?
    @Option(help: ArgumentHelp("Subjects drawn as lines at most (trajectories; a seeded sample beyond).", valueName: "n"))
    var maxSubjects: Int = 200
    @Option(help: ArgumentHelp("Seed of the subject sample (trajectories).", valueName: "n")) var seed: UInt64 = 1
    @Option(name: .customLong("a"), help: ArgumentHelp("First method's column (bland-altman).", valueName: "column")) var columnA: String?
    @Option(name: .customLong("b"), help: ArgumentHelp("Second method's column (bland-altman).", valueName: "column")) var columnB: String?
    @Option(help: ArgumentHelp("Score column, higher = positive (roc).", valueName: "column")) var score: String?
    @Option(help: ArgumentHelp("Reference column (roc).", valueName: "column")) var reference: String?
    @Option(help: ArgumentHelp("Reference level that is positive (roc; others negative).", valueName: "level")) var positive = "1"
    @Flag(help: "Lower scores indicate the positive class, as for ABI and PAD (roc).") var lowerIsPositive = false
    @Option(help: ArgumentHelp("No-effect value marked (forest).", valueName: "x")) var nullValue = 0.0
    @OptionGroup var dates: DateFormatOption
    @OptionGroup var common: RunOptions
    @OptionGroup var rows: FilterOptions

    func validate() throws {
        let sizes = FigureOptions.minimumSize...FigureOptions.maximumSize
        guard sizes.contains(width), sizes.contains(height) else { throw ValidationError("--width and --height must be from 200 to 10000") }
        guard maxSubjects >= 0 else { throw ValidationError("--max-subjects must not be negative") }
        guard nullValue.isFinite else { throw ValidationError("--null-value must be a finite number") }
    }

    func run() throws {
        var request = FigureRequest(kind: kind)
        request.figure = FigureOptions(width: width, height: height, title: title)
        request.scoring = try rules.scoringOptions()
        (request.perLeg, request.subject, request.time, request.measure) = (leg, subject, time, measure)
        request.by = try ColumnList.names(by, option: "--by")
        (request.maximumSubjects, request.seed, request.columnA, request.columnB) = (maxSubjects, seed, columnA, columnB)
        (request.score, request.reference, request.positive, request.nullValue) = (score, reference, positive, nullValue)
        request.lowerIsPositive = lowerIsPositive
        request.dateFormat = try dates.format()
        let (columns, notes) = try FigureEngine.load(&request, open: input.openReader,
                                                     displayName: input.displayName, isFile: input.path != nil,
                                                     maps: mapping.maps, threads: common.threads,
                                                     filter: try rows.parsed(), filterNotice: FilterOptions.notice(command: "plot"),
                                                     warn: writeToStandardError)
        let figure = FigureEngine.draw(request, columns: columns, notes: notes)
        if !figure.notes.isEmpty && !common.quiet {
            writeToStandardError(figure.notes.map { "abikit plot: note: \($0.text)\n" }.joined())
        }
        try write(figure.svg)
    }

    /// Writes the figure to -o (atomically) or standard output. `-o` naming the input is a usage
    /// error (exit 2), as for every command; a failed write is an I/O failure (exit 3).
    func write(_ svg: String) throws {
        var sink = OutputSink.standardOutput()
        if let output, output != "-" {
            if let inputPath = input.path, output == inputPath || OutputTarget.sameFile(path: output, asPath: inputPath) {
                throw CommandFailure.usage("-o \(output): names the input file \(inputPath); the original would be replaced. Write to another file")
            }
            do { sink = try OutputSink.atomicFile(path: output) } catch { throw CommandFailure.output(error) }
        }
        do {
            var bytes = Array(svg.utf8)
            try bytes.withUnsafeMutableBytes { try sink.write(UnsafeRawBufferPointer($0)) }
            try sink.commit()
        } catch let error as OutputError {
            throw CommandFailure.output(error)
        }
    }
}
