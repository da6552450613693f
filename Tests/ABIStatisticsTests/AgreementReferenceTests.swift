import ABIStatistics
import Foundation
import Testing

/// Agreement statistics against Scripts/reference/agree_reference.R (R stats, psych, pROC, epiR)
/// and Scripts/reference/agree_reference.py (scipy, statsmodels, pingouin, scikit-learn), and the
/// published examples (Bland & Altman 1986; Shrout & Fleiss 1979; one-sided tolerance factors).
@Suite struct AgreementReferenceTests {
    typealias Object = [String: Any]

    static func load(_ name: String) throws -> Object {
        try #require(try JSONSerialization.jsonObject(with: ReferenceFixture.data(named: name)) as? Object)
    }
    nonisolated(unsafe) static let r: Object = (try? load("agree_r")) ?? [:]
    nonisolated(unsafe) static let py: Object = (try? load("agree_python")) ?? [:]

    func object(_ o: Object, _ key: String) throws -> Object { try #require(o[key] as? Object, "missing \(key)") }
    func double(_ o: Object, _ key: String) throws -> Double { try #require((o[key] as? NSNumber)?.doubleValue, "missing \(key)") }
    func doubles(_ o: Object, _ key: String) throws -> [Double] {
        try #require((o[key] as? [Any])?.map { value -> Double in
            switch value as? String {
            case "Inf": return .infinity
            case "-Inf": return -.infinity
            default: return (value as? NSNumber)?.doubleValue ?? .nan
            }
        }, "missing \(key)")
    }
    func int(_ o: Object, _ key: String) throws -> Int { try #require((o[key] as? NSNumber)?.intValue, "missing \(key)") }

    func expectClose(_ actual: Double?, _ expected: Double, _ tolerance: Double, _ what: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard let actual else { Issue.record("\(what): nil", sourceLocation: sourceLocation); return }
        #expect(relativeError(actual, expected) <= tolerance, "\(what): \(actual) vs \(expected)", sourceLocation: sourceLocation)
    }
    func expectInterval(_ actual: ConfidenceInterval?, _ expected: [Double], _ tolerance: Double, _ what: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        expectClose(actual?.lower, expected[0], tolerance, what + " lower", sourceLocation: sourceLocation)
        expectClose(actual?.upper, expected[1], tolerance, what + " upper", sourceLocation: sourceLocation)
    }

    @Test func headersNameScriptsAndVersions() throws {
        let rh = try object(Self.r, "header"), ph = try object(Self.py, "header")
        #expect(rh["generated_by"] as? String == "Scripts/reference/agree_reference.R")
        #expect(ph["generated_by"] as? String == "Scripts/reference/agree_reference.py")
        let rVersions = try object(rh, "versions"), pythonVersions = try object(ph, "versions")
        #expect(rVersions["psych"] != nil && rVersions["pROC"] != nil)
        #expect(pythonVersions["pingouin"] != nil && pythonVersions["statsmodels"] != nil)
    }

    /// Bland & Altman 1986 (Lancet i:307), PEFR by Wright and mini Wright meters: mean difference
    /// -2.1 l/min, SD 38.8, limits -2.1 -+ 2 SD = -80 to 75 (the paper's rounding and multiplier 2).
    @Test func blandAltman1986PublishedExample() throws {
        let pefr = try object(Self.r, "pefr")
        let result = try #require(BlandAltman.analyse(try doubles(pefr, "a"), try doubles(pefr, "b")))
        #expect(result.count == 17)
        #expect((result.bias.estimate * 10).rounded() / 10 == -2.1)
        #expect((result.standardDeviation * 10).rounded() / 10 == 38.8)
        #expect((result.bias.estimate - 2 * result.standardDeviation).rounded() == -80)
        #expect((result.bias.estimate + 2 * result.standardDeviation).rounded() == 75)
    }

    @Test(arguments: ["pefr", "abi"]) func blandAltmanAgainstR(_ set: String) throws {
        let ref = try object(Self.r, set)
        let result = try #require(BlandAltman.analyse(try doubles(ref, "a"), try doubles(ref, "b")))
        let tol = 1e-10
        expectClose(result.bias.estimate, try double(ref, "bias"), tol, "bias")
        expectClose(result.standardDeviation, try double(ref, "sd"), tol, "sd")
        expectInterval(result.bias.interval, try doubles(ref, "bias_ci"), tol, "bias CI")
        expectClose(result.lowerLimit.estimate, try double(ref, "lower"), tol, "lower limit")
        expectClose(result.upperLimit.estimate, try double(ref, "upper"), tol, "upper limit")
        expectInterval(result.lowerLimit.interval, try doubles(ref, "lower_ci"), tol, "lower limit CI (1999)")
        expectInterval(result.upperLimit.interval, try doubles(ref, "upper_ci"), tol, "upper limit CI (1999)")
        // R's qt(ncp) searches to about 1e-11 and warns about pnt's precision: 1e-8 here; the
        // exact limits are checked against scipy (Boost) at 1e-10 below.
        expectInterval(result.lowerLimitExact, try doubles(ref, "lower_exact"), 1e-8, "lower limit exact CI")
        expectInterval(result.upperLimitExact, try doubles(ref, "upper_exact"), 1e-8, "upper limit exact CI")
        let slope = try #require(result.proportionalBias)
        expectClose(slope.slope.estimate, try double(ref, "slope"), tol, "slope")
        expectClose(slope.intercept, try double(ref, "intercept"), 1e-9, "intercept")
        expectClose(slope.slopeStandardError, try double(ref, "slope_se"), tol, "slope SE")
        expectClose(slope.slopePValue, try double(ref, "slope_p"), 1e-9, "slope p")
        expectInterval(slope.slope.interval, try doubles(ref, "slope_ci"), tol, "slope CI")
        let normality = try #require(result.normality)
        expectClose(normality.statistic, try double(ref, "shapiro_w"), tol, "Shapiro-Wilk W")
        expectClose(normality.pValue, try double(ref, "shapiro_p"), 1e-9, "Shapiro-Wilk p")
    }

    @Test func exactLimitsAgainstScipy() throws {
        let ref = try object(Self.py, "exact_limits"), data = try object(Self.r, "abi")
        let result = try #require(BlandAltman.analyse(try doubles(data, "a"), try doubles(data, "b")))
        expectInterval(result.upperLimitExact, try doubles(ref, "upper_exact"), 1e-10, "upper exact")
        expectInterval(result.lowerLimitExact, try doubles(ref, "lower_exact"), 1e-10, "lower exact")
    }

    @Test func relativeDifferencesAgainstR() throws {
        let data = try object(Self.r, "abi"), ref = try object(Self.r, "abi_relative")
        let result = try #require(BlandAltman.analyse(try doubles(data, "a"), try doubles(data, "b"), relative: true))
        #expect(result.relative)
        expectClose(result.bias.estimate, try double(ref, "bias"), 1e-10, "relative bias")
        expectClose(result.standardDeviation, try double(ref, "sd"), 1e-10, "relative sd")
        expectInterval(result.upperLimit.interval, try doubles(ref, "upper_ci"), 1e-10, "relative upper CI")
        expectInterval(result.lowerLimitExact, try doubles(ref, "lower_exact"), 1e-8, "relative lower exact")
    }

    /// One-sided normal tolerance factors k = t'(gamma; n-1, z_p sqrt(n)) / sqrt(n) against scipy;
    /// and the published n = 10, 95% coverage, 95% confidence factor 2.911 (Natrella 1963, Table
    /// A-7; NIST/SEMATECH e-Handbook 7.2.6.3).
    @Test func toleranceFactorsAndNoncentralT() throws {
        for case let row as Object in try #require(Self.py["tolerance_factors"] as? [Any]) {
            let n = Double(try int(row, "n"))
            let z = NormalDistribution().quantile(try double(row, "coverage"))
            let k = NoncentralTDistribution(degreesOfFreedom: n - 1, noncentrality: z * n.squareRoot())
                .quantile(try double(row, "confidence")) / n.squareRoot()
            expectClose(k, try double(row, "k"), 1e-10, "tolerance factor n=\(n)")
        }
        let k10 = NoncentralTDistribution(degreesOfFreedom: 9, noncentrality: NormalDistribution().quantile(0.95) * 10.0.squareRoot())
            .quantile(0.95) / 10.0.squareRoot()
        #expect((k10 * 1000).rounded() / 1000 == 2.911)
        for case let row as Object in try #require(Self.py["noncentral_t"] as? [Any]) {
            let d = NoncentralTDistribution(degreesOfFreedom: try double(row, "df"), noncentrality: try double(row, "ncp"))
            expectClose(d.cdf(try double(row, "x")), try double(row, "cdf"), 1e-10, "nct cdf \(row)")
            expectClose(d.quantile(try double(row, "p")), try double(row, "q"), 1e-10, "nct quantile \(row)")
        }
        for case let row as Object in try #require(Self.r["noncentral_t"] as? [Any]) {
            let d = NoncentralTDistribution(degreesOfFreedom: try double(row, "df"), noncentrality: try double(row, "ncp"))
            expectClose(d.quantile(try double(row, "p")), try double(row, "q"), 1e-8, "nct quantile vs R \(row)")
            expectClose(d.cdf(try double(row, "ncp") * 0.9), try double(row, "cdf_at_2"), 1e-10, "nct cdf vs R \(row)")
        }
    }

    @Test func shapiroWilkAgainstR() throws {
        for case let row as Object in try #require(Self.r["shapiro"] as? [Any]) {
            let x = try doubles(row, "x")
            let result = try #require(ShapiroWilk.test(x))
            expectClose(result.statistic, try double(row, "w"), 1e-10, "W n=\(x.count)")
            expectClose(result.pValue, try double(row, "p"), 1e-9, "p n=\(x.count)")
        }
        #expect(ShapiroWilk.test([1, 2]) == nil)
        #expect(ShapiroWilk.test([3, 3, 3, 3]) == nil)
        #expect(ShapiroWilk.test([1, .nan, 2, .infinity]) == nil, "two finite values")
    }

    @Test func repeatedMeasuresAgainstHandCodedR() throws {
        let data = try object(Self.r, "abi"), ref = try object(Self.r, "repeated")
        let ids = try #require(data["id"] as? [String])
        let a = try doubles(data, "a"), b = try doubles(data, "b")
        let codes = ids.map { Int($0.dropFirst())! }
        let result = try #require(BlandAltman.repeatedMeasures(subjects: codes, differences: zip(a, b).map { $0 - $1 }))
        #expect(result.subjectCount == 40 && result.pairCount == 80)
        expectClose(result.bias, try double(ref, "bias"), 1e-10, "bias")
        expectClose(result.betweenSubjectVariance, try double(ref, "between"), 1e-10, "between")
        expectClose(result.withinSubjectVariance, try double(ref, "within"), 1e-10, "within")
        expectClose(result.lowerLimit.estimate, try double(ref, "lower"), 1e-10, "lower")
        expectClose(result.upperLimit.estimate, try double(ref, "upper"), 1e-10, "upper")
        #expect(BlandAltman.repeatedMeasures(subjects: [1, 2, 3], differences: [0.1, 0.2, 0.3]) == nil, "no replication")
        #expect(BlandAltman.repeatedMeasuresMOVER(subjects: [1, 2, 3], differences: [0.1, 0.2, 0.3]) == nil, "no replication")
    }

    @Test(arguments: ["zou", "zou_unbalanced"]) func zouMOVERAgainstR(_ set: String) throws {
        let data = try object(Self.r, "abi"), ref = try object(Self.r, set)
        let ids = try #require(data["id"] as? [String])
        let a = try doubles(data, "a"), b = try doubles(data, "b")
        let keep = (ref["keep"] as? [Bool]) ?? Array(repeating: true, count: ids.count)
        let rows = ids.indices.filter { keep[$0] }
        let result = try #require(BlandAltman.repeatedMeasuresMOVER(subjects: rows.map { Int(ids[$0].dropFirst())! },
                                                                    differences: rows.map { a[$0] - b[$0] }))
        expectClose(result.bias, try double(ref, "bias"), 1e-10, "bias")
        expectClose(result.betweenSubjectVariance, try double(ref, "sb2"), 1e-10, "subject-mean variance")
        expectClose(result.withinSubjectVariance, try double(ref, "sw2"), 1e-10, "within")
        expectClose(result.standardDeviation, try double(ref, "sd"), 1e-10, "sd")
        expectClose(result.lowerLimit.estimate, try double(ref, "lower"), 1e-10, "lower")
        expectInterval(result.lowerLimit.interval, try doubles(ref, "lower_ci"), 1e-10, "lower CI")
        expectInterval(result.upperLimit.interval, try doubles(ref, "upper_ci"), 1e-10, "upper CI")
    }

    /// Bland & Altman 2007 limits with MOVER intervals on the ANOVA mean squares, against the same
    /// construction coded with R's lm()/anova(): balanced, unbalanced, truncated between-subject
    /// variance and a 90% level. Balanced, the intervals must equal Zou's (subject-mean) intervals.
    @Test(arguments: ["ba2007_mover", "ba2007_mover_unbalanced", "ba2007_mover_truncated", "ba2007_mover_level90"])
    func blandAltman2007IntervalsAgainstR(_ set: String) throws {
        let ref = try object(Self.r, set)
        let subjects: [Int], differences: [Double]
        if ref["differences"] != nil {
            subjects = try doubles(ref, "subjects").map { Int($0) }
            differences = try doubles(ref, "differences")
        } else {
            let data = try object(Self.r, "abi")
            let ids = try #require(data["id"] as? [String])
            let a = try doubles(data, "a"), b = try doubles(data, "b")
            let keep = (ref["keep"] as? [Bool]) ?? Array(repeating: true, count: ids.count)
            let rows = ids.indices.filter { keep[$0] }
            subjects = rows.map { Int(ids[$0].dropFirst())! }
            differences = rows.map { a[$0] - b[$0] }
        }
        let level = set.hasSuffix("level90") ? 0.90 : 0.95
        let result = try #require(BlandAltman.repeatedMeasures(subjects: subjects, differences: differences, level: level))
        expectClose(result.bias, try double(ref, "bias"), 1e-10, "bias")
        if try double(ref, "between") == 0 { #expect(result.betweenSubjectVariance == 0) }
        else { expectClose(result.betweenSubjectVariance, try double(ref, "between"), 1e-10, "between") }
        expectClose(result.withinSubjectVariance, try double(ref, "within"), 1e-10, "within")
        expectClose(result.standardDeviation, try double(ref, "sd"), 1e-10, "sd")
        expectClose(result.lowerLimit.estimate, try double(ref, "lower"), 1e-10, "lower")
        expectClose(result.upperLimit.estimate, try double(ref, "upper"), 1e-10, "upper")
        expectInterval(result.lowerLimit.interval, try doubles(ref, "lower_ci"), 1e-10, "lower CI")
        expectInterval(result.upperLimit.interval, try doubles(ref, "upper_ci"), 1e-10, "upper CI")
        #expect(result.lowerLimit.interval?.level == level)
        if set == "ba2007_mover" {
            let zou = try #require(BlandAltman.repeatedMeasuresMOVER(subjects: subjects, differences: differences))
            expectInterval(result.lowerLimit.interval, [zou.lowerLimit.interval!.lower, zou.lowerLimit.interval!.upper], 1e-12, "balanced = Zou lower")
            expectInterval(result.upperLimit.interval, [zou.upperLimit.interval!.lower, zou.upperLimit.interval!.upper], 1e-12, "balanced = Zou upper")
        }
    }

    @Test func blandAltman2007Edges() {
        // Constant differences: limits defined (both at the bias), no interval.
        let constant = BlandAltman.repeatedMeasures(subjects: [1, 1, 2, 2], differences: [0.1, 0.1, 0.1, 0.1])
        #expect(constant?.standardDeviation == 0 && constant?.lowerLimit.interval == nil && constant?.upperLimit.interval == nil)
        // Non-finite differences are left out before the subject counts.
        let withNaN = BlandAltman.repeatedMeasures(subjects: [1, 1, 2, 2, 3], differences: [0.1, 0.2, 0.0, 0.3, .nan])
        let without = BlandAltman.repeatedMeasures(subjects: [1, 1, 2, 2], differences: [0.1, 0.2, 0.0, 0.3])
        #expect(withNaN == without && withNaN?.subjectCount == 2)
        #expect(BlandAltman.repeatedMeasures(subjects: [], differences: []) == nil)
        #expect(BlandAltman.repeatedMeasures(subjects: [1, 1], differences: [0.1, 0.2]) == nil, "one subject")
        // Each interval contains its limit.
        let r = BlandAltman.repeatedMeasures(subjects: [1, 1, 2, 2, 3, 3, 3], differences: [0.1, 0.3, -0.2, 0.0, 0.4, 0.2, 0.5])
        let lower = r?.lowerLimit, upper = r?.upperLimit
        #expect((lower?.interval?.lower ?? .nan) < (lower?.estimate ?? .nan) && (lower?.estimate ?? .nan) < (lower?.interval?.upper ?? .nan))
        #expect((upper?.interval?.lower ?? .nan) < (upper?.estimate ?? .nan) && (upper?.estimate ?? .nan) < (upper?.interval?.upper ?? .nan))
    }

    @Test func concordanceAgainstEpiR() throws {
        let data = try object(Self.r, "abi"), ref = try object(Self.r, "ccc")
        let result = try #require(ConcordanceCorrelation.analyse(try doubles(data, "a"), try doubles(data, "b")))
        expectClose(result.estimate, try double(ref, "estimate"), 1e-10, "CCC")
        expectClose(result.interval?.lower, try double(ref, "lower"), 1e-10, "CCC lower")
        expectClose(result.interval?.upper, try double(ref, "upper"), 1e-10, "CCC upper")
        expectClose(result.biasCorrection, try double(ref, "bias_correction"), 1e-10, "C_b")
        #expect(ConcordanceCorrelation.analyse([1, 2, 3], [2, 2, 2]) == nil)
    }

    @Test func diagnosticAccuracyAgainstRAndStatsmodels() throws {
        let ref = try object(Self.r, "diagnostic"), pref = try object(Self.py, "diagnostic")
        let (tp, fp, fn, tn) = (try int(ref, "tp"), try int(ref, "fp"), try int(ref, "fn"), try int(ref, "tn"))
        let pythonTP = try int(pref, "tp"), pythonTN = try int(pref, "tn")
        #expect(tp == pythonTP && tn == pythonTN)
        let result = DiagnosticAccuracy.analyse(truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn)
        let pairs: [(String, ProportionEstimate)] = [("sensitivity", result.sensitivity), ("specificity", result.specificity),
            ("ppv", result.positivePredictiveValue), ("npv", result.negativePredictiveValue), ("accuracy", result.accuracy)]
        for (key, estimate) in pairs {
            for source in [try object(ref, key), try object(pref, key)] {
                expectClose(estimate.estimate, try double(source, "estimate"), 1e-15, key)
                expectInterval(estimate.wilson, try doubles(source, "wilson"), 1e-10, key + " Wilson")
                expectInterval(estimate.clopperPearson, try doubles(source, "clopper_pearson"), 1e-10, key + " Clopper-Pearson")
            }
        }
        let lrp = try doubles(ref, "lr_positive"), lrm = try doubles(ref, "lr_negative")
        expectClose(result.positiveLikelihoodRatio.estimate, lrp[0], 1e-12, "LR+")
        expectInterval(result.positiveLikelihoodRatio.interval, Array(lrp[1...]), 1e-10, "LR+ CI")
        expectClose(result.negativeLikelihoodRatio.estimate, lrm[0], 1e-12, "LR-")
        expectInterval(result.negativeLikelihoodRatio.interval, Array(lrm[1...]), 1e-10, "LR- CI")
        expectClose(result.youdenIndex, try double(ref, "youden"), 1e-12, "Youden")
        let mc = try #require(result.mcNemar)
        for source in [ref, pref] {
            let c = try doubles(source, "mcnemar_corrected"), u = try doubles(source, "mcnemar_uncorrected")
            expectClose(mc.correctedStatistic, c[0], 1e-12, "McNemar corrected")
            expectClose(mc.correctedPValue, c[1], 1e-10, "McNemar corrected p")
            expectClose(mc.statistic, u[0], 1e-12, "McNemar")
            expectClose(mc.pValue, u[1], 1e-10, "McNemar p")
        }
        let kappa = try #require(result.kappa), k = try doubles(ref, "kappa")
        expectClose(kappa.estimate, k[0], 1e-12, "kappa vs psych")
        expectInterval(kappa.interval, Array(k[1...]), 1e-10, "kappa CI vs psych")
    }

    @Test func proportionEdgesAgainstStatsmodels() throws {
        for case let row as Object in try #require(Self.py["proportions"] as? [Any]) {
            let p = ProportionEstimate(successes: try int(row, "x"), trials: try int(row, "n"))
            expectInterval(p.wilson, try doubles(row, "wilson"), 1e-10, "Wilson \(row)")
            expectInterval(p.clopperPearson, try doubles(row, "clopper_pearson"), 1e-10, "Clopper-Pearson \(row)")
        }
        let empty = ProportionEstimate(successes: 0, trials: 0)
        #expect(empty.estimate.isNaN && empty.wilson == nil && empty.clopperPearson == nil)
    }

    @Test func kappaAgainstStatsmodels() throws {
        for case let row as Object in try #require(Self.py["kappa"] as? [Any]) {
            let table = try #require(row["table"] as? [[Int]])
            let weighting = KappaResult.Weighting(rawValue: try #require(row["weighting"] as? String))!
            let result = try #require(CohenKappa.analyse(table: table, weighting: weighting))
            expectClose(result.estimate, try double(row, "kappa"), 1e-12, "kappa \(weighting) \(table)")
            expectClose(result.standardError, try double(row, "se"), 1e-10, "kappa SE \(weighting) \(table)")
            expectClose(result.interval.lower, try double(row, "lower"), 1e-10, "kappa lower")
            expectClose(result.interval.upper, try double(row, "upper"), 1e-10, "kappa upper")
        }
        #expect(CohenKappa.analyse(table: [[5, 0], [0, 0]]) == nil, "chance agreement 1")
        #expect(CohenKappa.analyse(table: [[0, 0], [0, 0]]) == nil, "empty")
    }

    @Test func rocAgainstPROCAndScikitLearn() throws {
        let data = try object(Self.r, "abi"), ref = try object(Self.r, "roc")
        let a = try doubles(data, "a"), b = try doubles(data, "b")
        let result = try #require(ROCCurve.analyse(index: a, isCase: b.map { $0 <= 0.90 }))
        expectClose(result.auc, try double(ref, "auc"), 1e-14, "AUC vs pROC")
        expectClose(result.auc, try double(Self.py, "roc_auc"), 1e-14, "AUC vs scikit-learn")
        expectClose(result.standardError * result.standardError, try double(ref, "var"), 1e-10, "DeLong variance")
        expectClose(result.interval?.lower, try double(ref, "lower"), 1e-10, "DeLong lower")
        expectClose(result.interval?.upper, try double(ref, "upper"), 1e-10, "DeLong upper")
        // pROC lists every threshold with the maximal J (here two); we report the lowest and the tie count.
        let best = try doubles(ref, "best_threshold"), bestSens = try doubles(ref, "best_sensitivity")
        let bestSpec = try doubles(ref, "best_specificity")
        let lowest = try #require(best.indices.min { best[$0] < best[$1] })
        #expect(result.youdenTies == best.count)
        expectClose(result.youdenThreshold, best[lowest], 1e-12, "Youden threshold")
        expectClose(result.youdenSensitivity, bestSens[lowest], 1e-12, "Youden sensitivity")
        expectClose(result.youdenSpecificity, bestSpec[lowest], 1e-12, "Youden specificity")
        let thresholds = try doubles(ref, "thresholds"), sens = try doubles(ref, "sensitivities"), spec = try doubles(ref, "specificities")
        #expect(result.points.count == thresholds.count)
        let ours = result.points.sorted { $0.threshold < $1.threshold }
        let order = thresholds.indices.sorted { thresholds[$0] < thresholds[$1] }
        for (point, i) in zip(ours, order) {
            #expect(point.threshold == thresholds[i] || relativeError(point.threshold, thresholds[i]) < 1e-14)
            #expect(abs(point.sensitivity - sens[i]) < 1e-14 && abs(point.specificity - spec[i]) < 1e-14)
        }
        #expect(ROCCurve.analyse(index: [0.8, 0.9], isCase: [true, true]) == nil, "no controls")
        // One case, two controls: AUC defined (case below both: 1), DeLong variance not.
        let single = try #require(ROCCurve.analyse(index: [0.5, 1.0, 1.1], isCase: [true, false, false]))
        #expect(single.auc == 1 && single.interval == nil && single.standardError.isNaN)
        // All tied: AUC 0.5.
        #expect(ROCCurve.analyse(index: [1, 1, 1, 1], isCase: [true, false, true, false])?.auc == 0.5)
    }

    /// Shrout & Fleiss 1979 Table 4 (estimates of the six forms from Table 2's data) to the printed
    /// digits, and psych::ICC / pingouin to 1e-10.
    @Test func iccShroutFleissAndPsych() throws {
        let ref = try object(Self.r, "shrout_fleiss")
        let ratings = try #require(ref["ratings"] as? [[Double]])
        let result = try #require(IntraclassCorrelation.analyse(ratings))
        let printed: [(ICCForm, Double)] = [(.oneWaySingle, 0.17), (.twoWayRandomSingle, 0.29), (.twoWayMixedSingle, 0.71),
                                            (.oneWayAverage, 0.44), (.twoWayRandomAverage, 0.62), (.twoWayMixedAverage, 0.91)]
        for (form, value) in printed { #expect((result[form].estimate * 100).rounded() / 100 == value, "\(form)") }
        try checkICC(result, ref, try object(Self.py, "icc_shrout_fleiss"))
    }

    @Test func iccRatersAgainstPsychAndPingouin() throws {
        let ref = try object(Self.r, "raters")
        let ratings = try #require(ref["ratings"] as? [[Double]])
        let result = try #require(IntraclassCorrelation.analyse(ratings))
        #expect(result.targetCount == 25 && result.raterCount == 3)
        try checkICC(result, ref, try object(Self.py, "icc_raters"))
        #expect(IntraclassCorrelation.analyse([[1, 2]]) == nil, "one target")
        #expect(IntraclassCorrelation.analyse([[1, 1], [2, 2]]) == nil, "no residual variance")
    }

    func checkICC(_ result: IntraclassCorrelationResult, _ ref: Object, _ py: Object) throws {
        let types = try #require(ref["type"] as? [String])
        let est = try doubles(ref, "estimate"), f = try doubles(ref, "F"), p = try doubles(ref, "p")
        let lower = try doubles(ref, "lower"), upper = try doubles(ref, "upper")
        let pyEst = try doubles(py, "estimate"), pyF = try doubles(py, "F"), pyP = try doubles(py, "p")
        for (i, type) in types.enumerated() {
            let entry = result[ICCForm(rawValue: type)!]
            expectClose(entry.estimate, est[i], 1e-10, "\(type) estimate")
            expectClose(entry.estimate, pyEst[i], 1e-10, "\(type) estimate vs pingouin")
            expectClose(entry.fStatistic, f[i], 1e-10, "\(type) F")
            expectClose(entry.fStatistic, pyF[i], 1e-10, "\(type) F vs pingouin")
            expectClose(entry.pValue, p[i], 1e-9, "\(type) p")
            expectClose(entry.pValue, pyP[i], 1e-9, "\(type) p vs pingouin")
            expectClose(entry.interval.lower, lower[i], 1e-10, "\(type) lower")
            expectClose(entry.interval.upper, upper[i], 1e-10, "\(type) upper")
        }
    }

    @Test func blandAltmanEdgeCases() {
        #expect(BlandAltman.analyse([], []) == nil)
        #expect(BlandAltman.analyse([1], [2]) == nil)
        #expect(BlandAltman.analyse([1, .nan, 3], [1, 2, .infinity]) == nil, "one finite pair")
        let constant = BlandAltman.analyse([1, 2, 3], [0.5, 1.5, 2.5])
        #expect(constant?.standardDeviation == 0)
        #expect(constant?.bias.interval == nil && constant?.upperLimitExact == nil, "zero variance: no intervals")
        // The CI level does not move the limits (always bias -+ 1.96 SD by default).
        let wide = BlandAltman.analyse([1, 2, 3, 5], [1.5, 1.5, 2, 3], level: 0.99)
        let usual = BlandAltman.analyse([1, 2, 3, 5], [1.5, 1.5, 2, 3])
        #expect(wide?.upperLimit.estimate == usual?.upperLimit.estimate)
        #expect((wide?.upperLimit.interval?.upper ?? 0) > (usual?.upperLimit.interval?.upper ?? 0))
        let relative = BlandAltman.analyse([1, -1, 2, 3], [-1, 1, 2, 2], relative: true)
        #expect(relative?.count == 2, "pairs with mean 0 left out of percentage differences")
    }
}
