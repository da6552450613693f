import ABICore
import ABIStatistics
import Glibc

/// The Markdown "Results" section of a method-comparison paper, rounded for people (the CSV/JSON
/// output keeps full precision). Names every method and interval; recommends the ICC form.
public enum AgreeMarkdown {
    public static func render(_ r: AgreeResult) -> String {
        var text = "## Results\n\n"
        let level = format("%g", r.level * 100) + "%"
        let a = r.indexColumn ?? "", b = r.referenceColumn ?? ""
        // Data
        text += "### Data\n\n"
        if r.indexColumn != nil {
            text += "\(r.usablePairCount) of \(r.rowCount) rows had a usable value of both `\(a)` (index) and `\(b)` (reference)"
            text += r.excludedPairCount == 0 ? ".\n" : "; \(r.excludedPairCount) \(r.excludedPairCount == 1 ? "was" : "were") excluded.\n"
        } else {
            text += "\(r.rowCount) rows (targets) were read.\n"
        }
        if !r.unusable.isEmpty {
            text += "\n| column | blank | noncompressible | device error |\n| --- | ---: | ---: | ---: |\n"
            var columns: [String] = []
            for u in r.unusable where !columns.contains(u.column) { columns.append(u.column) }
            for column in columns {
                let count = { (reason: UnusableReason) in r.unusable.first { $0.column == column && $0.reason == reason }?.count ?? 0 }
                text += "| \(cell(column)) | \(count(.blank)) | \(count(.noncompressible)) | \(count(.deviceError)) |\n"
            }
        }
        if let ba = r.blandAltman {
            let unit = ba.relative ? "%" : ""
            let what = ba.relative ? "percentage difference 100 (\(a) - \(b)) / mean" : "difference \(a) - \(b)"
            text += "\n### Agreement (Bland-Altman)\n\n"
            text += "Over \(ba.count) pairs the mean \(what) (bias) was \(num(ba.bias.estimate))\(unit)"
            text += interval(ba.bias.interval, level) + ", and the SD of the differences \(num(ba.standardDeviation))\(unit). "
            text += "The 95% limits of agreement (bias -+ \(format("%.2f", ba.limitMultiplier)) SD) were "
            text += "\(num(ba.lowerLimit.estimate))\(unit) to \(num(ba.upperLimit.estimate))\(unit).\n\n"
            text += "| quantity | estimate | \(level) CI, exact, limits as a pair (Carkeet 2015) | \(level) CI, exact, each limit (Carkeet 2015) | \(level) CI, approximate (Bland & Altman 1999) |\n"
            text += "| --- | ---: | --- | --- | --- |\n"
            text += "| bias | \(num(ba.bias.estimate)) | \(range(ba.bias.interval)) (t) | \(range(ba.bias.interval)) (t) | \(range(ba.bias.interval)) (t) |\n"
            text += "| lower limit | \(num(ba.lowerLimit.estimate)) | \(range(ba.lowerLimitExactPair)) | \(range(ba.lowerLimitExact)) | \(range(ba.lowerLimit.interval)) |\n"
            text += "| upper limit | \(num(ba.upperLimit.estimate)) | \(range(ba.upperLimitExactPair)) | \(range(ba.upperLimitExact)) | \(range(ba.upperLimit.interval)) |\n\n"
            text += "Report the intervals for the limits as a pair when both limits are read together, as they usually are; each limit's own interval when only one matters (Carkeet 2015).\n\n"
            if let pb = ba.proportionalBias {
                text += "Proportional bias: regressing the differences on the pair means gave a slope of \(num(pb.slope.estimate))"
                text += interval(pb.slope.interval, level) + ", \(pvalue(pb.slopePValue))"
                text += (pb.slopePValue ?? 1) < 0.05 ? ": the bias changes with the level measured, so one pair of limits does not describe agreement over the range.\n" : ".\n"
            }
            if let sw = ba.normality {
                text += "Normality of the differences (Shapiro-Wilk, Royston 1995): W = \(format("%.4f", sw.statistic)), \(pvalue(sw.pValue))"
                text += sw.pValue < 0.05 ? "; the differences are not normal, and the limits, which assume normality, should be read with care (consider `--relative` or a transformation).\n" : ".\n"
            }
        }
        if let rm = r.repeatedMeasures {
            text += "\n### Repeated pairs per subject\n\n"
            text += "\(rm.subjectCount) subjects contributed \(rm.pairCount) pairs (`\(r.subjectColumn ?? "")`). Treating the pairs as independent understates the variation, "
            text += "so the limits allowing for repeated measures (Bland & Altman 2007, true value varying within subjects) should be reported: "
            text += "bias \(num(rm.bias)), SD \(num(rm.standardDeviation)) (between-subject variance \(num(rm.betweenSubjectVariance)), "
            text += "within-subject \(num(rm.withinSubjectVariance))), limits of agreement \(num(rm.lowerLimit.estimate))" + interval(rm.lowerLimit.interval, level)
            text += " to \(num(rm.upperLimit.estimate))" + interval(rm.upperLimit.interval, level)
            text += " (confidence intervals by MOVER on the ANOVA mean squares, Zou 2013).\n"
            if let z = r.repeatedMeasuresMOVER {
                text += "With Zou's method (2013: subject-mean bias, pooled within-subject variance; the same as the above when every subject gives the same number of pairs), the limits are "
                text += "\(num(z.lowerLimit.estimate))" + interval(z.lowerLimit.interval, level) + " to \(num(z.upperLimit.estimate))"
                text += interval(z.upperLimit.interval, level) + ", confidence intervals by MOVER.\n"
            }
        }
        if let c = r.concordance {
            text += "\n### Concordance\n\n"
            text += "Lin's concordance correlation coefficient (Lin 1989) was \(format("%.3f", c.estimate))"
            text += interval(c.interval, level, decimals: 3) + " by Fisher's z-transformation; "
            text += "precision (Pearson r) \(format("%.3f", c.pearson)), accuracy (bias correction factor C_b) \(format("%.3f", c.biasCorrection)).\n"
        }
        if let d = r.diagnostic {
            let cutoff = r.cutoff ?? .atOrBelow090
            let rule = cutoff == .atOrBelow090 ? "ABI <= 0.90" : "ABI < 0.90"
            text += "\n### Diagnostic accuracy at \(rule)\n\n"
            text += "`\(a)` was positive when \(rule) (2-decimal value, as `abikit score`); the reference was `\(b)` at the same cut-off.\n\n"
            text += "| | reference positive | reference negative |\n| --- | ---: | ---: |\n"
            text += "| index positive | \(d.truePositives) | \(d.falsePositives) |\n| index negative | \(d.falseNegatives) | \(d.trueNegatives) |\n\n"
            text += "| quantity | estimate | \(level) CI (Wilson) | \(level) CI (Clopper-Pearson) |\n| --- | ---: | --- | --- |\n"
            for (name, e) in [("sensitivity", d.sensitivity), ("specificity", d.specificity), ("PPV", d.positivePredictiveValue),
                              ("NPV", d.negativePredictiveValue), ("accuracy", d.accuracy)] {
                text += "| \(name) | \(percent(e.estimate)) (\(e.successes)/\(e.trials)) | \(percentRange(e.wilson)) | \(percentRange(e.clopperPearson)) |\n"
            }
            text += "\nLikelihood ratios (log-method CIs, Simel 1991): LR+ \(num(d.positiveLikelihoodRatio.estimate))"
            text += interval(d.positiveLikelihoodRatio.interval, level) + ", LR- \(num(d.negativeLikelihoodRatio.estimate))"
            text += interval(d.negativeLikelihoodRatio.interval, level) + ". Youden's J \(format("%.3f", d.youdenIndex)).\n"
            if let m = d.mcNemar {
                text += "McNemar's test of index-only against reference-only positives (\(d.falsePositives) vs \(d.falseNegatives)): "
                text += "chi-square \(format("%.3f", m.correctedStatistic)) with continuity correction, \(pvalue(m.correctedPValue)) "
                text += "(without correction \(format("%.3f", m.statistic)), \(pvalue(m.pValue))).\n"
            }
            if let k = d.kappa {
                text += "Cohen's kappa for positive/negative: \(format("%.3f", k.estimate))" + interval(k.interval, level, decimals: 3) + " (asymptotic SE, Fleiss, Cohen & Everitt 1969).\n"
            }
        }
        if let table = r.categoryTable, !r.categoryKappa.isEmpty {
            let names = AgreeResult.categoryOrder.map(\.rawValue)
            text += "\n### Agreement on ABI categories\n\n"
            text += "| index \\ reference | " + names.joined(separator: " | ") + " |\n| --- |" + String(repeating: " ---: |", count: names.count) + "\n"
            for (i, row) in table.enumerated() { text += "| \(names[i]) | " + row.map(String.init).joined(separator: " | ") + " |\n" }
            text += "\n| kappa | estimate | \(level) CI |\n| --- | ---: | --- |\n"
            for k in r.categoryKappa {
                let name = k.weighting == .unweighted ? "unweighted (Cohen 1960)" : "\(k.weighting.rawValue) weights (Cohen 1968)"
                text += "| \(name) | \(format("%.3f", k.estimate)) | \(range(k.interval, decimals: 3)) |\n"
            }
            text += "\nCategories ordered abnormal < borderline < normal < noncompressible (> 1.40) for the weights; asymptotic SEs of Fleiss, Cohen & Everitt 1969.\n"
        }
        if let roc = r.roc {
            text += "\n### ROC analysis\n\n"
            text += "Against the reference at the cut-off (\(roc.caseCount) positive, \(roc.controlCount) negative), the area under the ROC curve of `\(a)` "
            text += "(low values positive) was \(format("%.3f", roc.auc))" + interval(roc.interval, level, decimals: 3) + " (DeLong 1988). "
            text += "The Youden-optimal cut-off was \(a) <= \(format("%.3f", roc.youdenThreshold)) "
            text += "(sensitivity \(percent(roc.youdenSensitivity)), specificity \(percent(roc.youdenSpecificity)))"
            text += roc.youdenTies > 1 ? "; \(roc.youdenTies) thresholds share the best J, the lowest is given.\n" : ".\n"
        }
        if let icc = r.icc {
            text += "\n### Intraclass correlation\n\n"
            let raters = r.iccColumns.map { "`\($0)`" }.joined(separator: ", ")
            text += "\(icc.targetCount) targets rated by \(icc.raterCount) raters or methods (\(raters))"
            text += r.iccExcludedTargets > 0 ? "; \(r.iccExcludedTargets) rows without a usable value from every rater were excluded.\n\n" : ".\n\n"
            text += "| form | Shrout & Fleiss | McGraw & Wong | ICC | \(level) CI | F | df | p | Koo & Li |\n| --- | --- | --- | ---: | --- | ---: | --- | --- | --- |\n"
            let names: [ICCForm: (String, String)] = [.oneWaySingle: ("ICC(1,1)", "ICC(1)"), .twoWayRandomSingle: ("ICC(2,1)", "ICC(A,1)"),
                .twoWayMixedSingle: ("ICC(3,1)", "ICC(C,1)"), .oneWayAverage: ("ICC(1,k)", "ICC(k)"),
                .twoWayRandomAverage: ("ICC(2,k)", "ICC(A,k)"), .twoWayMixedAverage: ("ICC(3,k)", "ICC(C,k)")]
            for e in icc.entries {
                let (sf, mw) = names[e.form]!
                text += "| \(e.form.description) | \(sf) | \(mw) | \(format("%.3f", e.estimate)) | \(range(e.interval, decimals: 3)) | "
                text += "\(format("%.2f", e.fStatistic)) | \(format("%g", e.numeratorDegreesOfFreedom)), \(format("%.4g", e.denominatorDegreesOfFreedom)) | \(pvalue(e.pValue, bare: true)) | \(e.interpretation.rawValue) |\n"
            }
            let recommended = icc[.twoWayRandomSingle]
            let lowBand = ICCInterpretation(recommended.interval.lower), highBand = ICCInterpretation(recommended.interval.upper)
            text += "\nRecommended form: ICC(2,1) = ICC(A,1), two-way random effects, absolute agreement, single rater (Koo & Li 2016), "
            text += "because methods or raters are meant to be interchangeable and a patient is measured once in practice: "
            text += "\(format("%.3f", recommended.estimate))" + interval(recommended.interval, level, decimals: 3) + ". "
            text += "By Koo & Li's bands (poor < 0.5, moderate 0.5-0.75, good 0.75-0.9, excellent > 0.9), judged on the CI, reliability is "
            text += lowBand == highBand ? "\(lowBand.rawValue).\n" : "\(lowBand.rawValue) to \(highBand.rawValue).\n"
            text += "F tests and F-based CIs as R psych::ICC and pingouin (McGraw & Wong 1996; ICC(2) with Satterthwaite degrees of freedom).\n"
        }
        if !r.notes.isEmpty {
            text += "\n### Notes\n\n"
            for note in r.notes { text += "- " + describe(note) + "\n" }
        }
        return text
    }

