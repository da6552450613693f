import ABIIO
import ABIStatistics
import ArgumentParser
import Dispatch
import Glibc

struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Descriptive statistics per numeric column and group; a publication Table 1.",
        discussion: """
            Without --table1: one row per group x numeric column with n, n_missing, mean, sd, se, min, q1, median, q3 (R type 7 quantiles), max, iqr and geometric_mean (blank unless every value is positive), at full round-trip precision (--digits N to round). Blank, NA, NaN and '.' are missing; other text in a numeric column is reported with its line and column and counted as missing.

            With --table1: rows of variable, level, overall and one column per --by group: mean ± SD for continuous columns, median [IQR] for --nonnormal ones, n (%) for categorical ones (text columns, and --categorical). With two or more groups, a p-value and a letter naming the test in a footnote: Welch t (2 groups) or one-way ANOVA (3+) for mean ± SD; Mann-Whitney U (normal approximation) or Kruskal-Wallis for median [IQR]; Pearson chi-square, or Fisher's exact test for a 2 x 2 table with an expected count below 5. Legs of one patient are not independent: aggregate to one row per patient before comparing groups.

            Examples:
              abikit describe cohort.csv --columns abi,ankle_blood_flow --by sex
              abikit describe scored.csv --by category --format markdown
              abikit describe cohort.csv --by diabetes --table1 --columns age,sex,abi,ankle_blood_flow --nonnormal ankle_blood_flow --format markdown
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(parsing: .singleValue, help: ArgumentHelp("Group columns; repeatable or comma-separated.", valueName: "col"))
    var by: [String] = []

    @Option(parsing: .singleValue, help: ArgumentHelp("Columns to describe (default: every column except --by), comma-separated.",
                                                      valueName: "col[,col...]"))
    var columns: [String] = []

    @Flag(help: "Render a publication Table 1 (Markdown with --format markdown, or CSV).")
    var table1 = false

    @Option(parsing: .singleValue, help: ArgumentHelp("Table 1: numeric columns to show as n (%) per value.", valueName: "col[,col...]"))
    var categorical: [String] = []

    @Option(parsing: .singleValue, help: ArgumentHelp("Table 1: continuous columns to show as median [IQR] (rank tests).",
                                                      valueName: "col[,col...]"))
    var nonnormal: [String] = []

    @Option(help: ArgumentHelp("Decimals: default full precision (describe) or 2 (Table 1 summaries).", valueName: "n"))
    var digits: Int?

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int = Platform.processorCount

    @Flag(help: "No summary on standard error.")
    var quiet = false

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be from 1 to 256") }
        if let digits, !(0...15).contains(digits) { throw ValidationError("--digits must be from 0 to 15") }
    }

    static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { $0.trimmedWhitespace() } }.filter { !$0.isEmpty }
    }

    func run() throws {
        let reader = try input.openReader()
        let loader: ColumnLoader
        do { loader = try ColumnLoader(reader: reader) } catch {
            throw CommandFailure.usage("\(input.displayName): \(error.description)")
        }
        guard !loader.headers.isEmpty else {
            throw CommandFailure.usage("\(input.displayName): the input is empty; expected a header line and rows")
        }
        func resolve(_ name: String, _ option: String) throws -> String {
            if let index = loader.columnIndex(of: name) { return loader.headers[index] }
            if let number = Int(name), number >= 1, number <= loader.headers.count { return loader.headers[number - 1] }
            throw CommandFailure.usage("\(input.displayName): \(option) '\(name)': no such column; headers: "
                + loader.headers.map { "'\($0)'" }.joined(separator: ", "))
        }
        let groupNames = try Self.split(by).map { try resolve($0, "--by") }
        var valueNames = try Self.split(columns).map { try resolve($0, "--columns") }
        if valueNames.isEmpty { valueNames = loader.headers.filter { !groupNames.contains($0) } }
        let categoricalNames = Set(try Self.split(categorical).map { try resolve($0, "--categorical") })
        let skewedNames = Set(try Self.split(nonnormal).map { try resolve($0, "--nonnormal") })
        var requests: [ColumnLoader.Request] = groupNames.map { .categorical($0) }
        for name in valueNames where !groupNames.contains(name) {
            if categoricalNames.contains(name) {
                requests.append(.categorical(name))
            } else if skewedNames.contains(name) {
                requests.append(.numeric(name))
            } else {
                let kind = loader.inferredKind(ofColumn: loader.columnIndex(of: name)!)
                requests.append(ColumnLoader.Request(name: name, kind: kind))
            }
        }
        let loaded: LoadedColumns
        do { loaded = try loader.load(requests, threads: threads) } catch {
            throw CommandFailure.usage("\(input.displayName): \(error)")
        }
        var groupColumns: [[String]] = []
        var numeric: [(name: String, values: [Double])] = []
        var variables: [DescribeReport.Variable] = []
        for (name, column) in zip(loaded.names, loaded.columns) {
            if groupNames.contains(name) {
                if case .categorical(let labels) = column { groupColumns.append(labels) }
                continue
            }
            switch column {
            case .numeric(let values):
                numeric.append((name, values))
                variables.append(skewedNames.contains(name) ? .skewed(name: name, values: values) : .normal(name: name, values: values))
            case .categorical(let labels):
                variables.append(.categorical(name: name, labels: labels))
            }
        }
        let headers: [String]
        let rows: [[ReportCell]]
        var footnotes: [String] = []
        if table1 {
            let groups = groupNames.isEmpty ? [] : DescribeReport.groups(groupColumns, rowCount: loaded.rowCount)
            let table = DescribeReport.table1(variables: variables, groupLabels: groups.map { $0.labels.joined(separator: " / ") },
                                              groupRows: groups.map(\.rows), rowCount: loaded.rowCount, digits: digits ?? 2)
            headers = table.headers
            rows = table.rows
            footnotes = table.footnotes
        } else {
            let table = DescribeReport.describe(numeric: numeric, groupNames: groupNames, groupColumns: groupColumns,
                                                rowCount: loaded.rowCount)
            headers = table.headers
            rows = table.rows
        }
        let sink = try output.openSink()
        do {
            var writer = output.format.makeWriter(sink: sink, decimalComma: output.outputDecimalComma)
            try writer.writeHeader(headers)
            let pColumn = headers.firstIndex(of: "p_value")
            for row in rows {
                writer.beginRow()
                for (index, cell) in row.enumerated() {
                    if index == pColumn, output.format == .markdown, case .number(let p) = cell {
                        writer.writeText(p < 0.001 ? "<0.001" : Self.threeDecimals(p))
                    } else {
                        cell.write(to: &writer, digits: table1 ? nil : digits)
                    }
                }
                try writer.endRow()
            }
            if output.format == .markdown && !footnotes.isEmpty {
                writer.buffer.append(string: "\n" + footnotes.joined(separator: "  \n") + "\n")
            }
            try writer.finish()
        } catch {
            sink.discard()
            if case .brokenPipe = error { throw CommandFailure.brokenPipe }
            throw CommandFailure.usage("\(output.output ?? "<stdout>"): \(error)")
        }
        if !quiet {
            var text = "abikit describe: \(loaded.rowCount) rows, \(numeric.count) numeric and \(variables.count - numeric.count) categorical columns"
            if !groupNames.isEmpty { text += ", by " + groupNames.joined(separator: ", ") }
            text += "\n"
            for note in footnotes where output.format != .markdown { text += "abikit describe: test " + note + "\n" }
            for issue in loaded.issues { text += issue.formatted(file: input.displayName) + ": warning\n" }
            if loaded.issueCount > loaded.issues.count { text += "... \(loaded.issueCount - loaded.issues.count) more problems\n" }
            writeToStandardError(text)
        }
    }

    static func threeDecimals(_ p: Double) -> String {
        let thousandths = Int((p * 1000).rounded())
        if thousandths >= 1000 { return "1.000" }
        let text = String(thousandths)
        return "0." + String(repeating: "0", count: max(0, 3 - text.count)) + text
    }
}
