import ABIIO
import ABIStatistics

/// The points and agreement statistics of a Bland-Altman plot: the statistics are ABIStatistics'
/// `BlandAltman` results, the numbers `abikit agree` prints.
public struct BlandAltmanFigureData: Sendable, Equatable {
    public let labelA: String
    public let labelB: String
    /// (a + b) / 2 and a - b per complete pair, in input order.
    public let means: [Double]
    public let differences: [Double]
    /// Bias with its t interval, limits with their exact intervals (Carkeet 2015); nil with fewer
    /// than 2 pairs.
    public let agreement: BlandAltmanResult?
    /// With a subject column and some subject with two pairs: Zou's (2013) MOVER limits, which the
    /// figure then draws instead of ``agreement``'s.
    public let repeatedMeasures: RepeatedMeasuresAgreementResult?
    public let notes: [FigureNote]

    /// The lines drawn: the bias and the two limits, each with the interval shaded.
    public var drawnLines: (bias: IntervalEstimate, lower: IntervalEstimate, upper: IntervalEstimate)? {
        if let rm = repeatedMeasures { return (IntervalEstimate(estimate: rm.bias, interval: nil), rm.lowerLimit, rm.upperLimit) }
        guard let ba = agreement else { return nil }
        return (ba.bias, IntervalEstimate(estimate: ba.lowerLimit.estimate, interval: ba.lowerLimitExact),
                IntervalEstimate(estimate: ba.upperLimit.estimate, interval: ba.upperLimitExact))
    }
}

/// `abikit plot bland-altman`: differences against means (Bland & Altman 1986).
public enum BlandAltmanFigure {
    public static let maximumPoints = 20_000

    /// Pairs with both values finite; others are left out with a note. The statistics come from
    /// `BlandAltman.analyse(_:_:level:limitCoverage:relative:)` and, with `subjects` and repeated
    /// pairs, `BlandAltman.repeatedMeasuresMOVER(subjects:differences:level:limitCoverage:)`, as in
    /// `abikit agree` (a blank subject id is a subject of its own).
    public static func compute(a: [Double], b: [Double], labelA: String, labelB: String, subjects: [String]? = nil) -> BlandAltmanFigureData {
        precondition(a.count == b.count, "columns must have equal length")
        precondition(subjects == nil || subjects!.count == a.count, "columns must have equal length")
        var means: [Double] = [], differences: [Double] = [], xs: [Double] = [], ys: [Double] = [], codes: [Int] = []
        var incomplete = 0, blankSubjects = 0
        var subjectCodes: [String: Int] = [:]
        for i in a.indices {
            guard a[i].isFinite, b[i].isFinite else { incomplete += 1; continue }
            xs.append(a[i]); ys.append(b[i])
            means.append((a[i] + b[i]) / 2)
            differences.append(a[i] - b[i])
            if let subjects {
                let id = subjects[i].trimmingASCIISpaces()
                if id.isEmpty { blankSubjects += 1; codes.append(-blankSubjects) } else if let code = subjectCodes[id] { codes.append(code) } else {
                    subjectCodes[id] = subjectCodes.count
                    codes.append(subjectCodes.count - 1)
                }
            }
        }
        var notes: [FigureNote] = []
        if incomplete > 0 { notes.append(.nonFiniteValuesOmitted(column: "\(labelA) or \(labelB)", count: incomplete)) }
        if means.isEmpty { notes.append(.noData) }
        var repeated: RepeatedMeasuresAgreementResult? = nil
        if subjects != nil, subjectCodes.count + blankSubjects < codes.count {
            repeated = BlandAltman.repeatedMeasuresMOVER(subjects: codes, differences: differences)
        }
        return BlandAltmanFigureData(labelA: labelA, labelB: labelB, means: means, differences: differences,
                                     agreement: BlandAltman.analyse(xs, ys), repeatedMeasures: repeated, notes: notes)
    }

