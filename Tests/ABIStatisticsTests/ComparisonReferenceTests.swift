import ABIStatistics
import Foundation
import Testing

/// Fixtures of Scripts/reference/compare_reference.py and compare_reference.R, decoded loosely
/// (JSON objects as dictionaries) because the rows differ in shape.
enum CompareFixture {
    static var python: [String: Any] { load("compare") }
    static var r: [String: Any] { load("compare_r") }

    static func load(_ name: String) -> [String: Any] {
        guard let data = try? ReferenceFixture.data(named: name),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    static func rows(_ key: String, in source: [String: Any] = python) -> [[String: Any]] {
        source[key] as? [[String: Any]] ?? []
    }
}

extension Dictionary where Key == String, Value == Any {
    func number(_ key: String) -> Double? {
        if let value = self[key] as? NSNumber { return value.doubleValue }
        return nil
    }
    func numbers(_ key: String) -> [Double] { (self[key] as? [NSNumber])?.map(\.doubleValue) ?? [] }
    func object(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
    func string(_ key: String) -> String { self[key] as? String ?? "" }
}

/// |a - b| <= relative |b| + absolute.
func close(_ actual: Double?, _ expected: Double?, relative: Double, absolute: Double = 0) -> Bool {
    guard let actual, let expected else { return false }
    if actual == expected { return true }
    return abs(actual - expected) <= relative * abs(expected) + absolute
}

@Suite struct ComparisonReferenceTests {
    @Test func fixturesNameTheirScriptsAndVersions() throws {
        let python = try #require(CompareFixture.python["header"] as? [String: Any])
        #expect(python.string("generated_by") == "Scripts/reference/compare_reference.py")
        #expect((python["versions"] as? [String: String])?["scipy"] != nil)
        let r = try #require(CompareFixture.r["header"] as? [String: Any])
        #expect(r.string("generated_by") == "Scripts/reference/compare_reference.R")
        #expect((r["versions"] as? [String: String])?["effectsize"] != nil)
        #expect(CompareFixture.rows("paired").count >= 10)
        #expect(CompareFixture.rows("two_sample").count >= 8)
        #expect(CompareFixture.rows("several").count >= 5)
    }

    /// Noncentral t CDF against the 50-digit integral (1e-13 relative; the series is summed to
    /// absolute 1e-16) and against scipy (Boost).
    @Test func noncentralTCDF() {
        let rows = CompareFixture.rows("nct_cdf")
        #expect(!rows.isEmpty)
        for row in rows {
            let distribution = NoncentralTDistribution(degreesOfFreedom: row.number("df")!, noncentrality: row.number("ncp")!)
            let t = row.number("t")!
            let value = distribution.cdf(t)
            #expect(close(value, row.number("cdf"), relative: 1e-13, absolute: 1e-16), "\(row)")
            #expect(close(value, row.number("cdf_scipy"), relative: 1e-12), "\(row)")
            #expect(close(distribution.survival(t), 1 - row.number("cdf")!, relative: 1e-12, absolute: 1e-16))
        }
        // R's pt (AS 243, errmax 1e-12).
        for row in CompareFixture.rows("nct_cdf", in: CompareFixture.r) {
            let value = NoncentralTDistribution(degreesOfFreedom: row.number("df")!, noncentrality: row.number("ncp")!).cdf(row.number("t")!)
            #expect(close(value, row.number("cdf"), relative: 1e-11), "\(row)")
        }
    }

    @Test func noncentralTInversion() {
        let rows = CompareFixture.rows("nct_ncp")
        #expect(rows.count >= 10)
        for row in rows {
            let ncp = NoncentralTDistribution.noncentrality(observed: row.number("t")!, degreesOfFreedom: row.number("df")!,
                                                            cdf: row.number("probability")!)
            #expect(close(ncp, row.number("ncp"), relative: 1e-10, absolute: 1e-13), "\(row) -> \(ncp)")
        }
    }

