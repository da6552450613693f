import ABIBatch
import ABICore
import ABIIO
import ABIStatistics
import Glibc

/// `abikit report RECIPE.yaml`: the sections of a ``StudyRecipe`` in order, each computed by the
/// engine of the command it stands for (`describe --table1`, `agree`, `compare`, `regress`,
/// `mixed`, `plot trajectories`) and rendered with that command's Markdown renderer, with its
/// figure (drawn by ``FigureEngine`` from the same data) and a methods sentence naming the method
/// and its reference. No statistic is computed here.
public struct StudyReportEngine {
    public var recipe: StudyRecipe
    public var threads: Int
    public var figure: FigureOptions

    public init(recipe: StudyRecipe, threads: Int = 1, figure: FigureOptions = FigureOptions()) {
        self.recipe = recipe
        self.threads = threads
        self.figure = figure
    }

    /// Builds the report; `open` opens the recipe's input afresh (each section reads it once).
    /// `warn` gets the analyses' messages about the data.
    public func run(open: @escaping () throws -> CSVChunkReader, displayName: String, softwareVersion: String, command: String,
                    warn: (String) -> Void) throws(AnalysisFailure) -> ReportResult {
        func source() throws(AnalysisFailure) -> ColumnSource {
            do { return try ColumnSource.open(try open(), displayName: displayName) } catch let failure as AnalysisFailure { throw failure } catch {
                throw .usage("\(displayName): \(error)")
            }
        }
        var sections: [ReportSection] = []
        var used: [String: Int] = [:]
        for (number, section) in recipe.sections.enumerated() {
            // Figure file names: the section's kind, numbered when a kind repeats.
            used[section.kind.key, default: 0] += 1
            let stem = "\(String(format2(number + 1)))-\(section.kind.key)"
            func fail(_ failure: AnalysisFailure) -> AnalysisFailure {
                AnalysisFailure(kind: failure.kind, message: "recipe line \(section.line) (\(section.kind.key)): \(failure.message)")
            }
            do throws(AnalysisFailure) {
                var result = try build(section.kind, stem: stem, source: source, open: open, displayName: displayName, warn: warn)
                if let title = section.title { result.heading = title }
                sections.append(result)
            } catch {
                throw fail(error)
            }
        }
        return ReportResult(title: recipe.title, introduction: ["Data: `\(displayName)`. Every section gives the table, its figure and the method with its reference."],
                            sections: sections, softwareVersion: softwareVersion, command: command)
    }