    public static func describe(_ note: AgreeNote) -> String {
        switch note {
        case .differencesNotNormal(let p): "differences not normal (Shapiro-Wilk \(pvalue(p))): limits of agreement assume normality"
        case .proportionalBias(let p): "proportional bias: the differences change with the mean (slope \(pvalue(p)))"
        case .repeatedPairs(let s, let n): "\(n) pairs from \(s) subjects: use the repeated-measures limits; the plain limits are too narrow"
        case .tooFewPairs(let n): "only \(n) usable pair\(n == 1 ? "" : "s"): Bland-Altman needs at least 2"
        case .referenceOneClass: "the reference has no positives or no negatives at the cut-off: ROC not computed, some proportions undefined"
        case .youdenTies(let n): "\(n) thresholds share the best Youden J; the lowest is reported"
        case .mixedCategoriesAndNumbers(let n): "\(n) rows have a category word on one side and a number on the other; not compared"
        case .normalityNotTested(let n): "normality of the \(n) differences not tested (Shapiro-Wilk takes 3 to 5000 values); inspect the Bland-Altman plot"
        case .iccUndefined: "ICC not computed: fewer than 2 complete targets, or no residual variance"
        }
    }

    static func format(_ spec: String, _ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NA" : (value > 0 ? "Inf" : "-Inf") }
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, spec, $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    static func num(_ v: Double) -> String { format("%.3g", v) }
    static func percent(_ v: Double) -> String { format("%.1f", v * 100) + "%" }
    static func cell(_ s: String) -> String { s.replacing("|", with: "\\|") }
    static func range(_ i: ConfidenceInterval?, decimals: Int? = nil) -> String {
        guard let i else { return "NA" }
        let f = decimals.map { "%.\($0)f" } ?? "%.3g"
        return format(f, i.lower) + " to " + format(f, i.upper)
    }
    static func percentRange(_ i: ConfidenceInterval?) -> String {
        guard let i else { return "NA" }
        return percent(i.lower) + " to " + percent(i.upper)
    }
    static func interval(_ i: ConfidenceInterval?, _ level: String, decimals: Int? = nil) -> String {
        guard let i else { return "" }
        return " (\(level) CI " + range(i, decimals: decimals) + ")"
    }
    static func pvalue(_ p: Double?, bare: Bool = false) -> String {
        guard let p, p.isFinite else { return bare ? "NA" : "p NA" }
        if p < 0.001 { return bare ? "< 0.001" : "p < 0.001" }
        return (bare ? "" : "p = ") + format("%.3f", p)
    }
}