    @Test func noncentralFCDFAndInversion() {
        for row in CompareFixture.rows("ncf_cdf") {
            let distribution = NoncentralFDistribution(numeratorDegreesOfFreedom: row.number("df1")!,
                                                       denominatorDegreesOfFreedom: row.number("df2")!, noncentrality: row.number("ncp")!)
            let value = distribution.cdf(row.number("f")!)
            #expect(close(value, row.number("cdf"), relative: 1e-13, absolute: 1e-16), "\(row)")
            #expect(close(value, row.number("cdf_scipy"), relative: 1e-12), "\(row)")
        }
        for row in CompareFixture.rows("ncf_ncp") {
            let lambda = NoncentralFDistribution.noncentrality(observed: row.number("f")!, numeratorDegreesOfFreedom: row.number("df1")!,
                                                               denominatorDegreesOfFreedom: row.number("df2")!, cdf: row.number("probability")!)
            #expect(close(lambda, row.number("ncp"), relative: 1e-10, absolute: 1e-13), "\(row) -> \(lambda)")
        }
    }

    @Test func pairedTTestAgainstScipy() throws {
        var checked = 0
        for row in CompareFixture.rows("paired") {
            guard let reference = row.object("t_test") else { continue }
            let result = try #require(PairedComparison.tTest(differences: row.numbers("differences")))
            #expect(close(result.statistic, reference.number("statistic"), relative: 1e-12), "\(row.string("name"))")
            #expect(result.degreesOfFreedom == reference.number("df"))
            #expect(close(result.pValue, reference.number("p"), relative: 1e-10), "\(row.string("name"))")
            #expect(close(result.confidenceInterval.lower, reference.number("ci_low"), relative: 1e-10, absolute: 1e-15))
            #expect(close(result.confidenceInterval.upper, reference.number("ci_high"), relative: 1e-10, absolute: 1e-15))
            #expect(close(result.standardDeviation, reference.number("sd"), relative: 1e-12))
            checked += 1
        }
        #expect(checked >= 10)
    }

    @Test func wilcoxonAgainstScipy() throws {
        var checked = 0
        for row in CompareFixture.rows("paired") {
            let d = row.numbers("differences")
            for case let reference as [String: Any] in row["wilcoxon"] as? [Any] ?? [] {
                let zero = try #require(WilcoxonZeroMethod(rawValue: reference.string("zero_method")))
                let exact = reference.string("method") == "exact"
                let correction = (reference["correction"] as? Bool) ?? false
                guard let result = PairedComparison.wilcoxonSignedRank(differences: d, zeroMethod: zero, continuityCorrection: correction,
                                                                      method: exact ? .exact : .asymptotic) else {
                    Issue.record("nil for \(row.string("name")) \(reference)")
                    continue
                }
                let label = "\(row.string("name")) \(reference)"
                #expect(close(result.statistic, reference.number("statistic"), relative: 1e-14), "\(label)")
                if exact {
                    // Exact distribution: scipy sums floating probabilities, this sums integer counts
                    // (exact to n = 50; see wilcoxonExactEqualsRational): rounding differences only.
                    #expect(close(result.pValue, reference.number("p"), relative: 1e-13), "\(label) \(result.pValue)")
                } else {
                    #expect(close(result.pValue, reference.number("p"), relative: 1e-10), "\(label) \(result.pValue)")
                    // scipy reports -|z| for the two-sided asymptotic test.
                    #expect(close(-abs(result.z ?? .nan), reference.number("z"), relative: 1e-12), "\(label)")
                }
                checked += 1
            }
        }
        #expect(checked >= 60)
    }

    /// The automatic exact p-value equals the exact rational (computed with integers in Python)
    /// rounded to a double: the counts are exact integers and 2^n divides exactly.
    @Test func wilcoxonExactEqualsRational() throws {
        var checked = 0
        for row in CompareFixture.rows("paired") {
            guard let rational = row.object("wilcoxon_exact_rational") else { continue }
            // Zeros dropped (zero_method "wilcox"), then the exact distribution of the rest.
            let result = try #require(PairedComparison.wilcoxonSignedRank(differences: row.numbers("differences"), method: .exact))
            #expect(result.method == .exact)
            #expect(result.positiveRankSum == rational.number("positive_rank_sum"))
            let expected = rational.number("p_numerator")! / rational.number("p_denominator")!
            #expect(result.pValue == expected, "\(row.string("name"))")
            checked += 1
        }
        #expect(checked >= 3)
    }

