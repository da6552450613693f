import ABIIO
import ABIStatistics

/// One row of the long (tidy) agreement table written as CSV, TSV or JSON Lines.
public struct AgreeTableRow: Sendable, Equatable {
    public var analysis: String
    public var quantity: String
    public var column: String = ""
    public var estimate: Double?
    public var lower: Double?
    public var upper: Double?
    public var intervalMethod: String = ""
    public var statistic: Double?
    public var df1: Double?
    public var df2: Double?
    public var pValue: Double?
    public var count: Int?
}

/// Renders an ``AgreeResult`` as one long table: a row per quantity, intervals on the same row.
public enum AgreeTable {
    public static let header = ["analysis", "quantity", "column", "estimate", "ci_lower", "ci_upper", "ci_method",
                                "statistic", "df1", "df2", "p_value", "n"]

    /// The rows in a fixed order: data, Bland-Altman, repeated measures, CCC, diagnostic accuracy,
    /// kappa, ROC, ICC.
    public static func rows(_ r: AgreeResult) -> [AgreeTableRow] {
        var rows: [AgreeTableRow] = []
        func add(_ analysis: String, _ quantity: String, _ estimate: Double?, _ interval: ConfidenceInterval? = nil,
                 _ method: String = "", column: String = "", statistic: Double? = nil, df1: Double? = nil, df2: Double? = nil,
                 p: Double? = nil, n: Int? = nil) {
            rows.append(AgreeTableRow(analysis: analysis, quantity: quantity, column: column, estimate: estimate,
                                      lower: interval?.lower, upper: interval?.upper, intervalMethod: method,
                                      statistic: statistic, df1: df1, df2: df2, pValue: p, count: n))
        }
        add("data", "rows", Double(r.rowCount), n: r.rowCount)
        if r.indexColumn != nil {
            add("data", "usable_pairs", Double(r.usablePairCount), n: r.usablePairCount)
            add("data", "excluded_pairs", Double(r.excludedPairCount), n: r.excludedPairCount)
        }
        for u in r.unusable { add("data", "unusable_" + u.reason.rawValue, Double(u.count), column: u.column, n: u.count) }
        if let ba = r.blandAltman {
            let name = ba.relative ? "bland_altman_percent" : "bland_altman"
            add(name, "bias", ba.bias.estimate, ba.bias.interval, "t", n: ba.count)
            add(name, "sd_differences", ba.standardDeviation, n: ba.count)
            add(name, "lower_limit", ba.lowerLimit.estimate, ba.lowerLimitExact, "exact_carkeet_2015", n: ba.count)
            add(name, "lower_limit", ba.lowerLimit.estimate, ba.lowerLimitExactPair, "exact_pair_carkeet_2015", n: ba.count)
            add(name, "lower_limit", ba.lowerLimit.estimate, ba.lowerLimit.interval, "approximate_bland_altman_1999", n: ba.count)
            add(name, "upper_limit", ba.upperLimit.estimate, ba.upperLimitExact, "exact_carkeet_2015", n: ba.count)
            add(name, "upper_limit", ba.upperLimit.estimate, ba.upperLimitExactPair, "exact_pair_carkeet_2015", n: ba.count)
            add(name, "upper_limit", ba.upperLimit.estimate, ba.upperLimit.interval, "approximate_bland_altman_1999", n: ba.count)
            if let pb = ba.proportionalBias {
                add(name, "proportional_bias_slope", pb.slope.estimate, pb.slope.interval, "t",
                    statistic: pb.slope.estimate / pb.slopeStandardError, df1: Double(pb.degreesOfFreedom), p: pb.slopePValue, n: ba.count)
                add(name, "proportional_bias_intercept", pb.intercept, n: ba.count)
            }
            if let sw = ba.normality { add(name, "shapiro_wilk_w", sw.statistic, statistic: sw.statistic, p: sw.pValue, n: sw.count) }
        }
        if let rm = r.repeatedMeasures {
            add("repeated_measures", "bias", rm.bias, n: rm.pairCount)
            add("repeated_measures", "sd_differences", rm.standardDeviation, n: rm.pairCount)
            add("repeated_measures", "between_subject_variance", rm.betweenSubjectVariance, n: rm.subjectCount)
            add("repeated_measures", "within_subject_variance", rm.withinSubjectVariance, n: rm.pairCount)
            add("repeated_measures", "lower_limit", rm.lowerLimit.estimate, rm.lowerLimit.interval, "mover_anova_zou_2013", n: rm.pairCount)
            add("repeated_measures", "upper_limit", rm.upperLimit.estimate, rm.upperLimit.interval, "mover_anova_zou_2013", n: rm.pairCount)
            add("repeated_measures", "subjects", Double(rm.subjectCount), n: rm.subjectCount)
        }
        if let rm = r.repeatedMeasuresMOVER {
            add("repeated_measures_zou", "bias", rm.bias, n: rm.pairCount)
            add("repeated_measures_zou", "sd_differences", rm.standardDeviation, n: rm.pairCount)
            add("repeated_measures_zou", "subject_mean_variance", rm.betweenSubjectVariance, n: rm.subjectCount)
            add("repeated_measures_zou", "within_subject_variance", rm.withinSubjectVariance, n: rm.pairCount)
            add("repeated_measures_zou", "lower_limit", rm.lowerLimit.estimate, rm.lowerLimit.interval, "mover_zou_2013", n: rm.pairCount)
            add("repeated_measures_zou", "upper_limit", rm.upperLimit.estimate, rm.upperLimit.interval, "mover_zou_2013", n: rm.pairCount)
        }
        if let c = r.concordance {
            add("concordance", "lin_ccc", c.estimate, c.interval, "fisher_z_lin_1989", n: c.count)
            add("concordance", "pearson_r", c.pearson, n: c.count)
            add("concordance", "bias_correction_factor", c.biasCorrection, n: c.count)
        }
        if let d = r.diagnostic {
            let name = "diagnostic_" + (r.cutoff?.rawValue ?? "le-0.90")
            let n = d.truePositives + d.falsePositives + d.falseNegatives + d.trueNegatives
            add(name, "true_positives", Double(d.truePositives), n: n)
            add(name, "false_positives", Double(d.falsePositives), n: n)
            add(name, "false_negatives", Double(d.falseNegatives), n: n)
            add(name, "true_negatives", Double(d.trueNegatives), n: n)
            for (q, e) in [("sensitivity", d.sensitivity), ("specificity", d.specificity), ("ppv", d.positivePredictiveValue),
                           ("npv", d.negativePredictiveValue), ("accuracy", d.accuracy)] {
                add(name, q, e.estimate, e.wilson, "wilson", n: e.trials)
                add(name, q, e.estimate, e.clopperPearson, "clopper_pearson", n: e.trials)
            }
            add(name, "lr_positive", d.positiveLikelihoodRatio.estimate, d.positiveLikelihoodRatio.interval, "log_simel_1991", n: n)
            add(name, "lr_negative", d.negativeLikelihoodRatio.estimate, d.negativeLikelihoodRatio.interval, "log_simel_1991", n: n)
            add(name, "youden_j", d.youdenIndex, n: n)
            if let m = d.mcNemar {
                add(name, "mcnemar", nil, statistic: m.statistic, df1: 1, p: m.pValue, n: n)
                add(name, "mcnemar_corrected", nil, statistic: m.correctedStatistic, df1: 1, p: m.correctedPValue, n: n)
            }
            if let k = d.kappa { add(name, "kappa", k.estimate, k.interval, "asymptotic_fleiss_1969", n: k.count) }
        }
        for k in r.categoryKappa {
            add("category_kappa", "kappa_" + k.weighting.rawValue, k.estimate, k.interval, "asymptotic_fleiss_1969", n: k.count)
        }
        if let roc = r.roc {
            let n = roc.caseCount + roc.controlCount
            add("roc", "auc", roc.auc, roc.interval, "delong", n: n)
            add("roc", "youden_threshold", roc.youdenThreshold, n: n)
            add("roc", "youden_sensitivity", roc.youdenSensitivity, n: roc.caseCount)
            add("roc", "youden_specificity", roc.youdenSpecificity, n: roc.controlCount)
        }
        if let icc = r.icc {
            for e in icc.entries {
                add("icc", e.form.rawValue, e.estimate, e.interval, "f_distribution", column: r.iccColumns.joined(separator: ";"),
                    statistic: e.fStatistic, df1: e.numeratorDegreesOfFreedom, df2: e.denominatorDegreesOfFreedom,
                    p: e.pValue, n: icc.targetCount)
            }
        }
        return rows
    }

