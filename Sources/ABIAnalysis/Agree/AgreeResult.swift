import ABICore
import ABIStatistics

/// How many cells of one column could not be used, by reason.
public struct UnusableCount: Sendable, Equatable {
    public let column: String
    public let reason: UnusableReason
    public let count: Int
}

/// A cell read as a device error, for the message that names it.
public struct DeviceErrorCell: Sendable, Equatable {
    /// 1-based data record (the header is not counted; blank lines are not records).
    public let dataRow: Int
    public let column: String
    public let text: String
}

/// Why an analysis was not done, or what its reader should know.
public enum AgreeNote: Sendable, Equatable {
    /// Shapiro-Wilk p < 0.05 on the differences: the limits assume normality (Bland & Altman 1999).
    case differencesNotNormal(pValue: Double)
    /// The slope of difference on mean differs from 0 (p < 0.05): the bias depends on the level.
    case proportionalBias(pValue: Double)
    /// Subjects contribute several pairs: the plain limits are too narrow; use the repeated-measures ones.
    case repeatedPairs(subjects: Int, pairs: Int)
    /// Too few usable pairs for Bland-Altman (needs 2).
    case tooFewPairs(Int)
    /// The reference has no positives or no negatives at the cut-off: no ROC, undefined proportions.
    case referenceOneClass
    /// Several thresholds share the best Youden J; the lowest is reported.
    case youdenTies(Int)
    /// Rows whose cells are ABI category words in one column and numbers in the other are not compared.
    case mixedCategoriesAndNumbers(Int)
    /// Shapiro-Wilk is defined for 3 to 5000 values (Royston 1995); normality was not tested.
    case normalityNotTested(count: Int)
    /// ICC not computed: fewer than 2 complete targets or no residual variance.
    case iccUndefined
}

/// Everything `abikit agree` computes from one input.
public struct AgreeResult: Sendable, Equatable {
    public let source: String
    public let indexColumn: String?
    public let referenceColumn: String?
    public let subjectColumn: String?
    /// Data rows read.
    public let rowCount: Int
    /// Rows with a usable value on both sides (numbers, or categories for kappa).
    public let usablePairCount: Int
    /// Rows left out because a side is unusable (each row once).
    public let excludedPairCount: Int
    /// Unusable cells per column and reason (a row with both sides unusable counts in both columns).
    public let unusable: [UnusableCount]
    /// The first ``AgreeEngine/maximumReportedCells`` device-error cells, in input order per column.
    public let deviceErrorCells: [DeviceErrorCell]
    /// Bland-Altman on the numeric pairs (differences index - reference).
    public let blandAltman: BlandAltmanResult?
    /// Bland & Altman 2007 limits (point estimates) with several pairs per subject.
    public let repeatedMeasures: RepeatedMeasuresAgreementResult?
    /// Zou 2013 limits with MOVER confidence intervals, same data.
    public let repeatedMeasuresMOVER: RepeatedMeasuresAgreementResult?
    public let concordance: ConcordanceCorrelationResult?
    public let cutoff: PADCutoff?
    /// Accuracy of the index against the reference at the cut-off.
    public let diagnostic: DiagnosticAccuracyResult?
    /// Cross-table of ABI categories, rows index, columns reference, in ``categoryOrder``.
    public let categoryTable: [[Int]]?
    /// Unweighted, linear and quadratic kappa on the categories (when defined).
    public let categoryKappa: [KappaResult]
    public let roc: ROCResult?
    public let icc: IntraclassCorrelationResult?
    public let iccColumns: [String]
    public let iccExcludedTargets: Int
    public let level: Double
    public let notes: [AgreeNote]

    /// Ordered ABI categories (low ABI first), the order of weighted kappa.
    public static let categoryOrder: [ABICategory] = [.abnormal, .borderline, .normal, .noncompressible]
}