    @Test func twoSampleTestsAgainstScipy() throws {
        for row in CompareFixture.rows("two_sample") {
            let a = row.numbers("first"), b = row.numbers("second")
            for (key, equal) in [("welch", false), ("student", true)] {
                let reference = try #require(row.object(key))
                let result = try #require(TwoSampleComparison.tTest(a, b, equalVariances: equal))
                let label = "\(row.string("name")) \(key)"
                #expect(close(result.statistic, reference.number("statistic"), relative: 1e-12), "\(label)")
                #expect(close(result.degreesOfFreedom, reference.number("df"), relative: 1e-12), "\(label)")
                #expect(close(result.pValue, reference.number("p"), relative: 1e-10), "\(label)")
                #expect(close(result.confidenceInterval.lower, reference.number("ci_low"), relative: 1e-10, absolute: 1e-15), "\(label)")
                #expect(close(result.confidenceInterval.upper, reference.number("ci_high"), relative: 1e-10, absolute: 1e-15), "\(label)")
            }
            for case let reference as [String: Any] in row["mann_whitney"] as? [Any] ?? [] {
                let exact = reference.string("method") == "exact"
                let continuity = (reference["continuity"] as? Bool) ?? false
                let result = try #require(TwoSampleComparison.mannWhitneyU(a, b, continuityCorrection: continuity, method: exact ? .exact : .asymptotic))
                let label = "\(row.string("name")) \(reference)"
                #expect(result.statistic == reference.number("statistic"), "\(label)")
                #expect(close(result.pValue, reference.number("p"), relative: exact ? 1e-13 : 1e-10), "\(label) \(result.pValue)")
            }
            if let rational = row.object("mann_whitney_exact_rational") {
                let result = try #require(TwoSampleComparison.mannWhitneyU(a, b))
                #expect(result.method == .exact)
                #expect(result.pValue == rational.number("p_numerator")! / rational.number("p_denominator")!, "\(row.string("name"))")
            }
        }
    }

    /// The exact null distributions equal the integer counts of the Python script.
    @Test func exactDistributionsEqualIntegerCounts() throws {
        var checked = 0
        for row in CompareFixture.rows("paired") {
            guard let rational = row.object("wilcoxon_exact_rational"), rational["counts"] is [Any] else { continue }
            let n = Int(rational.number("n")!)
            #expect(RankDistributions.signedRankCounts(n: n) == rational.numbers("counts"))
            checked += 1
        }
        for row in CompareFixture.rows("two_sample") {
            guard let rational = row.object("mann_whitney_exact_rational") else { continue }
            let m = row.numbers("first").count, n = row.numbers("second").count
            #expect(RankDistributions.mannWhitneyCounts(m: m, n: n) == rational.numbers("counts"))
            #expect(RankDistributions.mannWhitneyCounts(m: n, n: m) == rational.numbers("counts"))
            checked += 1
        }
        #expect(checked >= 5)
    }

    @Test func pairedEffectSizes() throws {
        let rRows = Dictionary(uniqueKeysWithValues: CompareFixture.rows("paired", in: CompareFixture.r).map { ($0.string("name"), $0) })
        var checked = 0
        for row in CompareFixture.rows("paired") {
            guard let dzReference = row.number("d_z"), let r = rRows[row.string("name")], r["d_z"] != nil else { continue }
            let label = row.string("name")
            let dz = try #require(EffectSize.cohensDz(differences: row.numbers("differences")))
            #expect(close(dz.estimate, dzReference, relative: 1e-12), "\(label)")
            let interval = try #require(dz.confidenceInterval)
            // The same limits solved to 1e-15 by uniroot on R's pt (AS 243 accurate to ~1e-12).
            #expect(close(interval.lower, r.number("d_z_root_ci_low"), relative: 1e-9, absolute: 1e-11), "\(label) \(interval)")
            #expect(close(interval.upper, r.number("d_z_root_ci_high"), relative: 1e-9, absolute: 1e-11), "\(label) \(interval)")
            // effectsize itself minimizes with optim (abstol 1e-9 on probabilities): about 1e-6.
            #expect(close(interval.lower, r.number("d_z_ci_low"), relative: 1e-5, absolute: 1e-6), "\(label)")
            #expect(close(interval.upper, r.number("d_z_ci_high"), relative: 1e-5, absolute: 1e-6), "\(label)")
            let gav = try #require(EffectSize.hedgesGav(pre: row.numbers("pre"), post: row.numbers("post")))
            #expect(close(gav.estimate, row.number("g_av"), relative: 1e-12), "\(label)")
            checked += 1
        }
        #expect(checked >= 10)
    }

