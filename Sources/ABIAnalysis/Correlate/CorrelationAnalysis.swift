import ABIBatch
import ABIIO
import ABIStatistics
import Dispatch

/// `correlate`: a covariance or correlation matrix of numeric columns (`Correlation` in ABIBatch:
/// pandas-style pairwise or listwise handling of missing values).
public struct CorrelationAnalysis: Sendable {
    public enum Method: String, Sendable, CaseIterable { case pearson, spearman }
    public enum Missing: String, Sendable, CaseIterable { case pairwise, listwise }

    /// Column names; nil for every column whose cells look numeric.
    public var columns: [String]?
    public var method: Method = .pearson
    public var missing: Missing = .pairwise
    /// A covariance matrix (divisor n - 1) instead of correlations.
    public var covariance = false
    public var threads = 1
    /// Confidence level of the Fisher z intervals.
    public var level = 0.95
    /// `--repeated SUBJECT`: the repeated-measures correlation (rmcorr) of each pair, rows grouped
    /// by this column (`RepeatedMeasuresCorrelation`), instead of Pearson's or Spearman's.
    public var repeatedSubject: String? = nil

    public init(columns: [String]? = nil, method: Method = .pearson, missing: Missing = .pairwise,
                covariance: Bool = false, threads: Int = 1) {
        self.columns = columns
        self.method = method
        self.missing = missing
        self.covariance = covariance
        self.threads = threads
    }

    /// Loads the columns of `source` and computes the matrix; loader warnings go to `warn`.
    /// `progress` counts the pairs of distinct columns done, p(p - 1)/2 in all: pair by pair for
    /// rmcorr and pairwise Spearman, once at the end for the matrix products
    /// (`Correlation/correlation(_:method:missing:progress:)`).
    public func run(_ source: ColumnSource, warn: (String) -> Void,
                    progress: ProgressHandler? = nil) throws(AnalysisFailure) -> CorrelationReport {
        BLASInfo.setThreadCount(threads)
        let started = DispatchTime.now()
        let loader = source.loader
        let names: [String]
        if let columns {
            names = columns
        } else {
            names = loader.headers.indices.filter { loader.inferredKind(ofColumn: $0) == .numeric }.map { loader.headers[$0] }
            if names.isEmpty {
                throw .usage("\(source.displayName): no numeric columns found; the header has: "
                    + loader.headers.map { "'\($0)'" }.joined(separator: ", "))
            }
        }
        if let duplicate = Dictionary(grouping: names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw .usage("--columns: '\(duplicate)' is given twice")
        }
        guard level > 0 && level < 1 else { throw .usage("--level must be between 0 and 1") }
        if let repeatedSubject {
            if covariance || method == .spearman {
                throw .usage("--repeated computes the repeated-measures correlation (Pearson within subjects); it cannot be combined with --covariance or --method spearman")
            }
            if names.contains(repeatedSubject) { throw .usage("--repeated '\(repeatedSubject)' is also among the columns") }
            let loaded = try source.load([.categorical(repeatedSubject)] + names.map { .numeric($0) }, threads: threads,
                                         command: "correlate", warn: warn)
            let loadedAt = DispatchTime.now()
            let (result, tests) = repeatedMeasures(loaded, names: names, progress: progress)
            let seconds = { (a: DispatchTime, b: DispatchTime) in Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e9 }
            return CorrelationReport(names: names, rowCount: loaded.rowCount, missing: missing, covariance: false, result: result,
                                     tests: tests, level: level, repeatedSubject: repeatedSubject,
                                     loadSeconds: seconds(started, loadedAt), computeSeconds: seconds(loadedAt, DispatchTime.now()))
        }
        var loaded = try source.load(names.map { .numeric($0) }, threads: threads, command: "correlate", warn: warn)
        let rowCount = loaded.rowCount
        let data = Self.matrix(from: &loaded)
        let loadedAt = DispatchTime.now()
        let handling: MissingValueHandling = missing == .pairwise ? .pairwise : .listwise
        let result: CorrelationMatrixResult
        do {
            result = covariance
                ? try Correlation.covariance(data.view, missing: handling, progress: progress)
                : try Correlation.correlation(data.view, method: method == .pearson ? .pearson : .spearman, missing: handling,
                                              progress: progress)
        } catch let error as BatchError {
            throw .data("\(source.displayName): " + error.message(formula: nil))
        } catch {
            throw .data("\(source.displayName): \(error)")
        }
        let seconds = { (a: DispatchTime, b: DispatchTime) in Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e9 }
        // Each coefficient off the diagonal with its t test and Fisher z interval (R cor.test, scipy spearmanr).
        let kind: CorrelationCoefficientKind = method == .pearson ? .pearson : .spearman
        let tests: [[CorrelationTestResult?]] = covariance ? [] : names.indices.map { a in
            names.indices.map { b in
                a == b ? nil : CorrelationInference.test(coefficient: result.values[a, b], count: result.pairCounts[a][b], kind: kind)
            }
        }
        return CorrelationReport(names: names, rowCount: rowCount, missing: missing, covariance: covariance, result: result,
                                 tests: tests, level: level, repeatedSubject: nil,
                                 loadSeconds: seconds(started, loadedAt), computeSeconds: seconds(loadedAt, DispatchTime.now()))
    }

