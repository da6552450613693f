import ABIIO
import ABIStatistics

/// The empirical ROC curve of a score against a binary reference, its area and the area's DeLong
/// interval: all from ABIStatistics' `ROCCurve` (the numbers `abikit agree` prints).
public struct ROCFigureData: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        /// The cut-off between two distinct scores (pROC's midpoints; ±infinity at the corners):
        /// scores above it (below it, when lower is positive) are called positive.
        public let threshold: Double
        public let falsePositiveRate: Double
        public let truePositiveRate: Double
    }

    public let scoreLabel: String
    public let lowerIsPositive: Bool
    public let positives: Int
    public let negatives: Int
    /// From (0, 0) to (1, 1), one point per distinct score (ties move diagonally).
    public let points: [Point]
    /// The Mann-Whitney AUC, P(X+ > X-) + P(X+ = X-)/2 (Bamber 1975; Hanley & McNeil 1982), equal to
    /// the trapezoidal area under ``points``; NaN without both classes.
    public let areaUnderCurve: Double
    /// The DeLong (1988) 95% interval of the AUC, clipped to [0, 1] as pROC does; nil with a single
    /// positive or negative.
    public let areaInterval: ConfidenceInterval?
    /// The statistics the figure draws (nil without both classes).
    public let roc: ROCResult?
    public let notes: [FigureNote]
}

/// `abikit plot roc`.
public enum ROCFigure {
    /// The ROC of `scores` against `reference` (higher scores are called positive; with
    /// `lowerIsPositive`, lower ones, as for ABI and disease: pROC's `direction = ">"`), where rows equal to
    /// `positive` are positive and to `negative` negative (other non-empty levels, missing labels and
    /// non-finite scores are left out with notes). With `negative` nil, every other non-empty level is
    /// negative. The curve, AUC and its interval come from `ROCCurve.analyse(index:isCase:level:)`
    /// (on the negated scores when higher is positive, which leaves the curve and AUC unchanged).
    public static func compute(scores: [Double], reference: [String], positive: String, negative: String? = nil,
                               lowerIsPositive: Bool = false, scoreLabel: String, referenceLabel: String) -> ROCFigureData {
        precondition(scores.count == reference.count, "columns must have equal length")
        var index: [Double] = [], isCase: [Bool] = []
        var nonFinite = 0, missing = 0, other = 0
        for i in scores.indices {
            let level = reference[i]
            if level.isEmpty { missing += 1; continue }
            let isPositive = level == positive
            if !isPositive, let negative, level != negative { other += 1; continue }
            guard scores[i].isFinite else { nonFinite += 1; continue }
            index.append(lowerIsPositive ? scores[i] : -scores[i])
            isCase.append(isPositive)
        }
        var notes: [FigureNote] = []
        if missing > 0 { notes.append(.missingValuesOmitted(column: referenceLabel, count: missing)) }
        if other > 0 { notes.append(.unexpectedLevelsOmitted(column: referenceLabel, count: other)) }
        if nonFinite > 0 { notes.append(.nonFiniteValuesOmitted(column: scoreLabel, count: nonFinite)) }
        let positives = isCase.filter { $0 }.count, negatives = isCase.count - positives
        guard let roc = ROCCurve.analyse(index: index, isCase: isCase, level: 0.95) else {
            notes.append(.noData)
            return ROCFigureData(scoreLabel: scoreLabel, lowerIsPositive: lowerIsPositive, positives: positives, negatives: negatives,
                                 points: [], areaUnderCurve: .nan, areaInterval: nil, roc: nil, notes: notes)
        }
        let points = roc.points.map {
            ROCFigureData.Point(threshold: lowerIsPositive ? $0.threshold : -$0.threshold,
                                falsePositiveRate: 1 - $0.specificity, truePositiveRate: $0.sensitivity)
        }
        return ROCFigureData(scoreLabel: scoreLabel, lowerIsPositive: lowerIsPositive, positives: positives, negatives: negatives,
                             points: points, areaUnderCurve: roc.auc, areaInterval: roc.interval, roc: roc, notes: notes)
    }

    public static func render(_ result: ROCFigureData, options: FigureOptions) -> String {
        let scale = NiceScale(minimum: 0, maximum: 1, tickCount: 6)
        var auc = result.areaUnderCurve.isFinite ? SVGNumber.label(result.areaUnderCurve, decimals: 3) : "not defined"
        if let interval = result.areaInterval {
            auc += " (95% CI \(SVGNumber.label(interval.lower, decimals: 3)) to \(SVGNumber.label(interval.upper, decimals: 3)))"
        }
        let title = options.title ?? "ROC: \(result.scoreLabel), AUC \(auc)"
        let description = "Empirical ROC curve of \(result.scoreLabel): \(result.positives) positives, \(result.negatives) negatives, \(result.points.count) points, \(result.lowerIsPositive ? "lower" : "higher") scores called positive; Mann-Whitney AUC \(auc), CI by DeLong, DeLong & Clarke-Pearson 1988."
        var chart = Chart(width: options.width, height: options.height, title: title, description: description,
                          xAxis: .init(title: "1 - specificity (false positive rate)", ticks: .numeric(scale)),
                          yAxis: .init(title: "sensitivity (true positive rate)", ticks: .numeric(scale)),
                          legend: [.init(label: "ROC, AUC \(auc)", colour: Palette.blue, marker: .line(dash: nil)),
                                   .init(label: "chance", colour: Palette.neutral, marker: .line(dash: "6 3"))],
                          notes: result.notes.lines)
        chart.beginData()
        chart.document.line(x1: chart.x(0), y1: chart.y(0), x2: chart.x(1), y2: chart.y(1), style: .init(stroke: Palette.neutral, strokeWidth: 1, dash: "6 3"))
        chart.document.polyline(result.points.map { (chart.x($0.falsePositiveRate), chart.y($0.truePositiveRate)) },
                                style: .init(stroke: Palette.blue, strokeWidth: 2.5))
        chart.endData()
        return chart.render()
    }
}
