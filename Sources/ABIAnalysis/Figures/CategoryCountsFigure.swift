import ABICore
import ABIIO

/// Counts of ABI categories and of severities (within abnormal) per group (legs, or levels of a
/// grouping column, or all patients).
public struct CategoryCountsResult: Sendable, Equatable {
    /// The bars' groups, in order of first appearance (legs: left, right).
    public let groups: [String]
    /// Categories in clinical order: abnormal, borderline, normal, noncompressible.
    public static let categories: [ABICategory] = [.abnormal, .borderline, .normal, .noncompressible]
    /// `categoryCounts[g][c]`: rows of group `g` in ``categories``[c].
    public let categoryCounts: [[Int]]
    /// Rows of each group without a category (no ABI, a scoring error, an unknown code).
    public let uncategorised: [Int]
    /// Severity levels that occur, in order severe, moderate, mild-to-moderate, mild.
    public let severities: [PADSeverity]
    /// `severityCounts[g][s]`: rows of group `g` with severity ``severities``[s].
    public let severityCounts: [[Int]]
    /// What a row is ("patients", "legs").
    public let unit: String
    public let notes: [FigureNote]
}

/// `abikit plot categories`: category and severity counts as grouped bars.
public enum CategoryCountsFigure {
    static let severityOrder: [PADSeverity] = [.severe, .moderate, .mildToModerate, .mild]

    /// Counts from the `category` and `severity` codes of a scored file (`ABICategory` and
    /// `PADSeverity` raw values; anything else counts as uncategorised), per level of `groups`
    /// (nil: one group named `allLabel`; a missing group level is its own group "(missing)").
    public static func compute(categories: [String], severities: [String], groups: [String]?,
                               allLabel: String = "all patients") -> CategoryCountsResult {
        precondition(categories.count == severities.count && (groups?.count ?? categories.count) == categories.count,
                     "columns must have equal length")
        let rows = categories.indices.map { index in
            (group: groups.map { $0[index].isEmpty ? "(missing)" : $0[index] } ?? allLabel,
             category: ABICategory(rawValue: categories[index]), severity: PADSeverity(rawValue: severities[index]))
        }
        return tally(rows, unit: "patients")
    }

    /// The same bars from counts already made, one group: as a report aggregates a file of any
    /// length in bounded memory.
    /// - Parameters:
    ///   - categoryCounts: rows by ABICore's `ABICategory` code, anything else uncategorised.
    ///   - severityCounts: rows by ABICore's `PADSeverity` code.
    ///   - allLabel: the group's label.
    ///   - unit: what a row is ("patients", or "rows" for a file of visits).
    public static func compute(categoryCounts: [String: Int], severityCounts: [String: Int], allLabel: String = "all patients",
                               unit: String = "patients") -> CategoryCountsResult {
        var categories = [0, 0, 0, 0], uncategorised = 0
        for (code, count) in categoryCounts {
            if let category = ABICategory(rawValue: code), let index = CategoryCountsResult.categories.firstIndex(of: category) {
                categories[index] += count
            } else {
                uncategorised += count
            }
        }
        var severities: [PADSeverity] = [], counts: [Int] = []
        for severity in severityOrder {
            if let count = severityCounts[severity.rawValue], count > 0 { severities.append(severity); counts.append(count) }
        }
        let total = categories.reduce(0, +) + uncategorised
        return CategoryCountsResult(groups: total == 0 ? [] : [allLabel], categoryCounts: total == 0 ? [] : [categories],
                                    uncategorised: total == 0 ? [] : [uncategorised], severities: severities,
                                    severityCounts: total == 0 ? [] : [counts], unit: unit, notes: total == 0 ? [.noData] : [])
    }

    /// Per-leg counts from the left and right ABI (hundredths after rounding), categorised and
    /// graded by `options` exactly as the scoring engine does (`ABICategory`,
    /// `SeverityScheme/severity(ofAbnormal:)`); NaN is a leg without an ABI.
    public static func computeLegs(abiLeft: [Double], abiRight: [Double], options: ScoringOptions = ScoringOptions()) -> CategoryCountsResult {
        precondition(abiLeft.count == abiRight.count, "columns must have equal length")
        var rows: [(group: String, category: ABICategory?, severity: PADSeverity?)] = []
        rows.reserveCapacity(abiLeft.count * 2)
        for (leg, values) in [("left leg", abiLeft), ("right leg", abiRight)] {
            for value in values {
                guard value.isFinite, abs(value) < 1e6 else {
                    rows.append((leg, nil, nil))
                    continue
                }
                let hundredths = Int((value * 100).rounded(.toNearestOrAwayFromZero))
                let category = ABICategory(hundredths: hundredths, cutoff: options.padCutoff,
                                           noncompressibleAbove: options.noncompressibleThreshold)
                rows.append((leg, category, category == .abnormal ? options.severityScheme.severity(ofAbnormal: hundredths) : nil))
            }
        }
        return tally(rows, unit: "legs")
    }