    /// rmcorr of every pair of columns (pairwise: the rows where both and the subject are present;
    /// listwise: the rows complete in every column).
    func repeatedMeasures(_ loaded: LoadedColumns, names: [String],
                          progress: ProgressHandler? = nil) -> (CorrelationMatrixResult, [[CorrelationTestResult?]]) {
        guard case .categorical(let subjects) = loaded.columns[0] else { preconditionFailure("subject loaded as text") }
        var columns: [[Double]] = loaded.columns.dropFirst().map { if case .numeric(let v) = $0 { v } else { [] } }
        let rows = loaded.rowCount
        var notes: [CorrelationNote] = []
        for row in 0..<rows where subjects[row].isEmpty { for j in columns.indices { columns[j][row] = .nan } }
        if missing == .listwise {
            let incomplete = (0..<rows).filter { row in columns.contains { !$0[row].isFinite } }
            for row in incomplete { for j in columns.indices { columns[j][row] = .nan } }
            let dropped = incomplete.count - (0..<rows).filter { subjects[$0].isEmpty }.count
            if dropped > 0 { notes.append(.rowsDroppedListwise(count: dropped)) }
        }
        let p = names.count
        var values = Matrix(rowCount: p, columnCount: p, repeating: .nan)
        var counts = Array(repeating: Array(repeating: 0, count: p), count: p)
        var tests: [[CorrelationTestResult?]] = Array(repeating: Array(repeating: nil, count: p), count: p)
        let totalPairs = p * (p - 1) / 2
        var pairsDone = 0
        for a in 0..<p {
            let present = columns[a].filter(\.isFinite).count
            counts[a][a] = present
            values[a, a] = present > 1 ? 1 : .nan
            for b in (a + 1)..<max(a + 1, p) {
                let test = RepeatedMeasuresCorrelation.compute(subjects: subjects, x: columns[a], y: columns[b])
                values[a, b] = test.coefficient
                values[b, a] = test.coefficient
                counts[a][b] = test.count
                counts[b][a] = test.count
                tests[a][b] = test
                tests[b][a] = test
                pairsDone += 1
                progress?(pairsDone, totalPairs)
            }
        }
        if totalPairs == 0 { progress?(0, 0) }
        let result = CorrelationMatrixResult(
            statistic: "repeated-measures correlation", method: "rmcorr (Bakdash & Marusich 2017): within-subject Pearson, df = N - k - 1",
            missingValueHandling: missing == .pairwise ? .pairwise : .listwise, values: values, pairCounts: counts, notes: notes)
        return (result, tests)
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
}

/// The result of ``CorrelationAnalysis``: the matrix with the column names and what it was computed over.
public struct CorrelationReport: Sendable {
    public let names: [String]
    public let rowCount: Int
    public let missing: CorrelationAnalysis.Missing
    public let covariance: Bool
    public let result: CorrelationMatrixResult
    /// tests[a][b]: the t test and Fisher z interval of entry (a, b); nil on the diagonal; empty for covariances.
    public let tests: [[CorrelationTestResult?]]
    /// Confidence level of the intervals.
    public let level: Double
    /// The subject column of a repeated-measures correlation (`--repeated`).
    public let repeatedSubject: String?
    /// Seconds spent loading and computing (for `--report-timing`).
    public let loadSeconds: Double
    public let computeSeconds: Double

    /// The notes with columns named by header: ABIBatch names constant columns by index.
    public var noteTexts: [String] {
        result.notes.map { note in
            guard case .constantColumns(let indices) = note, !indices.isEmpty, indices.allSatisfy(names.indices.contains) else {
                return note.description
            }
            return "\(indices.count == 1 ? "column" : "columns") " + indices.map { "'\(names[$0])'" }.joined(separator: ", ")
                + " constant, or with fewer than 2 values: correlations undefined (blank)"
        }
    }

