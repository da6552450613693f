import ABIStatistics
import Foundation
import Testing

/// Undefined comparisons return nil (never NaN), and hand-checked small cases.
@Suite struct ComparisonEdgeCaseTests {
    @Test func undefinedComparisonsReturnNil() {
        #expect(PairedComparison.tTest(differences: []) == nil)
        #expect(PairedComparison.tTest(differences: [0.1]) == nil, "one pair")
        #expect(PairedComparison.tTest(differences: [0.1, 0.1, 0.1]) == nil, "zero variance")
        #expect(PairedComparison.tTest(differences: [0.1, .nan, 0.3, .infinity]) != nil, "NaN and infinity left out")
        #expect(PairedComparison.wilcoxonSignedRank(differences: [0, 0, 0]) == nil, "only zeros")
        #expect(PairedComparison.wilcoxonSignedRank(differences: []) == nil)
        #expect(EffectSize.cohensDz(differences: [0.2, 0.2]) == nil)
        #expect(EffectSize.hedgesGav(pre: [1, 1], post: [1, 1]) == nil)
        #expect(TwoSampleComparison.tTest([1], [2, 3]) == nil, "Welch needs 2 per group")
        #expect(TwoSampleComparison.tTest([1], [2, 3], equalVariances: true) != nil, "Student pools")
        #expect(TwoSampleComparison.tTest([2, 2], [2, 2]) == nil)
        #expect(TwoSampleComparison.mannWhitneyU([], [1]) == nil)
        #expect(TwoSampleComparison.mannWhitneyU([5, 5], [5, 5], method: .asymptotic) == nil)
        #expect(EffectSize.hedgesG([1, 2], [3]) == nil, "n1 + n2 < 4")
        #expect(SeveralGroups.welchANOVA([[1, 2], [3]]) == nil, "a group with one value")
        #expect(SeveralGroups.welchANOVA([[1, 1], [2, 3]]) == nil, "a group with zero variance")
        #expect(EffectSize.varianceExplained(f: .nan, numeratorDegreesOfFreedom: 2, denominatorDegreesOfFreedom: 10) == nil)
        #expect(PValueAdjustment.holm.adjust([]) == [])
    }

    @Test func handCheckedSmallCases() throws {
        // Signed ranks of [1, 2, 3] all positive: W+ = 6 of the 8 equally likely sign patterns; p = 2/8.
        let wilcoxon = try #require(PairedComparison.wilcoxonSignedRank(differences: [1, 2, 3]))
        #expect(wilcoxon.method == .exact && wilcoxon.pValue == 0.25 && wilcoxon.statistic == 0)
        // U with [3, 4] vs [1, 2]: U1 = 4 is the largest of C(4, 2) = 6 orderings: p = 2/6.
        let u = try #require(TwoSampleComparison.mannWhitneyU([3, 4], [1, 2]))
        #expect(u.method == .exact && u.statistic == 4 && abs(u.pValue - 1.0 / 3) < 1e-16)
        #expect(RankDistributions.mannWhitneyCounts(m: 2, n: 2) == [1, 1, 2, 1, 1])
        #expect(RankDistributions.signedRankCounts(n: 3) == [1, 1, 1, 2, 1, 1, 1])
        // Zero noncentrality: the central t.
        let central = NoncentralTDistribution(degreesOfFreedom: 7, noncentrality: 0)
        #expect(abs(central.cdf(1.3) - StudentTDistribution(degreesOfFreedom: 7).cdf(1.3)) < 1e-15)
        #expect(central.cdf(.infinity) == 1 && central.cdf(-.infinity) == 0 && central.cdf(.nan).isNaN)
        // Bonferroni caps at 1; Holm never decreases along increasing p.
        #expect(PValueAdjustment.bonferroni.adjust([0.6, 0.01]) == [1, 0.02])
        #expect(PValueAdjustment.holm.adjust([0.01, 0.011]) == [0.02, 0.02])
        // J(df) -> 1 as df grows; J(10) = Gamma(5) / (sqrt(5) Gamma(4.5)).
        #expect(abs(EffectSize.hedgesCorrection(degreesOfFreedom: 10) - 24 / (5.0.squareRoot() * 11.631728396567448)) < 1e-14)
    }
}

@Suite struct NoncentralLimitTests {
    /// Large t: the interval is still computed (and brackets the estimate) up to |t| = 200, in
    /// reasonable time; beyond, it is absent rather than wrong.
    @Test func largeTStillBracketsOrIsAbsent() throws {
        let near = try #require(EffectSize.cohensDz(differences: [1.0, 1.001, 0.999, 1.0005, 0.9995, 1.0002]))
        let t = near.estimate * 6.0.squareRoot()
        #expect(t > 200)
        #expect(near.confidenceInterval == nil)
        let (lower, upper) = EffectSize.noncentralityInterval(t: 190, degreesOfFreedom: 20, level: 0.95)
        #expect(lower < 190 && upper > 190 && lower > 100)
        // Symmetry: the limits for -t are the negated limits for t.
        let (l1, u1) = EffectSize.noncentralityInterval(t: 2.5, degreesOfFreedom: 7, level: 0.9)
        let (l2, u2) = EffectSize.noncentralityInterval(t: -2.5, degreesOfFreedom: 7, level: 0.9)
        #expect(abs(l1 + u2) < 1e-12 && abs(u1 + l2) < 1e-12)
    }
}

@Suite struct VarianceExplainedLimitTests {
    @Test func hugeFLeavesTheLimitsBlank() throws {
        let huge = try #require(EffectSize.varianceExplained(f: 1e6, numeratorDegreesOfFreedom: 2, denominatorDegreesOfFreedom: 30))
        #expect(huge.etaSquaredInterval.lower.isNaN && huge.etaSquaredInterval.upper == 1)
        #expect(huge.etaSquared > 0.9999)
        let zero = try #require(EffectSize.varianceExplained(f: 0, numeratorDegreesOfFreedom: 2, denominatorDegreesOfFreedom: 30))
        #expect(zero.etaSquared == 0 && zero.omegaSquared == 0 && zero.etaSquaredInterval.lower == 0)
    }
}

/// Hedges' J(df) against 40-digit mpmath values (Scripts/reference/hedges_correction_reference.py),
/// across the switch from log-gammas (df < 100) to the asymptotic series (df >= 100).
@Suite struct HedgesCorrectionTests {
    @Test func againstMpmath() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: ReferenceFixture.data(named: "hedges_correction")) as? [String: Any])
        let header = try #require(object["header"] as? [String: Any])
        #expect(header["generated_by"] as? String == "Scripts/reference/hedges_correction_reference.py")
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count >= 10)
        for row in rows {
            let df = try #require((row["df"] as? NSNumber)?.doubleValue)
            let text = try #require(row["j"] as? String)
            let expected = try #require(Double(text))
            let actual = EffectSize.hedgesCorrection(degreesOfFreedom: df)
            // Log-gammas below df = 100 (measured 2.4e-14 at df = 99), the series above.
            #expect(abs(actual - expected) / expected <= (df < 100 ? 1e-13 : 2e-15), "J(\(df)) = \(actual), mpmath \(expected)")
        }
    }
}
