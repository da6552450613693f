import ABIAnalysis
import ABIIO
import ABIStatistics
import ArgumentParser

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Before/after and group comparisons with effect sizes: paired and two-sample tests, ANOVA, ANCOVA, adjusted p-values.",
        discussion: """
            One output row per measure x comparison (within a group, between two groups, omnibus and pairwise for three or more groups, ANCOVA), with the parametric test, the rank test, effect sizes with confidence intervals, raw and adjusted p-values, n and notes. Subjects missing one of the two times are counted and listed on standard error. Full documentation: docs/commands/compare.md.

            Examples:
              abikit compare study.csv --subject id --time week --from 0 --to 12 --measure abi,ankle_blood_flow --by arm
              abikit compare study.csv --subject id --time week --from 0 --to 12 --measure abi --by arm --adjust baseline
              abikit compare wide.csv --pre abi_w0 --post abi_w12 --by arm
              abikit compare study.csv --subject id --time week --from 0 --to 12 --measure abi --by arm --by site
              abikit compare cohort.csv --group sex --measure abi,age
              abikit compare study.csv --subject id --time week --from 0 --to 12 --measure abi --where "leg == 'left'"
            """)

    enum Adjust: String, ExpressibleByArgument, CaseIterable { case baseline }

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Subject column (long data; with --pre/--post or --group, detects several rows per subject).", valueName: "column"))
    var subject: String?
    @Option(help: ArgumentHelp("Time column of long data.", valueName: "column")) var time: String?
    @Option(help: ArgumentHelp("The earlier time (a value of --time).", valueName: "value")) var from: String?
    @Option(help: ArgumentHelp("The later time (a value of --time).", valueName: "value")) var to: String?
    @Option(help: ArgumentHelp("Comma-separated numeric columns to compare.", valueName: "a,b")) var measure: String?
    @Option(parsing: .singleValue, help: ArgumentHelp(
        "Group column of paired data: within each group, and the groups compared on the change. Repeatable or comma-separated: groups are the combinations of values, named 'a / b'.",
        valueName: "col[,col...]"))
    var by: [String] = []
    @Option(help: ArgumentHelp("Independent groups: compare the measures between the levels of this column.", valueName: "column"))
    var group: String?
    @Option(help: ArgumentHelp("Wide data: the column before.", valueName: "column")) var pre: String?
    @Option(help: ArgumentHelp("Wide data: the column after.", valueName: "column")) var post: String?
    @Option(help: ArgumentHelp("'baseline': add the ANCOVA follow-up ~ group + baseline (needs --by).", valueName: "baseline"))
    var adjust: Adjust?
    @Option(name: .customLong("p-adjust"), help: ArgumentHelp("holm, hochberg, bonferroni, bh, by or none.", valueName: "method"))
    var pAdjust: PValueAdjustment = .holm
    @Flag(help: "Student's pooled-variance t test and the classic one-way ANOVA instead of Welch's.") var student = false
    @Option(help: ArgumentHelp("'none' (default) or 'mean': one pair per subject from the subject's mean at each time.", valueName: "how"))
    var aggregate: CompareOptions.Aggregation = .none
    @Option(name: .customLong("zero-method"), help: ArgumentHelp("Wilcoxon zero differences: wilcox (dropped), pratt or zsplit.", valueName: "method"))
    var zeroMethod: WilcoxonZeroMethod = .wilcox
    @Option(help: ArgumentHelp("Confidence level of every interval.", valueName: "level")) var level: Double = 0.95
    @OptionGroup var common: RunOptions
    /// `--where`: compare evaluates it in the engine (``CompareOptions/filter``), which reports
    /// the rows read and kept in its result.
    @OptionGroup var rows: FilterOptions

    func makeOptions() throws -> CompareOptions {
        let byColumns = try ColumnList.names(by, option: "--by")
        let measures = (measure ?? "").split(separator: ",").map { String($0).trimmedWhitespace() }.filter { !$0.isEmpty }
        let design: CompareOptions.Design
        if pre != nil || post != nil {
            guard let pre, let post else { throw CommandFailure.usage("--pre and --post go together") }
            guard time == nil, group == nil, measure == nil else { throw CommandFailure.usage("--pre/--post (wide data) cannot be combined with --time, --group or --measure") }
            design = .widePaired(pre: pre, post: post, subject: subject)
        } else if let group {
            guard time == nil, byColumns.isEmpty else { throw CommandFailure.usage("--group compares independent groups; it cannot be combined with --time or --by") }
            guard !measures.isEmpty else { throw CommandFailure.usage("--group needs --measure") }
            design = .independent(group: group, measures: measures, subject: subject)
        } else {
            guard let subject, let time, let from, let to, !measures.isEmpty else {
                let missing = [("--subject", subject), ("--time", time), ("--from", from), ("--to", to),
                               ("--measure", measures.isEmpty ? nil : "")].filter { $0.1 == nil }.map(\.0)
                let lead = missing.count == 5 ? "" : "long data needs " + missing.joined(separator: ", ") + "; "
                throw CommandFailure.usage(lead + "give --subject, --time, --from, --to and --measure (long data), --pre and --post (wide data), or --group and --measure")
            }
            design = .longPaired(subject: subject, time: time, from: from, to: to, measures: measures)
        }
        if adjust != nil && byColumns.isEmpty { throw CommandFailure.usage("--adjust baseline needs --by (the groups to compare)") }
        guard level > 0 && level < 1 else { throw CommandFailure.usage("--level must be between 0 and 1") }
        let filter = try rows.parsed()
        return CompareOptions(design: design, by: byColumns, adjustForBaseline: adjust == .baseline, pValueAdjustment: pAdjust,
                              equalVariances: student, aggregation: aggregate, level: level, zeroMethod: zeroMethod, filter: filter)
    }

    func run() throws {
        let options = try makeOptions()
        let source = try ColumnSource.open(input.openReader(), displayName: input.displayName)
        let columns = try source.load(options.columnRequests, threads: common.threads, command: "compare",
                                      warn: writeToStandardError)
        let result: CompareResult
        do {
            result = try CompareEngine.run(options, columns: columns)
        } catch {
            var message = "\(input.displayName): \(error.description)"
            if case .filter(let filterError) = error, let filterText = rows.text { message += "\n" + filterError.pointer(in: filterText) }
            throw CommandFailure.usage(message)
        }
        let sink = try output.openSink(input: input)
        do {
            var writer = output.format.makeWriter(sink: sink, decimalComma: output.outputDecimalComma)
            try CompareRenderer.write(result, to: &writer, markdown: output.format == .markdown)
        } catch {
            sink.discard()
            throw CommandFailure.output(error)
        }
        if !common.quiet {
            let lines = ["abikit compare: " + source.dialectLine] + CompareRenderer.summary(result).map { "abikit compare: " + $0 }
            writeToStandardError(lines.joined(separator: "\n") + "\n")
        }
    }
}

extension PValueAdjustment: ExpressibleByArgument {}
extension WilcoxonZeroMethod: ExpressibleByArgument {}
extension CompareOptions.Aggregation: ExpressibleByArgument {}
