import ABICore
import ABIStatistics
import ABIIO

/// A trend method of `abikit trend --method`.
public enum TrendMethod: String, Sendable, CaseIterable {
    case ols
    case theilSen = "theil-sen"
    case mannKendall = "mann-kendall"
    case its
}

/// The unit of the time axis when times are dates (`--time-unit`).
public enum TrendTimeUnit: String, Sendable, CaseIterable {
    case years, days, weeks

    /// Days per unit: a year is 365.25 days (docs/statistics.md).
    public var days: Double {
        switch self {
        case .years: 365.25
        case .days: 1
        case .weeks: 7
        }
    }
}

/// Where a measure's values come from.
public enum TrendMeasureSource: Sendable, Equatable {
    /// A numeric column (0-based).
    case column(Int)
    /// Patient ABI computed from the pressure columns with the rules of `score` (ABICore).
    case computedABI
}

/// One measure to trend.
public struct TrendMeasure: Sendable, Equatable {
    public var name: String
    public var source: TrendMeasureSource
    public init(name: String, source: TrendMeasureSource) {
        self.name = name
        self.source = source
    }
}

/// The intervention time of an interrupted time series.
public enum TrendIntervention: Sendable, Equatable {
    case none
    /// One time for every subject (`--intervention`), read like a time cell.
    case fixed(TrendTimeValue)
    /// Per subject from a column (`--intervention-column`): the subject's first non-missing value.
    case column(Int)
}

/// Everything `trend` needs to know about a file and the analysis.
public struct TrendConfiguration: Sendable {
    public var headers: [String]
    public var subjectColumn: Int
    public var timeColumn: Int
    public var groupColumns: [Int]
    public var measures: [TrendMeasure]
    public var methods: [TrendMethod]
    /// Confidence level of every interval; 1 - level is the significance level of the summary.
    public var level: Double
    public var timeUnit: TrendTimeUnit
    /// Subjects with fewer usable points get status `insufficient_data`.
    public var minimumPoints: Int
    public var dateFormat: TrendDateFormat
    public var intervention: TrendIntervention
    public var mannKendallVariant: MannKendallResult.Variant
    /// Newey-West lags for the interrupted time series (nil: ordinary standard errors).
    public var neweyWestLags: Int?
    /// Pressure columns and rules for `--measure abi` without an `abi` column.
    public var scoreLayout: ScoreLayout?
    public var decimalMark: CSVDialect.DecimalMark
    public var threads: Int
    /// `--where`: records it does not keep are left out before anything is read from them (counted).
    public var rowFilter: BoundRowFilter? = nil

    public init(headers: [String], subjectColumn: Int, timeColumn: Int, groupColumns: [Int], measures: [TrendMeasure],
                methods: [TrendMethod], level: Double, timeUnit: TrendTimeUnit, minimumPoints: Int,
                dateFormat: TrendDateFormat, intervention: TrendIntervention,
                mannKendallVariant: MannKendallResult.Variant, neweyWestLags: Int?, scoreLayout: ScoreLayout?,
                decimalMark: CSVDialect.DecimalMark, threads: Int) {
        precondition(level > 0 && level < 1, "level must be in (0, 1)")
        precondition(threads >= 1 && minimumPoints >= 1, "threads and minimumPoints must be positive")
        self.headers = headers
        self.subjectColumn = subjectColumn
        self.timeColumn = timeColumn
        self.groupColumns = groupColumns
        self.measures = measures
        self.methods = methods
        self.level = level
        self.timeUnit = timeUnit
        self.minimumPoints = minimumPoints
        self.dateFormat = dateFormat
        self.intervention = intervention
        self.mannKendallVariant = mannKendallVariant
        self.neweyWestLags = neweyWestLags
        self.scoreLayout = scoreLayout
        self.decimalMark = decimalMark
        self.threads = threads
    }

    /// Only OLS: per-subject accumulators, memory grows with subjects, not rows.
    public var streamsAccumulators: Bool { methods == [.ols] }

    /// Every column a record's cells are read from: subject, time, groups, intervention, the
    /// `--where` filter's columns and the measures' (pressure columns for a computed ABI).
    var columnsReadList: [Int] {
        var columns = [subjectColumn, timeColumn] + groupColumns
        if case .column(let column) = intervention { columns.append(column) }
        if let rowFilter { columns += 0..<rowFilter.fieldsRead }
        for measure in measures {
            switch measure.source {
            case .column(let column): columns.append(column)
            case .computedABI: columns += scoreLayout?.pressureColumns.map(\.column) ?? []
            }
        }
        return columns
    }

    /// How many leading columns a record must be split into: every column read is before this.
    public var columnsRead: Int { columnsReadList.max()! + 1 }

    /// The columns below 64 a record's fields are read from, bit i for column i (what
    /// `CSVRecordParser.wantedColumns` stores): the fields in between are only counted.
    public var columnsReadMask: UInt64 {
        columnsReadList.reduce(0) { mask, column in (0..<64).contains(column) ? mask | 1 << UInt64(column) : mask }
    }

    /// The ABI measure's index, whose visit-to-visit changes are counted (docs/clinical-rules.md: >= 0.15).
    public var abiMeasureIndex: Int? {
        measures.firstIndex { $0.source == .computedABI || $0.name.lowercased() == "abi" }
    }
}

/// A problem with its place in the input.
public struct TrendProblem: Sendable, Equatable, Error {
    public var line: Int
    public var column: Int?
    public var message: String

    public init(line: Int, column: Int?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: message`.
    public func formatted(file: String) -> String {
        "\(file):\(line)" + (column.map { ":\($0)" } ?? "") + ": " + message
    }

    /// `FILE:LINE:COLUMN: severity: message`, the form every command's diagnostics take.
    public func formatted(file: String, severity: String) -> String {
        "\(file):\(line)" + (column.map { ":\($0)" } ?? "") + ": \(severity): " + message
    }
}

/// Why `trend` could not run.
public enum TrendError: Error, Sendable {
    /// A cell that makes the analysis impossible (a non-ISO date without `--date-format`,
    /// dates mixed with numbers): a usage error.
    case input(TrendProblem)
    /// The input could not be read.
    case read(CSVError)
    /// Writing failed.
    case output(OutputError)
}
