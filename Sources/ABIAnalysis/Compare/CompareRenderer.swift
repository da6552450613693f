import ABIIO
import ABIStatistics

/// Writes a `CompareResult` as a table: one row per measure x comparison. CSV, TSV and JSON Lines
/// carry every number at round-trip precision; Markdown rounds to 4 decimals for people.
public enum CompareRenderer {
    /// The output columns, in order (documented in docs/commands/compare.md).
    public static let columns = [
        "measure", "comparison", "group", "versus", "n", "n_versus", "mean_1", "mean_2", "estimate", "sd", "se",
        "ci_low", "ci_high", "test", "statistic", "df", "df2", "p", "p_adjusted",
        "rank_test", "rank_statistic", "rank_p", "rank_p_adjusted",
        "effect", "effect_size", "effect_ci_low", "effect_ci_high",
        "effect_2", "effect_size_2", "effect_2_ci_low", "effect_2_ci_high", "ci_level", "notes",
    ]

    /// The columns of the Markdown results table (for people: estimates with their intervals).
    public static let markdownColumns = [
        "measure", "comparison", "group", "versus", "n", "mean 1", "mean 2", "estimate [CI]", "test", "p", "p adj.",
        "rank test", "rank p", "rank p adj.", "effect [CI]", "effect 2 [CI]", "notes",
    ]

    /// Writes every row with `writer` and finishes it (which commits the sink). `markdown` selects
    /// the compact results table with 4 decimals (`markdownColumns`); otherwise every column at
    /// round-trip precision.
    public static func write(_ result: CompareResult, to writer: inout some TableWriter, markdown: Bool = false) throws(OutputError) {
        if markdown { return try writeMarkdown(result, to: &writer) }
        try writer.writeHeader(columns)
        for row in result.rows {
            writer.beginRow()
            func number(_ value: Double) { writer.writeNumber(value) }
            func pValue(_ value: Double) { writer.writeNumber(value) }
            writer.writeText(row.measure)
            writer.writeText(row.comparison.rawValue)
            writer.writeText(row.group)
            writer.writeText(row.versus)
            writer.writeInteger(row.count)
            if row.comparison == .within || row.comparison == .omnibus { writer.writeBlank() } else { writer.writeInteger(row.secondCount) }
            number(row.firstMean); number(row.secondMean); number(row.estimate); number(row.standardDeviation); number(row.standardError)
            number(row.confidenceInterval?.lower ?? .nan); number(row.confidenceInterval?.upper ?? .nan)
            writer.writeText(row.test)
            number(row.statistic); number(row.degreesOfFreedom); number(row.secondDegreesOfFreedom)
            pValue(row.pValue); pValue(row.adjustedPValue)
            writer.writeText(row.rankTest)
            number(row.rankStatistic); pValue(row.rankPValue); pValue(row.adjustedRankPValue)
            writer.writeText(row.effect)
            number(row.effectSize); number(row.effectInterval?.lower ?? .nan); number(row.effectInterval?.upper ?? .nan)
            writer.writeText(row.secondEffect)
            number(row.secondEffectSize); number(row.secondEffectInterval?.lower ?? .nan); number(row.secondEffectInterval?.upper ?? .nan)
            writer.writeNumber(result.level)
            writer.writeText(row.notes.map(\.code).joined(separator: "; "))
            try writer.endRow()
        }
        try writer.finish()
    }

    static func writeMarkdown(_ result: CompareResult, to writer: inout some TableWriter) throws(OutputError) {
        try writer.writeHeader(markdownColumns)
        for row in result.rows {
            writer.beginRow()
            writer.writeText(row.measure)
            writer.writeText(row.comparison.rawValue)
            writer.writeText(row.group)
            writer.writeText(row.versus)
            writer.writeText(row.comparison == .within || row.comparison == .omnibus ? "\(row.count)" : "\(row.count) / \(row.secondCount)")
            writer.writeText(fixed(row.firstMean))
            writer.writeText(fixed(row.secondMean))
            writer.writeText(withInterval(row.estimate, row.confidenceInterval))
            writer.writeText(row.test.isEmpty ? "" : "\(row.test): \(fixed(row.statistic, digits: 2))")
            writer.writeText(probability(row.pValue))
            writer.writeText(probability(row.adjustedPValue))
            writer.writeText(row.rankTest)
            writer.writeText(probability(row.rankPValue))
            writer.writeText(probability(row.adjustedRankPValue))
            writer.writeText(row.effect.isEmpty || row.effectSize.isNaN ? "" : "\(row.effect) " + withInterval(row.effectSize, row.effectInterval))
            writer.writeText(row.secondEffect.isEmpty || row.secondEffectSize.isNaN ? "" : "\(row.secondEffect) " + withInterval(row.secondEffectSize, row.secondEffectInterval))
            writer.writeText(row.notes.filter { if case .family = $0 { false } else { true } }.map(\.code).joined(separator: "; "))
            try writer.endRow()
        }
        try writer.finish()
    }

    /// `value` with `digits` decimals (half away from zero); blank for NaN.
    static func fixed(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return "" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let integer = Int(scaled)
        let whole = integer / Int(scale), fraction = integer % Int(scale)
        var fractionText = String(fraction)
        while fractionText.count < digits { fractionText = "0" + fractionText }
        let sign = value < 0 && integer != 0 ? "-" : ""
        return digits == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fractionText)"
    }

    static func probability(_ p: Double) -> String {
        guard p.isFinite else { return "" }
        return p < 0.0001 ? "<0.0001" : fixed(p)
    }

    static func withInterval(_ value: Double, _ interval: ConfidenceInterval?) -> String {
        guard value.isFinite else { return "" }
        guard let interval, interval.lower.isFinite, interval.upper.isFinite else { return fixed(value) }
        return "\(fixed(value)) [\(fixed(interval.lower)), \(fixed(interval.upper))]"
    }

    /// Lines for standard error: what was compared and the run's notes.
    public static func summary(_ result: CompareResult) -> [String] {
        var lines = ["\(result.rows.count) comparison rows from \(result.keptRowCount) of \(result.inputRowCount) rows; "
            + "p-values adjusted by \(result.pValueAdjustment.rawValue) within each kind of comparison"]
        for note in result.notes {
            switch note {
            case .missingTime(let measure, let count, let subjects):
                lines.append("\(measure): \(count) subject\(count == 1 ? "" : "s") without a value at both times left out: "
                    + subjects.joined(separator: ", ") + (count > subjects.count ? ", ..." : ""))
            case .ungroupedRows(let columns, let count):
                lines.append("\(count) row\(count == 1 ? "" : "s") with a blank \(columns.joined(separator: " or ")) left out of every comparison "
                    + "(a missing group is not a group)")
            default:
                lines.append(note.code)
            }
        }
        if result.rows.contains(where: { $0.notes.contains { if case .clusteredPairs = $0 { true } else { false } } }) {
            lines.append("some subjects contribute several pairs (two legs?): the paired and group tests treat them as independent; "
                + "use --aggregate mean for one pair per subject, or --adjust baseline for the ANCOVA with cluster-robust SE by subject")
        }
        return lines
    }
}
