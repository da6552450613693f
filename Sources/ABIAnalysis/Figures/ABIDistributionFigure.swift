import ABICore
import ABIIO

/// A histogram of ABI values with the category bands and cut-offs, and the numbers behind it.
public struct ABIDistributionResult: Sendable, Equatable {
    public struct CategoryCount: Sendable, Equatable {
        public let category: ABICategory
        public let count: Int
    }

    /// One bar: the values `v` with `lowerExclusive < v <= upperInclusive` (hundredths), right-closed
    /// so that the cut-offs 0.90 and 1.40 (abnormal at or below 0.90, normal up to 1.40 inclusive)
    /// fall on bar edges.
    public struct Bin: Sendable, Equatable {
        public let lowerExclusiveHundredths: Int
        public let upperInclusiveHundredths: Int
        public let count: Int
    }

    /// What the values are ("patient ABI", "left leg ABI", ...).
    public let measure: String
    public let binWidthHundredths: Int
    /// Consecutive bins from the lowest to the highest value (empty bins included).
    public let bins: [Bin]
    /// Values drawn.
    public let count: Int
    /// The highest abnormal ABI and the highest normal ABI, hundredths (90 and 140 by default).
    public let abnormalAtOrBelowHundredths: Int
    public let normalAtOrBelowHundredths: Int
    /// Values per ABI category under the scoring options' rules (abnormal, borderline, normal,
    /// noncompressible), exact (not read off the bars).
    public let categoryCounts: [CategoryCount]
    public let notes: [FigureNote]
}

/// `abikit plot abi-distribution`: a histogram of patient or per-leg ABI.
public enum ABIDistributionFigure {
    /// Bin widths tried, hundredths; the smallest giving at most `maximumBins` bars is used. All
    /// divide 90 and 140, so both cut-offs are bar edges.
    static let binWidths = [1, 2, 5, 10, 20, 50, 100]
    static let maximumBins = 40

    /// Bins `values` (ABI, rounded half away from zero to hundredths; the scoring engine already
    /// writes hundredths). NaN and infinite values are left out with a note.
    ///
    /// - Parameters:
    ///   - values: the ABI values, one per leg or visit.
    ///   - measure: the name of the measure, used in the title and the notes.
    ///   - extraNotes: notes from loading (filtered or unscorable rows) kept with the result.
    ///   - options: where the category cut-offs lie (`padCutoff`: abnormal at or below 0.90 with
    ///     either rule's boundary drawn at 0.90; `noncompressibleThreshold`: 1.40 or 1.30).
    ///   - categories: the rows' `category` codes, when known: rows without a value whose category is
    ///     noncompressible are counted in a note of their own rather than as missing.
    public static func compute(values: [Double], categories: [String]? = nil, measure: String,
                               options: ScoringOptions = ScoringOptions(), notes extraNotes: [FigureNote] = []) -> ABIDistributionResult {
        precondition((categories?.count ?? values.count) == values.count, "columns must have equal length")
        var hundredths: [Int] = []
        hundredths.reserveCapacity(values.count)
        var nonFinite = 0, noncompressible = 0
        for (row, value) in values.enumerated() {
            guard value.isFinite, abs(value) < 1e6 else {
                if let categories, categories[row] == ABICategory.noncompressible.rawValue { noncompressible += 1 } else { nonFinite += 1 }
                continue
            }
            hundredths.append(Int((value * 100).rounded(.toNearestOrAwayFromZero)))
        }
        var counts: [Int: Int] = [:]
        for h in hundredths { counts[h, default: 0] += 1 }
        return compute(hundredthCounts: counts, missing: nonFinite, noncompressibleWithoutABI: noncompressible, measure: measure,
                       options: options, notes: extraNotes)
    }