    /// The summary lines for standard error.
    public var summaryLines: [String] {
        ["\(result.statistic) of \(names.count) columns over \(rowCount) rows, \(missing.rawValue); \(result.method)"] + noteTexts
            + testNoteTexts
    }

    /// rmcorr: the notes of each pair (no variation within subjects, subjects with one row, too few for an interval).
    public var testNoteTexts: [String] {
        guard repeatedSubject != nil else { return [] }
        var lines: [String] = []
        for a in names.indices {
            for b in names.indices where b > a {
                for note in tests[a][b]?.notes ?? [] { lines.append("\(names[a]) ~ \(names[b]): \(note.description)") }
            }
        }
        return lines
    }
}

/// Renders a ``CorrelationReport``: long or wide tables (CSV, TSV, JSON Lines) and Markdown.
public enum CorrelationRenderer {
    public enum Layout: String, Sendable, CaseIterable { case long, wide }

    public static func writeTable(_ report: CorrelationReport, layout: Layout, to writer: inout any TableWriter) throws(OutputError) {
        let names = report.names, result = report.result
        let p = names.count
        let statistic = report.covariance ? "covariance" : "correlation"
        switch layout {
        case .long:
            // Correlations carry their test: t, df, two-sided p and the Fisher z interval (blank on
            // the diagonal and where undefined); rmcorr also the number of subjects.
            let tested = !report.tests.isEmpty
            let repeated = report.repeatedSubject != nil
            try writer.writeHeader(["x", "y", statistic, "n"] + (tested ? ["t", "df", "p_value", "ci_low", "ci_high"] : [])
                + (repeated ? ["subjects"] : []))
            for a in 0..<p {
                for b in 0..<p {
                    writer.beginRow()
                    writer.writeText(names[a])
                    writer.writeText(names[b])
                    writer.writeNumber(result.values[a, b])
                    writer.writeInteger(result.pairCounts[a][b])
                    if tested {
                        let test = report.tests[a][b]
                        let interval = test?.confidenceInterval(level: report.level)
                        if let t = test?.tStatistic { writer.writeNumber(t) } else { writer.writeBlank() }
                        if let test, test.tStatistic != nil { writer.writeInteger(test.degreesOfFreedom) } else { writer.writeBlank() }
                        if let p = test?.pValue { writer.writeNumber(p) } else { writer.writeBlank() }
                        if let interval { writer.writeNumber(interval.lower); writer.writeNumber(interval.upper) } else {
                            writer.writeBlank(); writer.writeBlank()
                        }
                    }
                    if repeated {
                        if let k = report.tests[a][b]?.subjectCount { writer.writeInteger(k) } else { writer.writeBlank() }
                    }
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

    /// Markdown for people: correlations to 4 decimals, covariances to 6 significant digits.
    public static func writeMarkdown(_ report: CorrelationReport, into buffer: inout OutputBuffer) {
        let names = report.names, result = report.result
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
        let format = { (v: Double) in v.isNaN ? "NA" : cFormat(report.covariance ? "%.6g" : "%.4f", v) }
        buffer.append(string: "\(result.statistic) (\(report.missing.rawValue))\n\n")
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
        if !report.tests.isEmpty && p > 1 {
            let percent = cFormat("%g", report.level * 100)
            buffer.append(string: "\nTests (two-sided p; \(percent)% Fisher z interval"
                + (report.repeatedSubject.map { "; rmcorr within '\($0)'" } ?? "") + "):\n\n")
            row(["x", "y", "r", "\(percent)% CI", "p", "n"] + (report.repeatedSubject != nil ? ["subjects"] : []))
            buffer.append(string: "| --- | --- | ---: | ---: | ---: | ---: |" + (report.repeatedSubject != nil ? " ---: |" : "") + "\n")
            for a in 0..<p {
                for b in (a + 1)..<p {
                    let test = report.tests[a][b]
                    let interval = test?.confidenceInterval(level: report.level)
                    let ci = interval.map { cFormat("%.4f", $0.lower) + " to " + cFormat("%.4f", $0.upper) } ?? ""
                    let pText = test?.pValue.map { $0 < 0.0001 ? "<0.0001" : cFormat("%.4f", $0) } ?? ""
                    row([names[a], names[b], format(result.values[a, b]), ci, pText, String(result.pairCounts[a][b])]
                        + (report.repeatedSubject != nil ? [test?.subjectCount.map(String.init) ?? ""] : []))
                }
            }
        }
        for note in report.noteTexts + report.testNoteTexts { buffer.append(string: "\nNote: \(note)\n") }
    }
}