    func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    func build(_ kind: StudyRecipe.Kind, stem: String, source: () throws(AnalysisFailure) -> ColumnSource,
               open: @escaping () throws -> CSVChunkReader, displayName: String, warn: (String) -> Void) throws(AnalysisFailure) -> ReportSection {
        switch kind {
        case let .table1(by, columns, categorical, nonnormal, digits):
            let analysis = DescribeAnalysis(by: by.map { [$0] } ?? [], columns: columns, table1: true, categorical: categorical,
                                            nonnormal: nonnormal, digits: digits, threads: threads)
            let result = try analysis.run(try source())
            let table = try Self.text { (writer: inout any TableWriter) throws(OutputError) in try DescribeRenderer.write(result, format: .markdown, digits: digits, to: &writer) }
            var section = ReportSection(heading: "Table 1" + (by.map { " by \($0)" } ?? ""), tables: [table],
                                        methods: "Continuous variables as mean (SD), or median [IQR] where listed as non-normal, categorical ones as n (%); group differences by Welch's t test or one-way ANOVA (Welch 1947), the Kruskal-Wallis or Mann-Whitney test for non-normal variables, and the chi-squared or Fisher's exact test for categorical ones (as R's tableone, Yoshida & Bartel), with standardized mean differences (Austin 2009).")
            let numeric = columns.first { !categorical.contains($0) }
            if let numeric {
                var request = FigureRequest(kind: .box)
                request.measure = numeric
                request.by = by.map { [$0] } ?? []
                section.figures = [try drawFigure(request, open: open, displayName: displayName, warn: warn, fileName: "\(stem)-box.svg",
                                                  caption: "\(numeric)" + (by.map { " by \($0)" } ?? "") + ": box plots with the points")]
            }
            return section
        case .agreement(let options):
            let agreed: AgreeResult
            let loader = try source().loader
            do { agreed = try AgreeEngine(options: options).run(loader, threads: threads) } catch {
                throw .usage(error.description)
            }
            var section = ReportSection(heading: "Agreement: \(options.indexColumn ?? "") and \(options.referenceColumn ?? "")",
                                        tables: [AgreeMarkdown.render(agreed)])
            var request = FigureRequest(kind: .blandAltman)
            (request.columnA, request.columnB, request.subject) = (options.indexColumn, options.referenceColumn, options.subjectColumn)
            section.figures = [try drawFigure(request, open: open, displayName: displayName, warn: warn, fileName: "\(stem)-bland-altman.svg",
                                              caption: "Bland-Altman plot of \(options.indexColumn ?? "") minus \(options.referenceColumn ?? ""), bias and 95% limits of agreement with their CIs")]
            var methods = "Bland-Altman limits of agreement, bias ± 1.96 SD (Bland & Altman, Lancet 1986;327:307-310), with exact confidence intervals for the limits as a pair and for each limit (Carkeet, Optom Vis Sci 2015;92:e71-e80) and approximate ones (Bland & Altman, Stat Methods Med Res 1999;8:135-160); Lin's concordance correlation (Lin, Biometrics 1989;45:255-268)."
            if agreed.repeatedMeasuresMOVER != nil {
                methods += " Several pairs per subject: limits with MOVER intervals (Zou, Stat Methods Med Res 2013;22:630-642) and variance components (Bland & Altman, J Biopharm Stat 2007;17:571-582); the figure draws these."
            }
            if let roc = agreed.roc, let cutoff = options.cutoff {
                var rocRequest = FigureRequest(kind: .roc)
                _ = roc
                rocRequest.score = options.indexColumn
                rocRequest.reference = options.referenceColumn
                rocRequest.lowerIsPositive = true
                section.figures.append(try drawROCAgainstCutoff(options: options, cutoff: cutoff, open: open, displayName: displayName,
                                                                fileName: "\(stem)-roc.svg"))
                methods += " Diagnostic accuracy at ABI \(cutoff.code) with Wilson intervals (Wilson 1927); ROC AUC with the DeLong interval (DeLong, DeLong & Clarke-Pearson, Biometrics 1988;44:837-845)."
            }
            section.methods = methods
            return section
        case .comparison(let options):
            let columns = try source().load(options.columnRequests, threads: threads, command: "compare", warn: warn)
            let result: CompareResult
            do { result = try CompareEngine.run(options, columns: columns) } catch { throw .usage("\(displayName): \(error.description)") }
            let table = try Self.text(format: .markdown) { (writer: inout any TableWriter) throws(OutputError) in try CompareRenderer.write(result, to: &writer, markdown: true) }
            var section = ReportSection(heading: "Comparison", tables: [table], notes: CompareRenderer.summary(result))
            var request = FigureRequest(kind: .box)
            let caption: String
            switch options.design {
            case let .independent(group, measures, _):
                (request.measure, request.by) = (measures[0], [group])
                caption = "\(measures[0]) by \(group)"
                section.heading = "Comparison of \(measures.joined(separator: ", ")) between \(group) groups"
                section.methods = "Welch's t test (Welch 1947) or one-way ANOVA with the Mann-Whitney U or Kruskal-Wallis test, Hedges' g with its noncentral-t interval (Hedges & Olkin 1985; Steiger & Fouladi 1997), p-values adjusted by Holm's method (Holm 1979); as scipy.stats and pingouin."
            case let .longPaired(_, time, from, to, measures):
                (request.measure, request.time, request.by) = (measures[0], time, options.by)
                caption = "\(measures[0]) by \(time)" + (options.by.isEmpty ? "" : " and " + options.by.joined(separator: ", "))
                section.heading = "Change in \(measures.joined(separator: ", ")) from \(time) \(from) to \(to)"
                section.methods = "Paired t test and Wilcoxon signed-rank test (Wilcoxon 1945) with Cohen's d_z and its interval (Cohen 1988; Lakens 2013)" + (options.by.isEmpty ? "" : "; changes compared between \(options.by.joined(separator: ", ")) groups by Welch's t test") + "; p-values adjusted by Holm's method (Holm 1979)."
            case let .widePaired(pre, post, _):
                (request.columnA, request.columnB) = (post, pre)
                request.kind = .blandAltman
                caption = "\(post) minus \(pre) against their mean"
                section.heading = "Change from \(pre) to \(post)"
                section.methods = "Paired t test and Wilcoxon signed-rank test (Wilcoxon 1945) with Cohen's d_z and its interval (Cohen 1988; Lakens 2013); the figure plots each change against the pair mean (Bland & Altman 1986)."
            }
            section.figures = [try drawFigure(request, open: open, displayName: displayName, warn: warn,
                                              fileName: "\(stem)-\(request.kind.rawValue).svg", caption: caption)]
            return section
        case let .regression(formula, by, covariance):
            guard let choice = RegressionCovarianceChoice(covariance) else { throw .usage("covariance: '\(covariance)' is not known") }
            let report = try RegressionAnalysis(formula: formula, by: by, covariance: choice, threads: threads).run(try source(), warn: warn)
            if !report.failures.isEmpty { throw .data(report.failures.joined(separator: "; ")) }
            let table = String(decoding: try Self.capture { sink throws(OutputError) in
                var buffer = OutputBuffer(sink: sink)
                RegressionRenderer.writeMarkdown(report, level: 0.95, into: &buffer)
                try buffer.flush()
            }, as: UTF8.self)
            let csv = try Self.bytes { (writer: inout any TableWriter) throws(OutputError) in try RegressionRenderer.writeTable(report, level: 0.95, to: &writer) }
            let forest = try forestFigure(csv: csv, kinds: nil, fileName: "\(stem)-forest.svg",
                                          caption: "Coefficients of \(formula) with 95% CIs (intercept left out)",
                                          title: "Coefficients: \(formula)")
            return ReportSection(heading: "Regression: \(formula)", tables: [table], figures: [forest],
                                 methods: "Ordinary least squares by Householder QR with iterative refinement (Golub & Van Loan 2013), t-based 95% confidence intervals" + (covariance == "classical" ? "" : ", \(covariance) robust standard errors (White 1980; MacKinnon & White 1985)") + "; checked against R's lm and statsmodels OLS.")
        case let .mixed(formula, by, maximumLikelihood):
            let parsed: MixedModelFormula
            do { parsed = try MixedModelFormula(formula) } catch let error as BatchError { throw .usage(error.message(formula: formula)) } catch {
                throw .usage("\(error)")
            }
            let options = MixedModelOptions(formula: formula, criterion: maximumLikelihood ? .maximumLikelihood : .reml, byColumns: by.map { [$0] } ?? [])
            let report = try MixedModelEngine.run(options, formula: parsed, source: try source(), threads: threads, warn: warn)
            if !report.failures.isEmpty {
                throw .data(report.failures.map { "group '\($0.group)': \($0.error.message(formula: formula))" }.joined(separator: "; "))
            }
            let table = String(decoding: try Self.capture { sink throws(OutputError) in
                var buffer = OutputBuffer(sink: sink)
                MixedModelRenderer.writeMarkdown(report, into: &buffer)
                try buffer.flush()
            }, as: UTF8.self)
            let csv = try Self.bytes { (writer: inout any TableWriter) throws(OutputError) in try MixedModelRenderer.writeTable(report, to: &writer) }
            let forest = try forestFigure(csv: csv, kinds: ["fixed"], fileName: "\(stem)-forest.svg",
                                          caption: "Fixed effects of \(formula) with 95% CIs (intercept left out)",
                                          title: "Fixed effects: \(formula)")
            return ReportSection(heading: "Mixed model: \(formula)", tables: [table], figures: [forest],
                                 methods: "Linear mixed model fitted by \(maximumLikelihood ? "maximum likelihood" : "REML") (Bates, Mächler, Bolker & Walker, J Stat Softw 2015;67(1), lme4), denominator degrees of freedom by Satterthwaite's method (Satterthwaite 1946; Kuznetsova et al., lmerTest, J Stat Softw 2017;82(13)).")
        case let .trend(subject, time, measures, by, methods):
            var analysis = TrendAnalysis(subject: subject, time: time, measures: measures)
            analysis.by = by.map { [$0] } ?? []
            analysis.methods = methods
            analysis.threads = threads
            let result: TrendResult
            do {
                result = try analysis.run(open: { try TableSource.open(try open(), displayName: displayName) }, format: .markdown, digits: nil,
                                          decimalCommaOutput: false)
            } catch let failure as AnalysisFailure { throw failure } catch { throw .usage("\(displayName): \(error)") }
            let summary = result.outcome.summary.table
            var section = ReportSection(heading: "Trends of \(measures.joined(separator: ", ")) per \(subject) over \(time)",
                                        paragraphs: ["One series per \(subject)\(by.map { " (grouped by \($0))" } ?? ""); the cohort summary of the per-subject fits (`abikit trend --format markdown` gives every subject's row)."],
                                        tables: [MarkdownTable.render(headers: summary.headers, rows: summary.rows)],
                                        methods: Self.trendMethods(methods),
                                        notes: result.summaryLines(file: displayName).filter { !$0.hasPrefix("abikit trend: ") })
            var request = FigureRequest(kind: .trajectories)
            (request.subject, request.time, request.measure, request.by) = (subject, time, measures[0], by.map { [$0] } ?? [])
            section.figures = [try drawFigure(request, open: open, displayName: displayName, warn: warn, fileName: "\(stem).svg",
                                              caption: "\(measures[0]) per \(subject) over \(time) with the mean and its 95% CI")]
            return section
        case let .trajectories(subject, time, measure, by):
            var request = FigureRequest(kind: .trajectories)
            (request.subject, request.time, request.measure, request.by) = (subject, time, measure, by.map { [$0] } ?? [])
            request.figure = figure
            let (columns, _) = try FigureEngine.load(&request, open: open, displayName: displayName, isFile: true, maps: [], threads: threads, warn: warn)
            func numbers(_ i: Int) -> [Double] { if case .numeric(let v) = columns.columns[i] { return v }; return [] }
            func texts(_ i: Int) -> [String] { if case .categorical(let v) = columns.columns[i] { return v }; return [] }
            let (times, timeLabel, meanResolution) = TrajectoriesFigure.times(texts(1), subjects: texts(0), column: time)
            let result = TrajectoriesFigure.compute(subjects: texts(0), times: times, values: numbers(2), groups: by == nil ? nil : texts(3),
                                                    measure: measure, timeLabel: timeLabel, subjectLabel: subject,
                                                    maximumSubjects: request.maximumSubjects, seed: request.seed,
                                                    meanResolution: meanResolution)
            var rows: [[String]] = []
            for group in result.groups {
                for mean in group.means {
                    func f(_ x: Double) -> String { SVGNumber.label(x, decimals: 3) }
                    rows.append([group.name, SVGNumber.attribute(mean.time, decimals: 6), String(mean.mean.count), f(mean.mean.mean),
                                 mean.mean.lower.map(f) ?? "", mean.mean.upper.map(f) ?? ""])
                }
            }
            let svg = TrajectoriesFigure.render(result, options: figure)
            return ReportSection(heading: "\(measure) over \(time)" + (by.map { " by \($0)" } ?? ""),
                                 tables: [MarkdownTable.render(headers: [by ?? "group", time, "n", "mean", "95% CI low", "95% CI high"], rows: rows, alignRight: [1, 2, 3, 4, 5])],
                                 figures: [ReportFigure(fileName: "\(stem).svg", caption: "\(measure) per \(subject) over \(time) with the mean and its 95% CI", svg: svg)],
                                 methods: "Means at each time with t-based 95% confidence intervals (Student 1908), from compensated two-pass sums as `abikit describe`.")
        }
    }