    /// d_z's interval against the 50-digit noncentral t roots (same method: 1e-10).
    @Test func dzIntervalMatchesExactRoots() {
        for row in CompareFixture.rows("nct_ncp") {
            let t = row.number("t")!, df = row.number("df")!, p = row.number("probability")!
            let level = 1 - 2 * min(p, 1 - p)
            let (lower, upper) = EffectSize.noncentralityInterval(t: t, degreesOfFreedom: df, level: level)
            #expect(close(p > 0.5 ? lower : upper, row.number("ncp"), relative: 1e-10, absolute: 1e-13), "\(row)")
        }
    }

    @Test func hedgesGAgainstEffectsize() throws {
        let rRows = CompareFixture.rows("two_sample", in: CompareFixture.r)
        #expect(rRows.count == CompareFixture.rows("two_sample").count)
        for (row, r) in zip(CompareFixture.rows("two_sample"), rRows) {
            let label = row.string("name")
            let g = try #require(EffectSize.hedgesG(row.numbers("first"), row.numbers("second")))
            #expect(close(g.estimate, r.number("g"), relative: 1e-12), "\(label)")
            let interval = try #require(g.confidenceInterval)
            #expect(close(interval.lower, r.number("g_root_ci_low"), relative: 1e-9, absolute: 1e-11), "\(label)")
            #expect(close(interval.upper, r.number("g_root_ci_high"), relative: 1e-9, absolute: 1e-11), "\(label)")
            #expect(close(interval.lower, r.number("g_ci_low"), relative: 1e-5, absolute: 1e-6), "\(label)")
            #expect(close(interval.upper, r.number("g_ci_high"), relative: 1e-5, absolute: 1e-6), "\(label)")
            // pingouin's Cohen's d times the exact J.
            let n = Double(row.numbers("first").count + row.numbers("second").count - 2)
            #expect(close(g.estimate, row.number("cohens_d")! * EffectSize.hedgesCorrection(degreesOfFreedom: n), relative: 1e-12))
        }
    }

