import ABIStatistics
import Testing

/// The one-pass accumulator against the two-pass `Trend.ordinaryLeastSquares` (itself checked
/// against statsmodels and NIST StRD Norris/Pontius) on the same points.
@Suite struct LinearTrendAccumulatorTests {
    static func accumulate(_ t: [Double], _ y: [Double]) -> LinearTrendAccumulator {
        var accumulator = LinearTrendAccumulator()
        for (time, value) in zip(t, y) { accumulator.add(time: time, value: value) }
        return accumulator
    }

    /// Relative difference, with an absolute floor for values that are zero up to rounding.
    static func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-11) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= tolerance * max(abs(a), abs(b)) || abs(a - b) <= 1e-14
    }

    static func expectSame(_ one: LinearTrendResult, _ two: LinearTrendResult, tolerance: Double = 1e-11) {
        #expect(one.status == two.status)
        #expect(one.count == two.count && one.missingCount == two.missingCount)
        #expect(close(one.slope?.estimate, two.slope?.estimate, tolerance))
        #expect(close(one.intercept?.estimate, two.intercept?.estimate, tolerance))
        #expect(close(one.slope?.standardError, two.slope?.standardError, 1e-9))
        #expect(close(one.intercept?.standardError, two.intercept?.standardError, 1e-9))
        #expect(close(one.rSquared, two.rSquared, 1e-9))
        #expect(close(one.residualStandardDeviation, two.residualStandardDeviation, 1e-9))
    }

    @Test func matchesTheTwoPassFitOnTimesAroundTheYear2000() {
        // Decimal years near 2000 with small spread: naive sums of t^2 lose about 8 digits here.
        var t: [Double] = []
        var y: [Double] = []
        for i in 0..<12 {
            let time: Double = 1999.5 + Double(i) * 0.173 + Double(i * i % 7) * 0.011
            let noise: Double = Double((i * 37) % 11 - 5) * 0.004
            t.append(time)
            y.append(0.93 - 0.021 * (time - 1999.5) + noise)
        }
        Self.expectSame(Self.accumulate(t, y).result(), Trend.ordinaryLeastSquares(times: t, values: y))
    }

    @Test func originAndUnitGiveYearsSinceTheFirstVisit() {
        let days = [19_000.0, 19_090, 19_301, 19_455, 19_800]
        let y = [1.02, 0.99, 0.97, 0.98, 0.91]
        let years = days.map { ($0 - 19_000) / 365.25 }
        Self.expectSame(Self.accumulate(days, y).result(origin: 19_000, unit: 365.25),
                        Trend.ordinaryLeastSquares(times: years, values: y))
    }

    @Test func degenerateSeriesHaveTheSameStatusesAsTheTwoPassFit() {
        let cases: [([Double], [Double])] = [
            ([], []), ([1], [2]), ([1, 2], [3, 5]), ([4, 4, 4], [1, 2, 3]), ([1, 2, 3, 4], [7, 7, 7, 7]),
            ([1, 2, 3, 4], [1, 3, 5, 7]), ([1, .nan, 3, 4], [2, 3, .nan, 5]),
        ]
        for (t, y) in cases {
            let one = Self.accumulate(t, y).result()
            let two = Trend.ordinaryLeastSquares(times: t, values: y)
            Self.expectSame(one, two)
            #expect(one.slope?.pValue == nil || two.slope?.pValue != nil, "no t test where the two-pass fit has none")
        }
        // Exact fit: standard errors 0 and no t test, as the two-pass fit.
        let exact = Self.accumulate([0, 1, 2, 3], [1, 3, 5, 7]).result()
        #expect(exact.slope?.estimate == 2)
        #expect(exact.slope?.standardError == 0)
        #expect(exact.slope?.pValue == nil)
    }
}
