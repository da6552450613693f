import ABICore
import ABIIO

/// The figure kinds of `abikit plot`.
public enum FigureKind: String, Sendable, Equatable, CaseIterable {
    case abiDistribution = "abi-distribution"
    case categories
    case trajectories
    case box
    case blandAltman = "bland-altman"
    case forest
    case roc

    /// Whether the figure needs ABI scores (from an `abi` column, or by scoring a raw file).
    public var needsScores: Bool { self == .abiDistribution || self == .categories }
}

/// What to draw: the kind, its columns and options.
public struct FigureRequest: Sendable, Equatable {
    public var kind: FigureKind
    public var figure = FigureOptions()
    /// Scoring rules (cut-offs drawn, per-leg categories).
    public var scoring = ScoringOptions()
    /// Prefix of the score columns (`abi`, `category`, ...) in the input, as `abikit score` adds it.
    public var scorePrefix = ""
    /// Per-leg values instead of patient values.
    public var perLeg = false
    /// Group columns (categories, trajectories, box): one series per combination of their values
    /// (``ByGroups``: "C / male"); empty for one series.
    public var by: [String] = []
    public var subject: String?
    public var time: String?
    public var measure: String?
    /// How the trajectories' time column reads dates that are not ISO (`--date-format`).
    public var dateFormat = DateFormat.iso
    public var maximumSubjects = 200
    public var seed: UInt64 = 1
    public var columnA: String?
    public var columnB: String?
    public var score: String?
    public var reference: String?
    public var positive = "1"
    /// ROC: lower scores indicate the positive class (ABI and PAD).
    public var lowerIsPositive = false
    public var nullValue = 0.0

    public init(kind: FigureKind) { self.kind = kind }
}

public enum FigureRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A column option the kind needs was not given.
    case missingOption(kind: FigureKind, option: String)
    public var description: String {
        switch self {
        case .missingOption(let kind, let option): return "plot \(kind.rawValue) needs \(option)"
        }
    }
}

/// A drawn figure and its notes.
public struct FigureOutput: Sendable, Equatable {
    public let svg: String
    public let notes: [FigureNote]
}

/// Turns a request and loaded columns into a figure: which columns each kind reads, then the
/// kind's compute and render.
public enum FigureEngine {
    /// The columns `request` reads, in order; `isPresent` says whether an optional column (the
    /// `category` beside a patient `abi`) exists in the input.
    public static func columns(for request: FigureRequest, isPresent: (String) -> Bool = { _ in true }) throws(FigureRequestError) -> [ColumnLoader.Request] {
        func need(_ value: String?, _ option: String) throws(FigureRequestError) -> String {
            guard let value, !value.isEmpty else { throw .missingOption(kind: request.kind, option: option) }
            return value
        }
        let p = request.scorePrefix
        let group = request.by.map { ColumnLoader.Request.categorical($0) }
        switch request.kind {
        case .abiDistribution:
            if request.perLeg { return [.numeric(p + "abi_left"), .numeric(p + "abi_right")] }
            return [.numeric(p + "abi")] + (isPresent(p + "category") ? [.categorical(p + "category")] : [])
        case .categories:
            if request.perLeg { return [.numeric(p + "abi_left"), .numeric(p + "abi_right")] }
            return [.categorical(p + "category"), .categorical(p + "severity")] + group
        case .trajectories:
            // The time as text: numbers, or dates (converted in `draw`, as `trend` converts them).
            return [.categorical(try need(request.subject, "--subject")), .categorical(try need(request.time, "--time")),
                    .numeric(try need(request.measure, "--measure"))] + group
        case .box:
            return [.numeric(try need(request.measure, "--measure"))] + group + (request.time.map { [.categorical($0)] } ?? [])
        case .blandAltman:
            return [.numeric(try need(request.columnA, "--a")), .numeric(try need(request.columnB, "--b"))]
                + (request.subject.map { [.categorical($0)] } ?? [])
        case .forest:
            return [.categorical("term"), .numeric("estimate"), .numeric("ci_low"), .numeric("ci_high")]
        case .roc:
            return [.numeric(try need(request.score, "--score")), .categorical(try need(request.reference, "--reference"))]
        }
    }

