import ABIStatistics
import Testing

/// The code of Sources/ABIStatistics/ABIStatistics.docc/ComparingTwoSamples.md, kept here so it
/// cannot rot: if this file changes, change the article with it. The expected values are scipy
/// 1.17 on the same numbers (scipy.stats.ttest_ind(equal_var=False), mannwhitneyu; Hedges' g as
/// R effectsize::hedges_g: Cohen's d times the exact J(df) from scipy.special.gammaln, not
/// pingouin's approximation 1 - 3/(4 n - 9), which gives -1.4908152530573293).
struct DocumentationExampleTests {
    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func describingAndComparingTwoSamples() throws {
        let placebo = [0.92, 0.88, 1.01, 0.95, 0.79, 1.10, 0.97, 0.85]
        let active = [1.05, 1.12, 0.98, 1.08, 1.15, 1.02, 0.99, 1.11]

        let summary = DescriptiveStatistics.describe(placebo)
        #expect(summary.count == 8)
        #expect(Self.close(summary.mean, 0.93375))
        #expect(Self.close(summary.standardDeviation, 0.09694438759265174))
        #expect(Self.close(summary.standardError, 0.03427501693237052))
        #expect(Self.close(summary.median, 0.935))

        // Welch's t test (the default; equalVariances: true for Student's).
        let t = try #require(TwoSampleComparison.tTest(placebo, active))
        #expect(Self.close(t.statistic, -3.1536476506981965, 1e-10))
        #expect(Self.close(t.degreesOfFreedom, 11.988057881022343, 1e-10))
        #expect(Self.close(t.pValue, 0.008327649385924889, 1e-9))
        #expect(Self.close(t.confidenceInterval.lower, -0.21771147550512793, 1e-10))
        #expect(Self.close(t.confidenceInterval.upper, -0.03978852449487212, 1e-10))

        let g = try #require(EffectSize.hedgesG(placebo, active))
        #expect(Self.close(g.estimate, -1.490552213381129, 1e-10))

        let u = try #require(TwoSampleComparison.mannWhitneyU(placebo, active))
        #expect(u.statistic == 7)
        #expect(u.method == .exact)        // no ties, n <= 8: the exact distribution
        #expect(Self.close(u.pValue, 0.006993006993006993, 1e-12))
    }
}