    /// The same figure from values already counted per hundredth (`hundredthCounts[h]` values of
    /// h / 100), as a report aggregates a file of any length in bounded memory.
    /// - Parameters:
    ///   - hundredthCounts: how many values there are of each h / 100.
    ///   - missing: values that were missing or not finite (a note);
    ///   - noncompressible: rows without a value whose category is noncompressible (a note).
    ///   - measure: the measure's name, for the axis and the notes.
    ///   - options: the scoring rules whose cut-offs the bands show.
    ///   - extraNotes: notes to carry into the figure.
    public static func compute(hundredthCounts: [Int: Int], missing: Int = 0, noncompressibleWithoutABI noncompressible: Int = 0,
                               measure: String, options: ScoringOptions = ScoringOptions(),
                               notes extraNotes: [FigureNote] = []) -> ABIDistributionResult {
        var notes = extraNotes
        if missing > 0 { notes.append(.nonFiniteValuesOmitted(column: measure, count: missing)) }
        if noncompressible > 0 { notes.append(.noncompressibleWithoutABI(count: noncompressible)) }
        let normalTop = options.noncompressibleThreshold.highestNormalHundredths
        let present = hundredthCounts.filter { $0.value > 0 }
        guard let low = present.keys.min(), let high = present.keys.max() else {
            notes.append(.noData)
            return ABIDistributionResult(measure: measure, binWidthHundredths: 5, bins: [], count: 0,
                                         abnormalAtOrBelowHundredths: 90, normalAtOrBelowHundredths: normalTop,
                                         categoryCounts: categoryCounts([:], options), notes: notes)
        }
        // Bin k holds (k-1)w < h <= kw, i.e. k = ceil(h / w).
        func binIndex(_ h: Int, _ w: Int) -> Int { h > 0 ? (h + w - 1) / w : -((-h) / w) }
        let width = binWidths.first { binIndex(high, $0) - binIndex(low, $0) + 1 <= maximumBins } ?? binWidths.last!
        let first = binIndex(low, width)
        var counts = [Int](repeating: 0, count: binIndex(high, width) - first + 1)
        for (h, count) in present { counts[binIndex(h, width) - first] += count }
        let bins = counts.enumerated().map { offset, count in
            let k = first + offset
            return ABIDistributionResult.Bin(lowerExclusiveHundredths: (k - 1) * width, upperInclusiveHundredths: k * width,
                                             count: count)
        }
        return ABIDistributionResult(measure: measure, binWidthHundredths: width, bins: bins, count: present.values.reduce(0, +),
                                     abnormalAtOrBelowHundredths: 90, normalAtOrBelowHundredths: normalTop,
                                     categoryCounts: categoryCounts(present, options), notes: notes)
    }

    static let categoryOrder: [ABICategory] = [.abnormal, .borderline, .normal, .noncompressible]

    static func categoryCounts(_ hundredths: [Int: Int], _ options: ScoringOptions) -> [ABIDistributionResult.CategoryCount] {
        var counts = [ABICategory: Int]()
        for (h, count) in hundredths {
            counts[ABICategory(hundredths: h, cutoff: options.padCutoff, noncompressibleAbove: options.noncompressibleThreshold), default: 0] += count
        }
        return categoryOrder.map { .init(category: $0, count: counts[$0] ?? 0) }
    }