    /// Draws the figure from `columns` (loaded with ``columns(for:isPresent:)``; for `forest`, optional
    /// `model` and `group` columns may follow and then prefix the labels when they vary).
    public static func draw(_ request: FigureRequest, columns: LoadedColumns, notes: [FigureNote] = []) -> FigureOutput {
        func numbers(_ i: Int) -> [Double] {
            if case .numeric(let values) = columns.columns[i] { return values }
            return []
        }
        func texts(_ i: Int) -> [String] {
            if case .categorical(let values) = columns.columns[i] { return values }
            return []
        }
        /// The rows' group names from the `by` columns loaded from index `start` on; nil without `by`.
        func groups(from start: Int) -> [String]? {
            guard !request.by.isEmpty else { return nil }
            return ByGroups(columns: request.by, values: (start..<start + request.by.count).map(texts)).labels
        }
        let names = columns.names
        let options = request.figure
        switch request.kind {
        case .abiDistribution:
            let values = request.perLeg ? numbers(0) + numbers(1) : numbers(0)
            let categories = !request.perLeg && columns.columns.count > 1 ? texts(1) : nil
            let result = ABIDistributionFigure.compute(values: values, categories: categories, measure: request.perLeg ? "leg ABI (left and right)" : "patient ABI",
                                                       options: request.scoring, notes: notes)
            return FigureOutput(svg: ABIDistributionFigure.render(result, options: options), notes: result.notes)
        case .categories:
            var result = request.perLeg
                ? CategoryCountsFigure.computeLegs(abiLeft: numbers(0), abiRight: numbers(1), options: request.scoring)
                : CategoryCountsFigure.compute(categories: texts(0), severities: texts(1), groups: groups(from: 2))
            result = result.adding(notes: notes)
            return FigureOutput(svg: CategoryCountsFigure.render(result, options: options), notes: result.notes)
        case .trajectories:
            let subjects = texts(0)
            let (times, timeLabel, meanResolution) = TrajectoriesFigure.times(texts(1), subjects: subjects, column: names[1],
                                                                                     format: request.dateFormat)
            let result = TrajectoriesFigure.compute(subjects: subjects, times: times, values: numbers(2),
                                                    groups: groups(from: 3), measure: names[2], timeLabel: timeLabel,
                                                    subjectLabel: names[0], maximumSubjects: request.maximumSubjects, seed: request.seed,
                                                    meanResolution: meanResolution)
            return FigureOutput(svg: TrajectoriesFigure.render(result, options: options), notes: result.notes)
        case .box:
            let times = request.time == nil ? nil : texts(1 + request.by.count)
            let result = BoxPlotFigure.compute(values: numbers(0), groups: groups(from: 1), times: times, measure: names[0])
            return FigureOutput(svg: BoxPlotFigure.render(result, options: options, timeLabel: request.time ?? "",
                                                          groupLabel: request.by.joined(separator: ByGroups.separator)),
                                notes: result.notes)
        case .blandAltman:
            let result = BlandAltmanFigure.compute(a: numbers(0), b: numbers(1), labelA: names[0], labelB: names[1],
                                                   subjects: request.subject == nil ? nil : texts(2))
            return FigureOutput(svg: BlandAltmanFigure.render(result, options: options), notes: result.notes)
        case .forest:
            var labels = texts(0)
            for name in ["group", "model"] {
                guard let extra = names.lastIndex(of: name), extra >= 4 else { continue }
                let prefix = texts(extra)
                if Set(prefix).count > 1 { labels = zip(prefix, labels).map { $0.isEmpty ? $1 : "\($0): \($1)" } }
            }
            let result = ForestFigure.compute(labels: labels, estimates: numbers(1), lower: numbers(2), upper: numbers(3),
                                              nullValue: request.nullValue)
            return FigureOutput(svg: ForestFigure.render(result, options: options), notes: result.notes)
        case .roc:
            let result = ROCFigure.compute(scores: numbers(0), reference: texts(1), positive: request.positive, lowerIsPositive: request.lowerIsPositive,
                                           scoreLabel: names[0], referenceLabel: names[1])
            return FigureOutput(svg: ROCFigure.render(result, options: options), notes: result.notes)
        }
    }
}

extension CategoryCountsResult {
    func adding(notes extra: [FigureNote]) -> CategoryCountsResult {
        guard !extra.isEmpty else { return self }
        return CategoryCountsResult(groups: groups, categoryCounts: categoryCounts, uncategorised: uncategorised,
                                    severities: severities, severityCounts: severityCounts, unit: unit, notes: extra + notes)
    }
}