    static func trendMethods(_ methods: String) -> String {
        var parts: [String] = []
        let names = methods.lowercased()
        if names.contains("ols") { parts.append("ordinary least squares slope per subject on the real time axis with t intervals (checked against statsmodels OLS)") }
        if names.contains("theil") || names.contains("sen") { parts.append("Theil-Sen slope with Sen's interval (Theil 1950; Sen, J Am Stat Assoc 1968;63:1379-1389)") }
        if names.contains("mk") || names.contains("mann") { parts.append("Mann-Kendall trend test with tie correction (Mann 1945; Kendall 1975)") }
        if names.contains("its") { parts.append("segmented regression around the intervention (Wagner et al., J Clin Pharm Ther 2002;27:299-309)") }
        if parts.isEmpty { parts.append("per-subject trends as `abikit trend --method \(methods)`") }
        return parts.joined(separator: "; ").prefix(1).uppercased() + parts.joined(separator: "; ").dropFirst() + "; cohort summary of the fitted slopes as `abikit trend`."
    }

    func drawFigure(_ request: FigureRequest, open: () throws -> CSVChunkReader, displayName: String, warn: (String) -> Void,
                    fileName: String, caption: String) throws(AnalysisFailure) -> ReportFigure {
        var request = request
        request.figure = figure
        let (columns, notes) = try FigureEngine.load(&request, open: open, displayName: displayName, isFile: true, maps: [], threads: threads, warn: warn)
        let output = FigureEngine.draw(request, columns: columns, notes: notes)
        return ReportFigure(fileName: fileName, caption: caption, svg: output.svg)
    }