    /// The figure as SVG text.
    public static func render(_ result: ABIDistributionResult, options: FigureOptions) -> String {
        let abnormal = Double(result.abnormalAtOrBelowHundredths) / 100
        let normal = Double(result.normalAtOrBelowHundredths) / 100
        let lowEdge = Double(result.bins.first?.lowerExclusiveHundredths ?? 80) / 100
        let highEdge = Double(result.bins.last?.upperInclusiveHundredths ?? 150) / 100
        // An ABI of 0.00 (no ankle signal) falls in the bin (-w, 0], so the axis then starts below 0.
        let xScale = NiceScale(minimum: min(lowEdge, abnormal - 0.05), maximum: max(highEdge, normal + 0.05), tickCount: 10)
        let highest = result.bins.map(\.count).max() ?? 0
        let yScale = NiceScale(minimum: 0, maximum: Double(max(highest, 1)), tickCount: 6, integerSteps: true)
        let bands: [(label: String, from: Double, to: Double, colour: String)] = [
            ("abnormal (\u{2264} \(SVGNumber.label(abnormal, decimals: 2)))", xScale.lower, abnormal, Palette.vermillion),
            ("borderline", abnormal, 1.0, Palette.orange),
            ("normal", 1.0, normal, Palette.bluishGreen),
            ("noncompressible (> \(SVGNumber.label(normal, decimals: 2)))", normal, xScale.upper, Palette.reddishPurple),
        ]
        let title = options.title ?? "Distribution of \(result.measure) (n = \(result.count))"
        var description = "Histogram of \(result.measure), \(result.count) values in bins of \(SVGNumber.label(Double(result.binWidthHundredths) / 100, decimals: 2)) (right-closed)."
        description += " Bands: abnormal at or below \(SVGNumber.label(abnormal, decimals: 2)), borderline below 1.00, normal to \(SVGNumber.label(normal, decimals: 2)), noncompressible above."
        description += " Counts per band: " + result.categoryCounts.map { "\($0.category.rawValue) \($0.count)" }.joined(separator: ", ") + "."
        var chart = Chart(width: options.width, height: options.height, title: title, description: description,
                          xAxis: .init(title: result.measure, ticks: .numeric(xScale)),
                          yAxis: .init(title: "count", ticks: .numeric(yScale)),
                          legend: bands.map { .init(label: $0.label, colour: $0.colour, marker: .swatch) }
                              + [.init(label: "count per bin of \(SVGNumber.label(Double(result.binWidthHundredths) / 100, decimals: 2))", colour: Palette.blue, marker: .swatch)],
                          notes: result.notes.lines)
        chart.beginData()
        for band in bands where band.to > band.from {
            chart.document.rect(x: chart.x(band.from), y: chart.top, width: chart.x(band.to) - chart.x(band.from),
                                height: chart.bottom - chart.top, style: .init(fill: band.colour, opacity: 0.15))
        }
        for bin in result.bins where bin.count > 0 {
            let x0 = chart.x(Double(bin.lowerExclusiveHundredths) / 100), x1 = chart.x(Double(bin.upperInclusiveHundredths) / 100)
            let top = chart.y(Double(bin.count))
            chart.document.rect(x: x0, y: top, width: x1 - x0, height: chart.y(0) - top,
                                style: .init(fill: Palette.blue, stroke: "#FFFFFF", strokeWidth: x1 - x0 > 4 ? 0.5 : 0, opacity: 0.85),
                                tooltip: "\(SVGNumber.label(Double(bin.lowerExclusiveHundredths) / 100, decimals: 2)) < ABI \u{2264} \(SVGNumber.label(Double(bin.upperInclusiveHundredths) / 100, decimals: 2)): \(bin.count)")
        }
        for cutoff in [abnormal, normal] {
            chart.document.line(x1: chart.x(cutoff), y1: chart.top, x2: chart.x(cutoff), y2: chart.bottom,
                                style: .init(stroke: Palette.black, strokeWidth: 1.5, dash: "6 3"))
            // On a white label box so that bars behind it do not hide it.
            let label = SVGNumber.label(cutoff, decimals: 2)
            chart.document.rect(x: chart.x(cutoff) + 3, y: chart.top + 2, width: SVGText.estimatedWidth(label, fontSize: Chart.fontSize) + 4,
                                height: Chart.fontSize + 4, style: .init(fill: "#FFFFFF", opacity: 0.85))
            chart.document.text(label, x: chart.x(cutoff) + 5, y: chart.top + Chart.fontSize + 2, fontSize: Chart.fontSize, bold: true)
        }
        chart.endData()
        return chart.render()
    }
}