    public static func render(_ result: BlandAltmanFigureData, options: FigureOptions) -> String {
        let drawn = result.drawnLines
        let count = result.means.count
        var yValues = result.differences
        if let drawn {
            for line in [drawn.bias, drawn.lower, drawn.upper] {
                for value in [line.estimate, line.interval?.lower ?? .nan, line.interval?.upper ?? .nan] where value.isFinite { yValues.append(value) }
            }
        }
        let xScale = NiceScale(minimum: result.means.min() ?? .nan, maximum: result.means.max() ?? .nan, tickCount: 8, padding: 0.02)
        let yScale = NiceScale(minimum: yValues.min() ?? .nan, maximum: yValues.max() ?? .nan, tickCount: 6, padding: 0.03)
        func f(_ value: Double) -> String { SVGNumber.attribute(value, decimals: 4) }
        func range(_ interval: ConfidenceInterval?) -> String { interval.map { " (95% CI \(f($0.lower)) to \(f($0.upper)))" } ?? "" }
        let title = options.title ?? "Bland-Altman: \(result.labelA) - \(result.labelB) (n = \(count))"
        var description = "Bland-Altman plot: difference (\(result.labelA) minus \(result.labelB)) against their mean for \(count) pairs."
        let limitsLabel: String
        if let rm = result.repeatedMeasures, let drawn {
            description += " \(rm.subjectCount) subjects with repeated pairs: bias \(f(drawn.bias.estimate)); 95% limits of agreement \(f(drawn.lower.estimate))\(range(drawn.lower.interval)) to \(f(drawn.upper.estimate))\(range(drawn.upper.interval)) (Zou 2013 MOVER)."
            limitsLabel = "limits of agreement (Zou 2013, repeated pairs)"
        } else if let drawn {
            description += " Bias \(f(drawn.bias.estimate))\(range(drawn.bias.interval)); 95% limits of agreement \(f(drawn.lower.estimate))\(range(drawn.lower.interval)) to \(f(drawn.upper.estimate))\(range(drawn.upper.interval)) (bias ± 1.96 SD, Bland & Altman 1986; exact limit CIs, Carkeet 2015)."
            limitsLabel = "limits of agreement (± 1.96 SD)"
        } else {
            description += " Too few pairs for limits of agreement."
            limitsLabel = "limits of agreement"
        }
        var chart = Chart(width: options.width, height: options.height, title: title, description: description,
                          xAxis: .init(title: "mean of \(result.labelA) and \(result.labelB)", ticks: .numeric(xScale)),
                          yAxis: .init(title: "\(result.labelA) - \(result.labelB)", ticks: .numeric(yScale)),
                          legend: [.init(label: "bias \(drawn.map { SVGNumber.attribute($0.bias.estimate, decimals: 3) } ?? "")", colour: Palette.blue, marker: .line(dash: nil)),
                                   .init(label: limitsLabel, colour: Palette.vermillion, marker: .line(dash: "6 3")),
                                   .init(label: "95% CIs", colour: Palette.skyBlue, marker: .swatch)],
                          notes: (result.notes + (count > maximumPoints ? [.pointsSampled(shown: maximumPoints, total: count)] : [])).lines)
        chart.beginData()
        let lines: [(Double, ConfidenceInterval?, String, String?)] = drawn.map { [
            ($0.bias.estimate, $0.bias.interval, Palette.blue, nil),
            ($0.lower.estimate, $0.lower.interval, Palette.vermillion, "6 3"),
            ($0.upper.estimate, $0.upper.interval, Palette.vermillion, "6 3"),
        ] } ?? []
        for (_, interval, _, _) in lines {
            if let interval {
                chart.document.rect(x: chart.left, y: chart.y(interval.upper), width: chart.right - chart.left,
                                    height: chart.y(interval.lower) - chart.y(interval.upper), style: .init(fill: Palette.skyBlue, opacity: 0.25))
            }
        }
        let stride = max(1, (result.means.count + maximumPoints - 1) / maximumPoints)
        for i in Swift.stride(from: 0, to: result.means.count, by: stride) {
            chart.document.circle(cx: chart.x(result.means[i]), cy: chart.y(result.differences[i]), r: 2.5,
                                  style: .init(fill: Palette.black, opacity: 0.5))
        }
        for (value, _, colour, dash) in lines where value.isFinite {
            chart.document.line(x1: chart.left, y1: chart.y(value), x2: chart.right, y2: chart.y(value),
                                style: .init(stroke: colour, strokeWidth: 2, dash: dash))
            chart.document.text(SVGNumber.attribute(value, decimals: 3), x: chart.right - 4, y: chart.y(value) - 4, anchor: .end,
                                fontSize: 11, fill: colour)
        }
        chart.endData()
        return chart.render()
    }
}