    /// The ROC of the index against the reference's category at the cut-off, as `agree` computes it.
    func drawROCAgainstCutoff(options: AgreeOptions, cutoff: PADCutoff, open: () throws -> CSVChunkReader, displayName: String,
                              fileName: String) throws(AnalysisFailure) -> ReportFigure {
        guard let a = options.indexColumn, let b = options.referenceColumn else { throw .usage("agreement needs a: and b:") }
        let loaded: LoadedColumns
        do { loaded = try ColumnLoader(reader: try open()).load([.numeric(a), .numeric(b)], threads: threads, maximumIssues: 0) } catch {
            throw .usage("\(displayName): \(error)")
        }
        guard case .numeric(let index) = loaded.columns[0], case .numeric(let reference) = loaded.columns[1] else { throw .usage("\(displayName): \(a), \(b) not numeric") }
        let labels = reference.map { value -> String in
            guard value.isFinite else { return "" }
            return cutoff.isAbnormal(Int((value * 100).rounded())) ? "PAD" : "no PAD"
        }
        let data = ROCFigure.compute(scores: index, reference: labels, positive: "PAD", lowerIsPositive: true, scoreLabel: a,
                                     referenceLabel: "\(b) \(cutoff.code)")
        return ReportFigure(fileName: fileName, caption: "ROC of \(a) against PAD by \(b) (\(cutoff.code)), AUC with its DeLong 95% CI",
                            svg: ROCFigure.render(data, options: figure))
    }

