import ABIIO

/// Estimates with confidence intervals, one row per term.
public struct ForestResult: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public let label: String
        public let estimate: Double
        public let lower: Double
        public let upper: Double
    }

    /// Rows in input order (drawn top to bottom).
    public let rows: [Row]
    /// The no-effect value marked by a vertical line (0 for differences and coefficients).
    public let nullValue: Double
    public let notes: [FigureNote]
}

/// `abikit plot forest`: from a table with `term`, `estimate`, `ci_low`, `ci_high` columns (the
/// output of `abikit regress`; `model` and `group` columns, when present and varying, prefix labels).
public enum ForestFigure {
    public static let maximumRows = 60

    public static func compute(labels: [String], estimates: [Double], lower: [Double], upper: [Double],
                               nullValue: Double = 0) -> ForestResult {
        precondition(labels.count == estimates.count && estimates.count == lower.count && lower.count == upper.count,
                     "columns must have equal length")
        var rows: [ForestResult.Row] = []
        var incomplete = 0
        for i in labels.indices {
            guard estimates[i].isFinite, lower[i].isFinite, upper[i].isFinite else { incomplete += 1; continue }
            rows.append(.init(label: labels[i], estimate: estimates[i], lower: lower[i], upper: upper[i]))
        }
        var notes: [FigureNote] = []
        if incomplete > 0 { notes.append(.nonFiniteValuesOmitted(column: "estimate or CI", count: incomplete)) }
        if rows.count > maximumRows {
            notes.append(.pointsSampled(shown: maximumRows, total: rows.count))
            rows.removeSubrange(maximumRows...)
        }
        if rows.isEmpty { notes.append(.noData) }
        return ForestResult(rows: rows, nullValue: nullValue, notes: notes)
    }

    public static func render(_ result: ForestResult, options: FigureOptions, estimateLabel: String = "estimate (95% CI)") -> String {
        let values = result.rows.flatMap { [$0.lower, $0.upper] } + [result.nullValue]
        let xScale = NiceScale(minimum: values.min() ?? 0, maximum: values.max() ?? 1, tickCount: 7)
        // Top to bottom: the first row in the highest band.
        let labels = result.rows.reversed().map(\.label)
        let title = options.title ?? "Estimates with 95% confidence intervals"
        let description = "Forest plot: " + result.rows.map {
            "\($0.label) \(SVGNumber.attribute($0.estimate, decimals: 4)) (\(SVGNumber.attribute($0.lower, decimals: 4)) to \(SVGNumber.attribute($0.upper, decimals: 4)))"
        }.joined(separator: "; ") + "."
        var chart = Chart(width: options.width, height: options.height, title: title, description: description,
                          xAxis: .init(title: estimateLabel, ticks: .numeric(xScale)),
                          yAxis: .init(title: "", ticks: .categorical(labels)), notes: result.notes.lines)
        chart.beginData()
        chart.document.line(x1: chart.x(result.nullValue), y1: chart.top, x2: chart.x(result.nullValue), y2: chart.bottom,
                            style: .init(stroke: Palette.neutral, strokeWidth: 1, dash: "6 3"))
        for (index, row) in result.rows.enumerated() {
            let centre = chart.y(Double(result.rows.count - 1 - index) + 0.5)
            chart.document.line(x1: chart.x(row.lower), y1: centre, x2: chart.x(row.upper), y2: centre,
                                style: .init(stroke: Palette.blue, strokeWidth: 2))
            let size = min(5, chart.yBandHeight * 0.3)
            chart.document.rect(x: chart.x(row.estimate) - size, y: centre - size, width: 2 * size, height: 2 * size,
                                style: .init(fill: Palette.blue),
                                tooltip: "\(row.label): \(SVGNumber.attribute(row.estimate, decimals: 4)) (\(SVGNumber.attribute(row.lower, decimals: 4)) to \(SVGNumber.attribute(row.upper, decimals: 4)))")
        }
        chart.endData()
        return chart.render()
    }
}