    @Test func severalGroupsAgainstScipyPingouinAndR() throws {
        let rRows = CompareFixture.rows("several", in: CompareFixture.r)
        #expect(rRows.count == CompareFixture.rows("several").count)
        for (row, r) in zip(CompareFixture.rows("several"), rRows) {
            let label = row.string("name")
            let groups = (row["groups"] as? [[NSNumber]] ?? []).map { $0.map(\.doubleValue) }
            let anova = try #require(SeveralGroups.oneWayANOVA(groups))
            let anovaReference = try #require(row.object("anova"))
            #expect(close(anova.statistic, anovaReference.number("F"), relative: 1e-12), "\(label)")
            #expect(close(anova.pValue, anovaReference.number("p"), relative: 1e-10), "\(label)")
            let welch = try #require(SeveralGroups.welchANOVA(groups))
            let welchReference = try #require(row.object("welch_anova"))
            #expect(close(welch.statistic, welchReference.number("F"), relative: 1e-12), "\(label)")
            #expect(close(welch.degreesOfFreedom[1], welchReference.number("df2"), relative: 1e-12), "\(label)")
            #expect(close(welch.pValue, welchReference.number("p"), relative: 1e-10), "\(label)")
            #expect(close(welch.pValue, r.number("welch_p"), relative: 1e-10), "\(label)")
            let kruskal = try #require(SeveralGroups.kruskalWallis(groups))
            #expect(close(kruskal.pValue, row.object("kruskal")?.number("p"), relative: 1e-10), "\(label)")
            #expect(close(kruskal.pValue, r.number("kruskal_p"), relative: 1e-10), "\(label)")

            let oneSided = try #require(EffectSize.varianceExplained(f: anova.statistic, numeratorDegreesOfFreedom: anova.degreesOfFreedom[0],
                                                                     denominatorDegreesOfFreedom: anova.degreesOfFreedom[1]))
            #expect(close(oneSided.etaSquared, r.number("eta2"), relative: 1e-12), "\(label)")
            #expect(close(oneSided.omegaSquared, r.number("omega2"), relative: 1e-12, absolute: 1e-15), "\(label)")
            #expect(oneSided.etaSquaredInterval.upper == 1 && oneSided.omegaSquaredInterval.upper == 1)
            // uniroot on R's pf (pnbeta errmax 1e-9): 1e-7; effectsize's optim: 1e-5.
            #expect(close(oneSided.etaSquaredInterval.lower, r.number("eta2_root_ci_low"), relative: 1e-7, absolute: 1e-9), "\(label)")
            #expect(close(oneSided.omegaSquaredInterval.lower, r.number("omega2_root_ci_low"), relative: 1e-7, absolute: 1e-9), "\(label)")
            #expect(close(oneSided.etaSquaredInterval.lower, r.number("eta2_ci_low"), relative: 1e-5, absolute: 1e-6), "\(label)")
            #expect(close(oneSided.omegaSquaredInterval.lower, r.number("omega2_ci_low"), relative: 1e-5, absolute: 1e-6), "\(label)")
            let twoSided = try #require(EffectSize.varianceExplained(f: anova.statistic, numeratorDegreesOfFreedom: anova.degreesOfFreedom[0],
                                                                     denominatorDegreesOfFreedom: anova.degreesOfFreedom[1], sides: .twoSided))
            // Two-sided: against uniroot on pf (effectsize's optim stops early on some, e.g. 3x5_ties:
            // its upper limit 0.63389 gives pf = 0.02442, not 0.025; the root is 0.63270).
            for (value, key) in [(twoSided.etaSquaredInterval.lower, "eta2_two_sided_root_ci_low"), (twoSided.etaSquaredInterval.upper, "eta2_two_sided_root_ci_high"),
                                 (twoSided.omegaSquaredInterval.lower, "omega2_two_sided_root_ci_low"), (twoSided.omegaSquaredInterval.upper, "omega2_two_sided_root_ci_high")] {
                #expect(close(value, r.number(key), relative: 1e-7, absolute: 1e-9), "\(label) \(key)")
            }
            #expect(close(twoSided.etaSquaredInterval.lower, r.number("eta2_two_sided_ci_low"), relative: 1e-5, absolute: 1e-6), "\(label)")
            #expect(close(twoSided.omegaSquaredInterval.lower, r.number("omega2_two_sided_ci_low"), relative: 1e-5, absolute: 1e-6), "\(label)")
        }
    }

    @Test func pValueAdjustmentAgainstStatsmodelsAndR() {
        let python = CompareFixture.rows("p_adjust"), r = CompareFixture.rows("p_adjust", in: CompareFixture.r)
        #expect(python.count == r.count && !python.isEmpty)
        for (row, rRow) in zip(python, r) {
            let p = row.numbers("p")
            for method in PValueAdjustment.allCases where method != .none {
                let adjusted = method.adjust(p)
                let statsmodels = row.numbers(method.rawValue), r = rRow.numbers(method.rawValue)
                #expect(statsmodels.count == p.count && r.count == p.count, "\(method)")
                for (index, value) in adjusted.enumerated() where index < statsmodels.count && index < r.count {
                    #expect(close(value, statsmodels[index], relative: 1e-14), "\(method) \(p)")
                    #expect(close(value, r[index], relative: 1e-14), "\(method) \(p)")
                }
            }
            #expect(PValueAdjustment.none.adjust(p) == p)
        }
        let na = CompareFixture.r["p_adjust_na"] as? [String: Any] ?? [:]
        let withNaN = [0.01, .nan, 0.04, 0.03]
        let holm = PValueAdjustment.holm.adjust(withNaN), bh = PValueAdjustment.bh.adjust(withNaN)
        #expect(holm[1].isNaN && bh[1].isNaN)
        let rHolm = na["holm"] as? [Any] ?? [], rBH = na["bh"] as? [Any] ?? []
        #expect(rHolm.count == 4 && rBH.count == 4)
        for index in [0, 2, 3] where rHolm.count == 4 && rBH.count == 4 {
            #expect(close(holm[index], (rHolm[index] as? NSNumber)?.doubleValue, relative: 1e-14))
            #expect(close(bh[index], (rBH[index] as? NSNumber)?.doubleValue, relative: 1e-14))
        }
    }
}