    /// Writes the rows with `writer` (numbers at round-trip precision; absent values blank).
    public static func write(_ result: AgreeResult, to writer: inout any TableWriter) throws(OutputError) {
        try writer.writeHeader(header)
        for row in rows(result) {
            writer.beginRow()
            writer.writeText(row.analysis)
            writer.writeText(row.quantity)
            writer.writeText(row.column)
            for value in [row.estimate, row.lower, row.upper] { number(value, &writer) }
            writer.writeText(row.intervalMethod)
            for value in [row.statistic, row.df1, row.df2, row.pValue] { number(value, &writer) }
            if let n = row.count { writer.writeInteger(n) } else { writer.writeBlank() }
            try writer.endRow()
        }
        try writer.finish()
    }

    static func number(_ value: Double?, _ writer: inout any TableWriter) {
        // Infinite values (a likelihood ratio with a zero denominator) are blank, like NaN.
        if let value, value.isFinite { writer.writeNumber(value) } else { writer.writeBlank() }
    }

    /// The ROC curve points: threshold (positive when index <= threshold), sensitivity, specificity.
    /// The first and last points (pROC's thresholds -Inf and Inf: every value negative, every
    /// value positive) have a blank threshold: `-Inf` would be formula-escaped for spreadsheets.
    public static func writeROCPoints(_ roc: ROCResult, to writer: inout any TableWriter) throws(OutputError) {
        try writer.writeHeader(["threshold", "sensitivity", "specificity"])
        for point in roc.points {
            writer.beginRow()
            if point.threshold.isFinite { writer.writeNumber(point.threshold) } else { writer.writeBlank() }
            writer.writeNumber(point.sensitivity)
            writer.writeNumber(point.specificity)
            try writer.endRow()
        }
        try writer.finish()
    }
}