    /// A forest plot of the rows of a command's CSV table (`term`, `estimate`, `ci_low`, `ci_high`,
    /// with `kind` in `kinds` when given), intercepts left out.
    func forestFigure(csv: [UInt8], kinds: Set<String>?, fileName: String, caption: String, title: String) throws(AnalysisFailure) -> ReportFigure {
        let loaded: LoadedColumns
        do {
            let loader = try ColumnLoader(reader: try CSVChunkReader(bytes: csv))
            var requests: [ColumnLoader.Request] = [.categorical("term"), .numeric("estimate"), .numeric("ci_low"), .numeric("ci_high")]
            if kinds != nil { requests.append(.categorical("kind")) }
            let hasGroup = loader.columnIndex(of: "group") != nil
            if hasGroup { requests.append(.categorical("group")) }
            loaded = try loader.load(requests, threads: 1, maximumIssues: 0)
        } catch {
            throw .data("forest figure: \(error)")
        }
        func numbers(_ i: Int) -> [Double] { if case .numeric(let v) = loaded.columns[i] { return v }; return [] }
        func texts(_ i: Int) -> [String] { if case .categorical(let v) = loaded.columns[i] { return v }; return [] }
        let kindColumn = kinds == nil ? nil : texts(4)
        let groupColumn = loaded.names.last == "group" ? texts(loaded.names.count - 1) : nil
        var labels: [String] = [], estimates: [Double] = [], lower: [Double] = [], upper: [Double] = []
        let terms = texts(0)
        for i in terms.indices {
            if let kinds, let kindColumn, !kinds.contains(kindColumn[i]) { continue }
            if terms[i] == "Intercept" || terms[i] == "(Intercept)" { continue }
            labels.append(groupColumn.map { "\($0[i]): \(terms[i])" } ?? terms[i])
            estimates.append(numbers(1)[i]); lower.append(numbers(2)[i]); upper.append(numbers(3)[i])
        }
        let result = ForestFigure.compute(labels: labels, estimates: estimates, lower: lower, upper: upper, nullValue: 0)
        var options = figure
        options.title = title
        return ReportFigure(fileName: fileName, caption: caption, svg: ForestFigure.render(result, options: options))
    }

    /// A table renderer's Markdown output as text.
    static func text(format: TableFormat = .markdown, _ body: (inout any TableWriter) throws(OutputError) -> Void) throws(AnalysisFailure) -> String {
        String(decoding: try bytes(format: format, body), as: UTF8.self)
    }

    static func bytes(format: TableFormat = .csv, _ body: (inout any TableWriter) throws(OutputError) -> Void) throws(AnalysisFailure) -> [UInt8] {
        try capture { sink throws(OutputError) in
            var writer = format.makeWriter(sink: sink)
            try body(&writer)
            try writer.buffer.flush()
        }
    }

    /// What a renderer writes to a sink, as bytes: the renderers flush to their sink, so they
    /// write to an unlinked temporary file (nothing is left behind) that is read back.
    static func capture(_ body: (OutputSink) throws(OutputError) -> Void) throws(AnalysisFailure) -> [UInt8] {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/abikit-report-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .inputOutput("cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))") }
        unlink(String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
        defer { close(descriptor) }
        do { try body(OutputSink(fileDescriptor: descriptor, name: "<report table>")) } catch {
            throw .inputOutput("rendering a table: \(error)")
        }
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let count = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count < 0 { throw .inputOutput("reading a rendered table back: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += block[..<count]
            offset += off_t(count)
        }
        return bytes
    }
}
