import ABIIO
import ABIStatistics

/// Box plots of a measure by group and time, with the points.
public struct BoxPlotResult: Sendable, Equatable {
    /// One box: Tukey's box plot (Tukey 1977, Exploratory Data Analysis): quartiles by R's default
    /// (Hyndman & Fan type 7), whiskers to the most extreme values within 1.5 IQR of the box.
    public struct Box: Sendable, Equatable {
        /// Index into ``BoxPlotResult/groups`` and ``BoxPlotResult/times``.
        public let group: Int
        public let time: Int
        public let count: Int
        public let lowerQuartile: Double
        public let median: Double
        public let upperQuartile: Double
        public let lowerWhisker: Double
        public let upperWhisker: Double
        /// The values drawn as points: all, or a deterministic sample of ``BoxPlotFigure/maximumPointsPerBox``.
        public let points: [Double]
    }

    public let measure: String
    public let groups: [String]
    /// Time levels (x-axis bands): numeric order when every level is a number, else first appearance.
    public let times: [String]
    public let boxes: [Box]
    public let notes: [FigureNote]
}

/// `abikit plot box`.
public enum BoxPlotFigure {
    public static let maximumPointsPerBox = 500

    /// Boxes of `values` per level of `groups` (nil: one group) and of `times` (nil: one band per
    /// group). Non-finite values are left out with a note; a missing level is "(missing)".
    public static func compute(values: [Double], groups: [String]?, times: [String]?, measure: String) -> BoxPlotResult {
        precondition((groups?.count ?? values.count) == values.count && (times?.count ?? values.count) == values.count,
                     "columns must have equal length")
        func levels(_ column: [String]?) -> (names: [String], index: [Int]) {
            guard let column else { return ([""], [Int](repeating: 0, count: values.count)) }
            var names: [String] = [], lookup: [String: Int] = [:]
            let index = column.map { raw -> Int in
                let name = raw.isEmpty ? "(missing)" : raw
                if let known = lookup[name] { return known }
                lookup[name] = names.count
                names.append(name)
                return names.count - 1
            }
            // Numeric order when every level is a number.
            let numbers = names.map { Double($0) }
            guard numbers.allSatisfy({ $0 != nil }) else { return (names, index) }
            let order = names.indices.sorted { numbers[$0]! < numbers[$1]! }
            var rank = [Int](repeating: 0, count: names.count)
            for (position, old) in order.enumerated() { rank[old] = position }
            return (order.map { names[$0] }, index.map { rank[$0] })
        }
        let (groupNames, groupOf) = levels(groups)
        let (timeNames, timeOf) = levels(times)
        var cells = [[Double]](repeating: [], count: groupNames.count * timeNames.count)
        var rows = [[Int]](repeating: [], count: cells.count)
        var nonFinite = 0
        for row in values.indices {
            guard values[row].isFinite else { nonFinite += 1; continue }
            let cell = timeOf[row] * groupNames.count + groupOf[row]
            cells[cell].append(values[row])
            rows[cell].append(row)
        }
        var notes: [FigureNote] = []
        if nonFinite > 0 { notes.append(.nonFiniteValuesOmitted(column: measure, count: nonFinite)) }
        var boxes: [BoxPlotResult.Box] = []
        var drawn = 0, total = 0
        for cell in cells.indices where !cells[cell].isEmpty {
            let sorted = cells[cell].sorted()
            let (q1, median, q3) = sorted.withUnsafeBufferPointer {
                (SampleQuantile.quantile(sorted: $0, probability: 0.25), SampleQuantile.quantile(sorted: $0, probability: 0.5),
                 SampleQuantile.quantile(sorted: $0, probability: 0.75))
            }
            let fence = 1.5 * (q3 - q1)
            let lowerWhisker = sorted.first { $0 >= q1 - fence } ?? q1
            let upperWhisker = sorted.last { $0 <= q3 + fence } ?? q3
            var points = cells[cell]
            if points.count > maximumPointsPerBox {
                // The rows with the smallest hashes of their row number: deterministic, order-free.
                let keys = rows[cell].map { FigureHash.mix(UInt64($0)) }
                let chosen = keys.indices.sorted { keys[$0] < keys[$1] }.prefix(maximumPointsPerBox).sorted()
                points = chosen.map { cells[cell][$0] }
            }
            drawn += points.count
            total += sorted.count
            boxes.append(.init(group: cell % groupNames.count, time: cell / groupNames.count, count: sorted.count,
                               lowerQuartile: q1, median: median, upperQuartile: q3, lowerWhisker: lowerWhisker,
                               upperWhisker: upperWhisker, points: points))
        }
        if drawn < total { notes.append(.pointsSampled(shown: drawn, total: total)) }
        if boxes.isEmpty { notes.append(.noData) }
        return BoxPlotResult(measure: measure, groups: groups == nil ? [] : groupNames, times: times == nil ? [] : timeNames,
                             boxes: boxes, notes: notes)
    }