    static func tally(_ rows: [(group: String, category: ABICategory?, severity: PADSeverity?)], unit: String) -> CategoryCountsResult {
        var groupIndex: [String: Int] = [:]
        var groups: [String] = []
        var categoryCounts: [[Int]] = []
        var uncategorised: [Int] = []
        var severityCounts: [[Int]] = []
        for row in rows {
            let g: Int
            if let known = groupIndex[row.group] {
                g = known
            } else {
                g = groups.count
                groupIndex[row.group] = g
                groups.append(row.group)
                categoryCounts.append([0, 0, 0, 0])
                uncategorised.append(0)
                severityCounts.append([0, 0, 0, 0])
            }
            if let category = row.category, let c = CategoryCountsResult.categories.firstIndex(of: category) {
                categoryCounts[g][c] += 1
            } else {
                uncategorised[g] += 1
            }
            if let severity = row.severity, let s = severityOrder.firstIndex(of: severity) { severityCounts[g][s] += 1 }
        }
        let present = severityOrder.indices.filter { s in severityCounts.contains { $0[s] > 0 } }
        return CategoryCountsResult(groups: groups, categoryCounts: categoryCounts, uncategorised: uncategorised,
                                    severities: present.map { severityOrder[$0] },
                                    severityCounts: severityCounts.map { counts in present.map { counts[$0] } },
                                    unit: unit, notes: rows.isEmpty ? [.noData] : [])
    }

    /// The figure as SVG text: one band per category (and "no category" when any), then one per
    /// severity within abnormal, with a bar per group.
    public static func render(_ result: CategoryCountsResult, options: FigureOptions) -> String {
        var bands = CategoryCountsResult.categories.map(\.rawValue)
        var values = result.groups.indices.map { result.categoryCounts[$0] }
        let showUncategorised = result.uncategorised.contains { $0 > 0 }
        if showUncategorised {
            bands.append("no category")
            for g in values.indices { values[g].append(result.uncategorised[g]) }
        }
        let severityStart = bands.count
        bands += result.severities.map { $0.rawValue.replacingUnderscores() }
        for g in values.indices { values[g] += result.severityCounts[g] }
        let highest = values.flatMap { $0 }.max() ?? 0
        // Headroom above the tallest bar for its count and the severity heading.
        let yScale = NiceScale(minimum: 0, maximum: Double(max(1, highest)) * 1.1, tickCount: 6, integerSteps: true)
        let total = result.groups.indices.map { result.categoryCounts[$0].reduce(0, +) + result.uncategorised[$0] }
        let title = options.title ?? "ABI categories and severity (\(total.reduce(0, +)) \(result.unit))"
        var description = "Bar chart of ABI category counts and, within abnormal, severity counts, per \(result.unit == "legs" ? "leg" : "group")."
        for (g, group) in result.groups.enumerated() {
            description += " \(group): " + zip(bands, values[g]).map { "\($0) \($1)" }.joined(separator: ", ") + "."
        }
        var chart = Chart(width: options.width, height: options.height, title: title, description: description,
                          xAxis: .init(title: "", ticks: .categorical(bands)),
                          yAxis: .init(title: result.unit, ticks: .numeric(yScale)),
                          legend: result.groups.count > 1 || result.unit == "legs"
                              ? result.groups.enumerated().map { .init(label: $0.element, colour: Palette.colour(forSeries: $0.offset), marker: .swatch) }
                              : [],
                          notes: result.notes.lines)
        chart.beginData()
        let band = chart.xBandWidth
        let groupCount = max(1, result.groups.count)
        let barWidth = band * 0.8 / Double(groupCount)
        for b in bands.indices {
            for g in result.groups.indices {
                let count = values[g][b]
                let x0 = chart.x(Double(b)) + band * 0.1 + Double(g) * barWidth
                let top = chart.y(Double(count))
                chart.document.rect(x: x0, y: top, width: barWidth, height: chart.y(0) - top,
                                    style: .init(fill: Palette.colour(forSeries: g), stroke: "#FFFFFF", strokeWidth: 0.5),
                                    tooltip: "\(result.groups[g]), \(bands[b]): \(count)")
                let label = String(count)
                if SVGText.estimatedWidth(label, fontSize: 10) <= barWidth - 1 {
                    let labelY = max(chart.top + 11, top - 3)
                    chart.document.text(label, x: x0 + barWidth / 2, y: labelY, anchor: .middle, fontSize: 10)
                }
            }
        }
        if severityStart < bands.count {
            let divider = chart.x(Double(severityStart))
            chart.document.line(x1: divider, y1: chart.top, x2: divider, y2: chart.bottom,
                                style: .init(stroke: Palette.neutral, strokeWidth: 1, dash: "4 3"))
            chart.document.text("severity (abnormal only)", x: (divider + chart.right) / 2, y: chart.top + Chart.fontSize + 2,
                                anchor: .middle, fontSize: Chart.fontSize, bold: true, fill: "#444444")
        }
        chart.endData()
        return chart.render()
    }
}

extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
