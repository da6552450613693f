import ABIAnalysis
import ABIIO
import ArgumentParser

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
    @OptionGroup var common: RunOptions
    @OptionGroup var rows: FilterOptions

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

    @Flag(name: .customLong("no-p"), help: "Table 1: no p-value and test columns (CONSORT advises against baseline tests in randomised trials).")
    var noP = false

    @Option(help: ArgumentHelp("Decimals: default full precision (describe) or 2 (Table 1 summaries).", valueName: "n"))
    var digits: Int?

    func validate() throws {
        if let digits, !(0...15).contains(digits) { throw ValidationError("--digits must be from 0 to 15") }
        if noP && !table1 { throw ValidationError("--no-p is for --table1") }
    }

    func run() throws {
        var analysis = DescribeAnalysis(
            by: try ColumnList.names(by, option: "--by"), columns: try ColumnList.names(columns, option: "--columns"),
            table1: table1, categorical: try ColumnList.names(categorical, option: "--categorical"),
            nonnormal: try ColumnList.names(nonnormal, option: "--nonnormal"), digits: digits, threads: common.threads)
        analysis.pValues = !noP
        let source = try ColumnSource.open(input.openReader(), displayName: input.displayName,
                                           emptyMessage: "the input is empty; expected a header line and rows",
                                           filter: rows.parsed(), filterNotice: FilterOptions.notice(command: "describe"))
        let result = try analysis.run(source)
        let sink = try output.openSink(input: input)
        do {
            var writer = output.format.makeWriter(sink: sink, decimalComma: output.outputDecimalComma)
            try DescribeRenderer.write(result, format: output.format, digits: digits, to: &writer)
        } catch {
            sink.discard()
            throw CommandFailure.output(error)
        }
        if !common.quiet {
            let lines = result.summaryLines(file: input.displayName, footnotesInOutput: output.format == .markdown)
            writeToStandardError(lines.map { $0 + "\n" }.joined())
        }
    }
}