    /// The figure as SVG text: x bands are times (or groups without times); boxes of different
    /// groups side by side within a band; points jittered deterministically.
    public static func render(_ result: BoxPlotResult, options: FigureOptions, timeLabel: String = "", groupLabel: String = "") -> String {
        let hasTimes = !result.times.isEmpty
        let groupCount = max(1, result.groups.count)
        let bands = hasTimes ? result.times : (result.groups.isEmpty ? [result.measure] : result.groups)
        let perBand = hasTimes ? groupCount : 1
        var low = Double.infinity, high = -Double.infinity
        for box in result.boxes {
            low = min(low, box.lowerWhisker, box.points.min() ?? box.lowerWhisker)
            high = max(high, box.upperWhisker, box.points.max() ?? box.upperWhisker)
        }
        let yScale = NiceScale(minimum: low, maximum: high, tickCount: 6, padding: 0.02)
        let title = options.title ?? "\(result.measure)" + (hasTimes ? " by \(timeLabel)" : "") + (result.groups.isEmpty ? "" : (hasTimes ? " and " : " by ") + groupLabel)
        var description = "Box plots of \(result.measure) (quartiles by Hyndman-Fan type 7, whiskers to 1.5 IQR) with the values as jittered points."
        for box in result.boxes {
            let name = [hasTimes ? result.times[box.time] : nil, result.groups.isEmpty ? nil : result.groups[box.group]].compactMap { $0 }.joined(separator: ", ")
            description += " \(name.isEmpty ? "all" : name): n \(box.count), median \(SVGNumber.attribute(box.median, decimals: 4)), quartiles \(SVGNumber.attribute(box.lowerQuartile, decimals: 4)) and \(SVGNumber.attribute(box.upperQuartile, decimals: 4))."
        }
        let legend: [Chart.LegendEntry] = hasTimes && !result.groups.isEmpty
            ? result.groups.enumerated().map { .init(label: $0.element, colour: Palette.colour(forSeries: $0.offset), marker: .swatch) } : []
        var chart = Chart(width: options.width, height: options.height, title: title, description: description,
                          xAxis: .init(title: hasTimes ? timeLabel : groupLabel, ticks: .categorical(bands)),
                          yAxis: .init(title: result.measure, ticks: .numeric(yScale)), legend: legend, notes: result.notes.lines)
        chart.beginData()
        let band = chart.xBandWidth
        let slotWidth = band * 0.8 / Double(perBand)
        for (index, box) in result.boxes.enumerated() {
            let bandIndex = hasTimes ? box.time : box.group
            let slot = hasTimes ? box.group : 0
            let centre = chart.x(Double(bandIndex)) + band * 0.1 + (Double(slot) + 0.5) * slotWidth
            let colour = Palette.colour(forSeries: result.groups.isEmpty ? 0 : box.group)
            let boxWidth = slotWidth * 0.7
            let stroke = SVGDocument.Style(stroke: Palette.axis, strokeWidth: 1.2)
            chart.document.beginGroup(label: "box \(index + 1)")
            chart.document.line(x1: centre, y1: chart.y(box.lowerWhisker), x2: centre, y2: chart.y(box.lowerQuartile), style: stroke)
            chart.document.line(x1: centre, y1: chart.y(box.upperQuartile), x2: centre, y2: chart.y(box.upperWhisker), style: stroke)
            for whisker in [box.lowerWhisker, box.upperWhisker] {
                chart.document.line(x1: centre - boxWidth / 4, y1: chart.y(whisker), x2: centre + boxWidth / 4, y2: chart.y(whisker), style: stroke)
            }
            chart.document.rect(x: centre - boxWidth / 2, y: chart.y(box.upperQuartile), width: boxWidth,
                                height: chart.y(box.lowerQuartile) - chart.y(box.upperQuartile),
                                style: .init(fill: colour, stroke: Palette.axis, strokeWidth: 1.2, opacity: 0.35),
                                tooltip: "n \(box.count), median \(SVGNumber.attribute(box.median, decimals: 4)), IQR \(SVGNumber.attribute(box.lowerQuartile, decimals: 4)) to \(SVGNumber.attribute(box.upperQuartile, decimals: 4))")
            chart.document.line(x1: centre - boxWidth / 2, y1: chart.y(box.median), x2: centre + boxWidth / 2, y2: chart.y(box.median),
                                style: .init(stroke: Palette.black, strokeWidth: 2))
            for (p, value) in box.points.enumerated() {
                let jitter = (FigureHash.unit(UInt64(index) << 32 | UInt64(p)) - 0.5) * boxWidth * 0.8
                chart.document.circle(cx: centre + jitter, cy: chart.y(value), r: 2, style: .init(fill: colour, opacity: 0.6))
            }
            chart.document.endGroup()
        }
        chart.endData()
        return chart.render()
    }
}
