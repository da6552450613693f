import ABIBatch
import ABIIO
import ArgumentParser
import Dispatch
import Glibc

struct CorrelateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correlate",
        abstract: "Correlation (Pearson or Spearman) or covariance matrix of numeric columns, with pairwise or listwise missing values.",
        discussion: """
            Missing cells (blank, NA, NaN, .) are left out pair by pair (--missing pairwise, as pandas DataFrame.corr and R's use = "pairwise.complete.obs") or whole rows are dropped (--missing listwise, R's "complete.obs"). Spearman's coefficient is Pearson's on average ranks. Covariances use the divisor n - 1.

            Output layout (--layout long, the default): one row per pair of columns, both orders and the diagonal, with x, y, the statistic (correlation or covariance) and n, the rows behind it. --layout wide: the matrix, a first column named 'column' and one column per input column (pair counts are in the long layout only). Numbers at full round-trip precision; an undefined entry (a constant column, fewer than 2 rows) is blank. Markdown output is the matrix rounded to 4 decimals, with the pair counts when they differ.

            Examples:
              abikit correlate study.csv
              abikit correlate study.csv --columns abi,age,bmi --method spearman
              abikit correlate study.csv --missing listwise --layout wide
              abikit correlate study.csv --covariance --format markdown
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable { case pearson, spearman }
    enum Missing: String, ExpressibleByArgument, CaseIterable { case pairwise, listwise }
    enum Layout: String, ExpressibleByArgument, CaseIterable { case long, wide }

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Comma-separated columns (default: every numeric column).", valueName: "a,b,c"))
    var columns: String?

    @Option(help: ArgumentHelp("pearson or spearman.", valueName: "method"))
    var method: Method = .pearson

    @Option(help: ArgumentHelp("pairwise (each pair on its complete rows) or listwise (rows complete in every column).",
                               valueName: "handling"))
    var missing: Missing = .pairwise

    @Flag(help: "Covariance matrix (divisor n - 1) instead of correlations.")
    var covariance = false

    @Option(help: ArgumentHelp("long (one row per pair, with n) or wide (the matrix).", valueName: "layout"))
    var layout: Layout = .long

    @Option(help: ArgumentHelp("Threads for reading and BLAS (default: all cores); results do not depend on it.", valueName: "n"))
    var threads: Int = Platform.processorCount

    @Flag(help: "No summary on standard error.")
    var quiet = false

    /// Phase timings on standard error (for Scripts/bench.sh).
    @Flag(help: .hidden)
    var reportTiming = false

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be from 1 to 256") }
        if covariance && method == .spearman { throw ValidationError("--covariance and --method spearman cannot be combined") }
    }

    func run() throws {
        BLASInfo.setThreadCount(threads)
        let started = DispatchTime.now()
        let loader = try ColumnInput.open(input)
        let names: [String]
        if let columns {
            names = columns.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmedWhitespace() }
            if names.contains(where: \.isEmpty) { throw CommandFailure.usage("--columns: empty column name in '\(columns)'") }
        } else {
            names = loader.headers.indices.filter { loader.inferredKind(ofColumn: $0) == .numeric }.map { loader.headers[$0] }
            if names.isEmpty {
                throw CommandFailure.usage("\(input.displayName): no numeric columns found; the header has: "
                    + loader.headers.map { "'\($0)'" }.joined(separator: ", "))
            }
        }
        if let duplicate = Dictionary(grouping: names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw CommandFailure.usage("--columns: '\(duplicate)' is given twice")
        }
        var loaded = try ColumnInput.load(loader, names.map { .numeric($0) }, threads: threads, input: input, command: "correlate")
        let rowCount = loaded.rowCount
        let data = Self.matrix(from: &loaded)
        let loadedAt = DispatchTime.now()
        let handling: MissingValueHandling = missing == .pairwise ? .pairwise : .listwise
        let result: CorrelationMatrixResult
        do {
            result = covariance
                ? try Correlation.covariance(data.view, missing: handling)
                : try Correlation.correlation(data.view, method: method == .pearson ? .pearson : .spearman, missing: handling)
        } catch let error as BatchError {
            throw CommandFailure.data("\(input.displayName): " + error.message(formula: nil))
        }
        let computedAt = DispatchTime.now()

        let sink = try output.openSink()
        do {
            if output.format == .markdown {
                var buffer = OutputBuffer(sink: sink)
                writeMarkdown(result, names: names, into: &buffer)
                try buffer.flush()
                try sink.commit()
            } else {
                var writer = output.format.makeWriter(sink: sink, decimalComma: output.outputDecimalComma)
                try writeTable(result, names: names, to: &writer)
            }
        } catch {
            sink.discard()
            if case .brokenPipe = error { throw CommandFailure.brokenPipe }
            throw CommandFailure.usage("\(output.output ?? "<stdout>"): \(error)")
        }
        if !quiet {
            var text = "abikit correlate: " + ColumnInput.dialectLine(loader) + "\n"
            text += "abikit correlate: \(result.statistic) of \(names.count) columns over \(rowCount) rows, \(missing.rawValue); \(result.method)\n"
            for note in result.notes { text += "abikit correlate: \(Self.naming(note, names: names))\n" }
            writeToStandardError(text)
        }
        if reportTiming {
            let seconds = { (a: DispatchTime, b: DispatchTime) in Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e9 }
            writeToStandardError("abikit correlate: timing: load \(seconds(started, loadedAt)) s, compute \(seconds(loadedAt, computedAt)) s, "
                + "write \(seconds(computedAt, DispatchTime.now())) s\n")
        }
    }

    /// ABIBatch names constant columns by 0-based index ("columns 2, 3 constant or too short: ...");
    /// users see the header names instead.
    static func naming(_ note: String, names: [String]) -> String {
        let prefix = "columns ", suffix = " constant or too short: correlations NaN"
        guard note.hasPrefix(prefix), note.hasSuffix(suffix) else { return note }
        let list = note.dropFirst(prefix.count).dropLast(suffix.count)
        let indices = list.split(separator: ",").compactMap { Int($0.trimmedWhitespace()) }
        guard !indices.isEmpty, indices.allSatisfy(names.indices.contains) else { return note }
        return "\(indices.count == 1 ? "column" : "columns") " + indices.map { "'\(names[$0])'" }.joined(separator: ", ")
            + " constant, or with fewer than 2 values: correlations undefined (blank)"
    }

    /// The loaded columns as one column-major matrix, releasing each column once copied (peak memory
    /// about one copy of the data plus one column).
    static func matrix(from loaded: inout LoadedColumns) -> Matrix {
        let rows = loaded.rowCount, count = loaded.columns.count
        var elements: [Double] = []
        elements.reserveCapacity(rows * count)
        for j in 0..<count {
            if case .numeric(let values) = loaded.takeColumn(at: j) { elements.append(contentsOf: values) }
        }
        return Matrix(rowCount: rows, columnCount: count, columnMajorElements: elements)
    }

    func writeTable(_ result: CorrelationMatrixResult, names: [String], to writer: inout any TableWriter) throws(OutputError) {
        let p = names.count
        let statistic = covariance ? "covariance" : "correlation"
        switch layout {
        case .long:
            try writer.writeHeader(["x", "y", statistic, "n"])
            for a in 0..<p {
                for b in 0..<p {
                    writer.beginRow()
                    writer.writeText(names[a])
                    writer.writeText(names[b])
                    writer.writeNumber(result.values[a, b])
                    writer.writeInteger(result.pairCounts[a][b])
                    try writer.endRow()
                }
            }
        case .wide:
            try writer.writeHeader(["column"] + names)
            for a in 0..<p {
                writer.beginRow()
                writer.writeText(names[a])
                for b in 0..<p { writer.writeNumber(result.values[a, b]) }
                try writer.endRow()
            }
        }
        try writer.finish()
    }

    func writeMarkdown(_ result: CorrelationMatrixResult, names: [String], into buffer: inout OutputBuffer) {
        let p = names.count
        func row(_ cells: [String]) {
            buffer.append(string: "|")
            for cell in cells {
                buffer.append(string: " ")
                var text = cell
                text.withUTF8 { buffer.appendMarkdownCell($0) }
                buffer.append(string: " |")
            }
            buffer.append(string: "\n")
        }
        let format = { (v: Double) in v.isNaN ? "NA" : cFormat(covariance ? "%.6g" : "%.4f", v) }
        buffer.append(string: "\(result.statistic) (\(missing.rawValue))\n\n")
        row([""] + names)
        buffer.append(string: "| --- |" + String(repeating: " ---: |", count: p) + "\n")
        for a in 0..<p { row([names[a]] + (0..<p).map { format(result.values[a, $0]) }) }
        let counts = Set(result.pairCounts.joined())
        if counts.count > 1 {
            buffer.append(string: "\nRows behind each entry (pairwise complete):\n\n")
            row(["n"] + names)
            buffer.append(string: "| --- |" + String(repeating: " ---: |", count: p) + "\n")
            for a in 0..<p { row([names[a]] + (0..<p).map { String(result.pairCounts[a][$0]) }) }
        } else if let n = counts.first {
            buffer.append(string: "\nn = \(n) rows for every entry\n")
        }
        for note in result.notes { buffer.append(string: "\nNote: \(Self.naming(note, names: names))\n") }
    }
}
