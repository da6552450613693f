import ABICore
import ABIIO

/// What `abikit agree` compares, parsed from the command line.
public struct AgreeOptions: Sendable, Equatable {
    /// The index (new) method's column: differences are `a - b`.
    public var indexColumn: String?
    /// The reference method's column.
    public var referenceColumn: String?
    /// Subject identifiers when subjects contribute several pairs (legs, visits).
    public var subjectColumn: String?
    /// Diagnostic accuracy at this cut-off: positive when the ABI is at or below it (`score`'s rule).
    public var cutoff: PADCutoff?
    /// Percentage differences `100 (a - b) / mean(a, b)` for Bland-Altman.
    public var relative: Bool
    /// Columns of raters for the ICC (one row per target).
    public var raterColumns: [String]
    /// ICC of `indexColumn` and `referenceColumn` (with --icc) when no rater list is given.
    public var icc: Bool
    /// Confidence level of every interval.
    public var level: Double

    public init(indexColumn: String? = nil, referenceColumn: String? = nil, subjectColumn: String? = nil,
                cutoff: PADCutoff? = nil, relative: Bool = false, raterColumns: [String] = [], icc: Bool = false,
                level: Double = 0.95) {
        self.indexColumn = indexColumn
        self.referenceColumn = referenceColumn
        self.subjectColumn = subjectColumn
        self.cutoff = cutoff
        self.relative = relative
        self.raterColumns = raterColumns
        self.icc = icc
        self.level = level
    }
}

/// A problem with the options or the input that stops `agree` (the CLI maps it to exit 2).
public enum AgreeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither --a/--b nor --raters.
    case nothingToCompare
    /// Only one of --a and --b.
    case missingPartner(given: String)
    case tooFewRaters(Int)
    case duplicateColumn(String)
    /// The loader failed: an unknown column (listing the headers), an empty input, or a read error.
    case load(ColumnLoaderError, source: String)

    public var description: String {
        switch self {
        case .nothingToCompare: "nothing to compare: give --a and --b (index and reference columns) or --raters"
        case .missingPartner(let given): "\(given) needs its partner: give both --a (index) and --b (reference)"
        case .tooFewRaters(let count): "--raters needs at least 2 columns, got \(count)"
        case .duplicateColumn(let name): "column '\(name)' is given twice"
        case .load(let error, let source): "\(source): \(error.description)"
        }
    }
}
