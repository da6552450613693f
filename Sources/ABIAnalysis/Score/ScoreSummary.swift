import ABICore
import ABIIO

/// Counts over a scored file, for the summary on standard error and for reports.
public struct ScoreSummary: Sendable, Equatable {
    /// Records scored (data rows, header excluded).
    public var rows = 0
    /// Blank lines skipped (they are not records).
    public var blankLines = 0
    public var rowsOK = 0
    public var rowsWithWarnings = 0
    public var rowsWithErrors = 0
    /// Patient category counts; rows with no category are `uncategorised`.
    public var categories: [ABICategory: Int] = [:]
    public var uncategorised = 0
    public var severities: [PADSeverity: Int] = [:]
    /// Problem counts by code.
    public var problems: [String: Int] = [:]
    /// Rows per measurement method named in the method column (`unspecified` when absent or blank).
    public var methods: [String: Int] = [:]
    /// Visits whose ABI changed by at least the threshold from the subject's previous visit.
    public var significantChanges = 0
    /// Subjects seen (when visit change is tracked).
    public var subjects = 0
    /// Records `--where` left out (not scored, not written).
    public var rowsRemovedByFilter = 0

    public init() {}

    mutating func merge(_ other: ScoreSummary) {
        rows += other.rows
        blankLines += other.blankLines
        rowsOK += other.rowsOK
        rowsWithWarnings += other.rowsWithWarnings
        rowsWithErrors += other.rowsWithErrors
        categories.merge(other.categories, uniquingKeysWith: +)
        uncategorised += other.uncategorised
        severities.merge(other.severities, uniquingKeysWith: +)
        problems.merge(other.problems, uniquingKeysWith: +)
        methods.merge(other.methods, uniquingKeysWith: +)
        significantChanges += other.significantChanges
        rowsRemovedByFilter += other.rowsRemovedByFilter
    }

    /// One paragraph for people: rows, categories, severity, problems.
    public var text: String {
        var parts = ["\(rows) rows"]
        let categoryText = ABICategory.allCases.compactMap { category in
            categories[category].map { "\($0) \(category.code)" }
        } + (uncategorised > 0 ? ["\(uncategorised) without category"] : [])
        if !categoryText.isEmpty { parts.append(categoryText.joined(separator: ", ")) }
        let severityText = PADSeverity.allCases.compactMap { severity in severities[severity].map { "\($0) \(severity.code)" } }
        if !severityText.isEmpty { parts.append("severity: " + severityText.joined(separator: ", ")) }
        parts.append("\(rowsOK) ok, \(rowsWithWarnings) with warnings, \(rowsWithErrors) with errors")
        if !problems.isEmpty {
            parts.append("problems: " + problems.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        if methods.keys.contains(where: { $0 != "unspecified" }) {
            parts.append("methods: " + methods.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        if subjects > 0 {
            parts.append("\(subjects) subjects, \(significantChanges) visits with a significant ABI change")
        }
        if blankLines > 0 { parts.append("\(blankLines) blank lines skipped") }
        return parts.joined(separator: "; ")
    }
}

/// Per-chunk counts in fixed arrays (no hashing per row), turned into a ``ScoreSummary`` once.
struct ScoreTally: Sendable {
    var rows = 0
    var removedByFilter = 0
    // `allCases` of a synthesised enum builds an array on every use: look the cases up once.
    let categoryCases = ABICategory.allCases
    let severityCases = PADSeverity.allCases
    let methodCases = MeasurementMethod.allCases
    /// Every per-row count in one fixed block (three array writes per row each checked for
    /// uniqueness cost more than the row's tally itself): statuses, categories, uncategorised,
    /// severities, methods and unspecified method, at the offsets below.
    private var counts = InlineArray<64, Int>(repeating: 0)
    private let categoryOffset = 3
    private var uncategorisedOffset: Int { categoryOffset + categoryCases.count }
    private var severityOffset: Int { uncategorisedOffset + 1 }
    private var methodOffset: Int { severityOffset + severityCases.count }

    init() {
        precondition(3 + categoryCases.count + 1 + severityCases.count + methodCases.count + 1 <= 64,
                     "ScoreTally.counts is too small for the cases")
    }

    var statuses: [Int] { [counts[0], counts[1], counts[2]] }
    var categories: [Int] { (0..<categoryCases.count).map { counts[categoryOffset + $0] } }
    var uncategorised: Int { counts[uncategorisedOffset] }
    var severities: [Int] { (0..<severityCases.count).map { counts[severityOffset + $0] } }
    /// By `MeasurementMethod.allCases`, then unspecified.
    var methods: [Int] { (0...methodCases.count).map { counts[methodOffset + $0] } }
    var significantChanges = 0
    /// Problem codes and their counts, in first-seen order: a handful of short codes, where a
    /// linear scan with `==` is cheaper than hashing a String per diagnostic.
    private var problemCounts: [(code: String, count: Int)] = []
    var problems: [String: Int] {
        var result: [String: Int] = [:]
        for (code, count) in problemCounts where count != 0 { result[code] = count }
        return result
    }

    /// Counts a row; its own diagnostics are counted apart, with ``countProblem(_:)``, as they are
    /// made (the visit-change pass recomputes a row, never its own diagnostics).
    mutating func add(_ row: ScoredRow) { count(row, by: 1) }

    /// Takes back a row counted before it was recomputed.
    mutating func remove(_ row: ScoredRow) { count(row, by: -1) }

    mutating func countProblem(_ code: String, by step: Int = 1) {
        if let index = problemCounts.firstIndex(where: { $0.code == code }) {
            problemCounts[index].count += step
        } else {
            problemCounts.append((code, step))
        }
    }

    private mutating func count(_ row: ScoredRow, by step: Int) {
        rows += step
        switch row.status {
        case .ok: counts[0] &+= step
        case .warning: counts[1] &+= step
        case .error: counts[2] &+= step
        }
        if let category = row.category {
            counts[categoryOffset &+ (categoryCases.firstIndex(of: category) ?? 0)] &+= step
        } else {
            counts[uncategorisedOffset] &+= step
        }
        if let severity = row.severity { counts[severityOffset &+ (severityCases.firstIndex(of: severity) ?? 0)] &+= step }
        counts[methodOffset &+ (row.method.flatMap { methodCases.firstIndex(of: $0) } ?? methodCases.count)] &+= step
        if row.changeIsSignificant { significantChanges += step }
        if let issue = row.changeIssue { countProblem(issue.code, by: step) }
    }

    func summary(blankLines: Int) -> ScoreSummary {
        var summary = ScoreSummary()
        summary.rows = rows
        summary.blankLines = blankLines
        summary.rowsRemovedByFilter = removedByFilter
        let statuses = self.statuses, categories = self.categories, severities = self.severities, methods = self.methods
        summary.rowsOK = statuses[0]
        summary.rowsWithWarnings = statuses[1]
        summary.rowsWithErrors = statuses[2]
        for (index, category) in ABICategory.allCases.enumerated() where categories[index] > 0 {
            summary.categories[category] = categories[index]
        }
        summary.uncategorised = uncategorised
        for (index, severity) in PADSeverity.allCases.enumerated() where severities[index] > 0 {
            summary.severities[severity] = severities[index]
        }
        for (index, method) in MeasurementMethod.allCases.enumerated() where methods[index] > 0 {
            summary.methods[method.code] = methods[index]
        }
        if let unspecified = methods.last, unspecified > 0 { summary.methods["unspecified"] = unspecified }
        summary.significantChanges = significantChanges
        summary.problems = problems
        return summary
    }
}
