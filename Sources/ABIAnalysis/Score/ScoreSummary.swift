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
    var statuses = [0, 0, 0]
    var categories: [Int]
    var uncategorised = 0
    var severities: [Int]
    var methods: [Int]
    // `allCases` of a synthesised enum builds an array on every use: look the cases up once.
    let categoryCases = ABICategory.allCases
    let severityCases = PADSeverity.allCases
    let methodCases = MeasurementMethod.allCases

    init() {
        categories = [Int](repeating: 0, count: categoryCases.count)
        severities = [Int](repeating: 0, count: severityCases.count)
        methods = [Int](repeating: 0, count: methodCases.count + 1)
    }
    var significantChanges = 0
    var problems: [String: Int] = [:]

    /// Counts a row; its own diagnostics are counted apart, with ``countProblem(_:)``, as they are
    /// made (the visit-change pass recomputes a row, never its own diagnostics).
    mutating func add(_ row: ScoredRow) { count(row, by: 1) }

    /// Takes back a row counted before it was recomputed.
    mutating func remove(_ row: ScoredRow) { count(row, by: -1) }

    mutating func countProblem(_ code: String, by step: Int = 1) {
        let total = problems[code, default: 0] + step
        problems[code] = total == 0 ? nil : total
    }

    private mutating func count(_ row: ScoredRow, by step: Int) {
        rows += step
        switch row.status {
        case .ok: statuses[0] += step
        case .warning: statuses[1] += step
        case .error: statuses[2] += step
        }
        if let category = row.category {
            categories[categoryCases.firstIndex(of: category) ?? 0] += step
        } else {
            uncategorised += step
        }
        if let severity = row.severity { severities[severityCases.firstIndex(of: severity) ?? 0] += step }
        methods[row.method.flatMap { methodCases.firstIndex(of: $0) } ?? methodCases.count] += step
        if row.changeIsSignificant { significantChanges += step }
        if let issue = row.changeIssue { countProblem(issue.code, by: step) }
    }

    func summary(blankLines: Int) -> ScoreSummary {
        var summary = ScoreSummary()
        summary.rows = rows
        summary.blankLines = blankLines
        summary.rowsRemovedByFilter = removedByFilter
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
