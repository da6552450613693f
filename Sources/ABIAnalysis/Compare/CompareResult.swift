import ABIIO
import ABIStatistics

/// Which comparison an output row reports.
public enum CompareKind: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Paired, within a group: `to` against `from` (or post against pre).
    case within
    /// Two independent groups (on the change for paired designs).
    case between
    /// Three or more independent groups: the omnibus tests.
    case omnibus
    /// One pair of three or more groups.
    case pairwise
    /// The ANCOVA follow-up ~ group + baseline: one row per group against the reference group.
    case ancova
}

/// A typed note on a row or on the whole result.
public enum CompareNote: Sendable, Equatable, Hashable {
    /// Subjects without a value at one (or both) of the two times, left out of the pairs (the first
    /// 10 names kept): on the result for the measure, and on each within row for its group.
    case missingTime(measure: String, count: Int, subjects: [String])
    /// More pairs (or, for independent groups, values) than subjects (two legs): the paired and group
    /// tests treat them as independent; use `--aggregate mean` (or the ANCOVA, which clusters by subject).
    case clusteredPairs(pairs: Int, subjects: Int)
    /// Subjects with different numbers of values at the two times (legs without a partner dropped).
    case unmatchedLegs(subjects: Int)
    /// A subject whose rows carry more than one `--by` level (its first level is used).
    case inconsistentGroup(subject: String)
    /// Rows (kept by `--where`) with a blank value in a `--by` or `--group` column: a missing group
    /// is not a group, so they are left out of every comparison and counted here.
    case ungroupedRows(columns: [String], count: Int)
    /// The rank test used the normal approximation because of ties or zeros (or size).
    case rankTestApproximate
    /// A test or effect size could not be computed (too few values, zero variance).
    case undefined(what: String)
    /// The ANCOVA used cluster-robust standard errors by subject.
    case clusterRobust(clusters: Int)
    /// The p-value family: its kind, size and adjustment method.
    case family(kind: CompareKind, size: Int, adjustment: PValueAdjustment)

    /// A short code with its numbers, as the output's notes column shows it.
    public var code: String {
        switch self {
        case .missingTime(let measure, let count, let subjects):
            return "missing_time(\(measure): \(count) subjects: \(subjects.joined(separator: " "))\(count > subjects.count ? " ..." : ""))"
        case .clusteredPairs(let pairs, let subjects): return "clustered_pairs(\(pairs) values from \(subjects) subjects)"
        case .unmatchedLegs(let subjects): return "unmatched_legs(\(subjects) subjects)"
        case .inconsistentGroup(let subject): return "inconsistent_group(\(subject))"
        case .ungroupedRows(let columns, let count): return "ungrouped_rows(\(columns.joined(separator: ", ")): \(count) rows)"
        case .rankTestApproximate: return "rank_test_normal_approximation"
        case .undefined(let what): return "undefined(\(what))"
        case .clusterRobust(let clusters): return "cluster_robust_se(\(clusters) subjects)"
        case .family(let kind, let size, let adjustment): return "family(\(kind.rawValue): \(size) tests, \(adjustment.rawValue))"
        }
    }
}

/// One output row: one measure x one comparison, with every statistic. Missing values are NaN
/// (rendered blank); names are empty when not applicable.
public struct CompareRow: Sendable, Equatable {
    public var measure: String
    public var comparison: CompareKind
    /// The group (within) or first group (between, pairwise, ancova); "all" without groups.
    public var group: String
    /// The second group, for between, pairwise and ancova rows (the reference level for ancova).
    public var versus: String
    /// Pairs (within) or values in both groups (between) or in all groups (omnibus).
    public var count: Int
    public var secondCount: Int
    /// Within: mean at `from` and at `to`. Between: mean (change) of each group.
    public var firstMean: Double
    public var secondMean: Double
    /// Within: mean change. Between/pairwise: difference (group - versus) in mean (change).
    /// ANCOVA: the adjusted difference. Omnibus: NaN.
    public var estimate: Double
    /// SD of the changes (within); NaN otherwise.
    public var standardDeviation: Double
    public var standardError: Double
    public var confidenceInterval: ConfidenceInterval?
    public var test: String
    public var statistic: Double
    public var degreesOfFreedom: Double
    /// The denominator degrees of freedom of an F test.
    public var secondDegreesOfFreedom: Double
    public var pValue: Double
    public var adjustedPValue: Double
    public var rankTest: String
    public var rankStatistic: Double
    public var rankPValue: Double
    public var adjustedRankPValue: Double
    public var effect: String
    public var effectSize: Double
    public var effectInterval: ConfidenceInterval?
    public var secondEffect: String
    public var secondEffectSize: Double
    public var secondEffectInterval: ConfidenceInterval?
    public var notes: [CompareNote]

    init(measure: String, comparison: CompareKind, group: String, versus: String = "") {
        self.measure = measure
        self.comparison = comparison
        self.group = group
        self.versus = versus
        count = 0; secondCount = 0
        firstMean = .nan; secondMean = .nan; estimate = .nan; standardDeviation = .nan; standardError = .nan
        confidenceInterval = nil
        test = ""; statistic = .nan; degreesOfFreedom = .nan; secondDegreesOfFreedom = .nan; pValue = .nan; adjustedPValue = .nan
        rankTest = ""; rankStatistic = .nan; rankPValue = .nan; adjustedRankPValue = .nan
        effect = ""; effectSize = .nan; effectInterval = nil
        secondEffect = ""; secondEffectSize = .nan; secondEffectInterval = nil
        notes = []
    }
}

/// The result of `CompareEngine.run`.
public struct CompareResult: Sendable, Equatable {
    public let rows: [CompareRow]
    /// Notes on the whole run (missing times, inconsistent groups).
    public let notes: [CompareNote]
    /// Input rows read and rows kept by `--where`.
    public let inputRowCount: Int
    public let keptRowCount: Int
    public let pValueAdjustment: PValueAdjustment
    public let level: Double
}

/// A problem with the options or the data that stops the comparison.
public enum CompareError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingColumn(String)
    case wrongColumnKind(column: String, expected: String)
    case invalidOption(String)
    case noData(String)
    case filter(RowFilterError)

    public var description: String {
        switch self {
        case .missingColumn(let name): return "no column '\(name)'"
        case .wrongColumnKind(let column, let expected): return "column '\(column)': expected \(expected)"
        case .invalidOption(let message): return message
        case .noData(let message): return message
        case .filter(let error): return error.description
        }
    }
}
