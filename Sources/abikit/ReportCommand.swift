import ABIAnalysis
import ABIIO
import ArgumentParser
import Glibc

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a report (Markdown with SVG figures, optionally one HTML file) from a clinic file or a study recipe.",
        discussion: """
            Clinic mode (a .csv file, raw or scored): the rules and their sources, counts by category, severity, flag and status, the ABI distribution and category figures, the patients needing attention and the data problems with their lines.
            Study mode (a .yaml or .yml recipe): the recipe's input and sections (table1, trend, trajectories, comparison, agreement, regression, mixed), each a table, a figure and a methods sentence. See docs/commands/report.md for the recipe schema.

            The output directory gets report.md and figures/*.svg (and report.html with --html); it is written atomically (a temporary directory renamed into place).

            Examples:
              abikit report clinic.csv -o report/
              abikit report scored.csv -o report/ --html
              abikit report study.yaml -o study-report/ --html
            """)

    @Argument(help: ArgumentHelp("A clinic CSV file (raw or scored) or a study recipe (.yaml, .yml).", valueName: "input"))
    var input: String
    @OptionGroup var mapping: MappingOptions
    @OptionGroup var rules: ScoringOptionGroup
    @Option(name: [.short, .long], help: ArgumentHelp("The report directory (created or replaced atomically).", valueName: "directory"))
    var output: String
    @Flag(help: "Also write report.html: one self-contained page with the figures inlined and a print stylesheet.") var html = false
    @Option(help: ArgumentHelp("Figure width in pixels (200-10000).", valueName: "px")) var width: Double = 800
    @Option(help: ArgumentHelp("Figure height in pixels (200-10000).", valueName: "px")) var height: Double = 500
    @OptionGroup var common: RunOptions

    var isRecipe: Bool { input.hasSuffix(".yaml") || input.hasSuffix(".yml") }

    func validate() throws {
        let sizes = FigureOptions.minimumSize...FigureOptions.maximumSize
        guard sizes.contains(width), sizes.contains(height) else { throw ValidationError("--width and --height must be from 200 to 10000") }
        guard input != "-" else { throw ValidationError("report reads a file (it is read more than once), not standard input") }
    }

    func run() throws {
        try refuseOutputNamingInput(input)
        let figure = FigureOptions(width: width, height: height)
        let command = (["abikit"] + CommandLine.arguments.dropFirst()).map(Self.shellQuoted).joined(separator: " ")
        let report: ReportResult
        if isRecipe {
            let text = try Self.readText(input)
            let recipe: StudyRecipe
            do { recipe = try StudyRecipe.parse(text) } catch { throw CommandFailure.usage("\(input): \(error.description)") }
            let dataPath = Self.lexicallyNormalised(recipe.input.hasPrefix("/") ? recipe.input : Self.directory(of: input) + recipe.input)
            try refuseOutputNamingInput(dataPath)
            let engine = StudyReportEngine(recipe: recipe, threads: common.threads, figure: figure)
            report = try engine.run(open: { try CSVChunkReader(path: dataPath) }, displayName: dataPath,
                                    softwareVersion: ABIKitVersion.current, command: command, warn: writeToStandardError)
        } else {
            let engine = ClinicReportEngine(scoring: try rules.scoringOptions(), maps: mapping.maps, threads: common.threads, figure: figure)
            report = try engine.run(open: { try CSVChunkReader(path: input) }, displayName: input, isFile: true,
                                    softwareVersion: ABIKitVersion.current, command: command)
        }
        let directory: OutputDirectory
        do { directory = try OutputDirectory(path: output) } catch { throw CommandFailure.output(error) }
        do {
            try directory.write("report.md", bytes: Array(ReportRenderer.markdown(report).utf8))
            for figure in report.figures { try directory.write("figures/" + figure.fileName, bytes: Array(figure.svg.utf8)) }
            if html { try directory.write("report.html", bytes: Array(ReportRenderer.html(report).utf8)) }
            try directory.commit()
        } catch {
            directory.discard()
            throw CommandFailure.output(error)
        }
        if !common.quiet {
            writeToStandardError("abikit report: \(output): report.md, \(report.figures.count) figure\(report.figures.count == 1 ? "" : "s")\(html ? ", report.html" : "")\n")
        }
    }

    /// `-o` must not be the input, nor a directory holding it (replacing it would delete the input).
    func refuseOutputNamingInput(_ path: String) throws {
        guard let inputReal = Self.realPath(path) else { return }
        var target = output
        while target.count > 1 && target.hasSuffix("/") { target.removeLast() }
        if let outputReal = Self.realPath(target), inputReal == outputReal || inputReal.hasPrefix(outputReal + "/") {
            throw CommandFailure.usage("-o \(output): holds or names the input \(path); replacing the report directory would delete it. Write to another directory")
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// `a/b/../c` as `a/c` (the path as people would write it; symbolic links are not followed).
    static func lexicallyNormalised(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != "..", !last.isEmpty { parts.removeLast(); continue }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    static func readText(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CommandFailure.usage("\(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { throw CommandFailure.inputOutput("\(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += block[..<count]
            if bytes.count > 1 << 20 { throw CommandFailure.usage("\(path): a recipe larger than 1 MiB is not a recipe") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func shellQuoted(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        return safe && !word.isEmpty ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
