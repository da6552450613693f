import Testing
@testable import ABIStatistics

@Suite struct TrendEdgeCaseTests {
    @Test(arguments: [0, 1])
    func tooFewObservationsGiveNoSlopeFromAnyMethod(n: Int) {
        let times = Array([0.0, 1.0].prefix(n))
        let values = Array([1.0, 0.9].prefix(n))
        let line = Trend.ordinaryLeastSquares(times: times, values: values)
        #expect(line.status == .insufficientData && line.slope == nil && line.count == n)
        let sen = Trend.theilSen(times: times, values: values)
        #expect(sen.status == .insufficientData && sen.slope == nil && sen.slopeConfidenceInterval() == nil)
        let mk = Trend.mannKendall(times: times, values: values)
        #expect(mk.status == .insufficientData && mk.pValue == nil)
        let polynomial = Trend.polynomial(times: times, values: values, degree: 2)
        #expect(polynomial.status == .insufficientData && polynomial.coefficients.isEmpty)
    }

    @Test func allMissingCountsEveryPair() {
        let line = Trend.ordinaryLeastSquares(times: [0, 1, 2], values: [.nan, .nan, .nan])
        #expect(line.count == 0 && line.missingCount == 3 && line.status == .insufficientData)
    }

    @Test func nanInTimeOrValueDropsThePairAndCountsIt() {
        let line = Trend.ordinaryLeastSquares(times: [0, .nan, 2, 3, 4], values: [1, 2, .nan, 3, 5])
        #expect(line.count == 3 && line.missingCount == 2)
        #expect(line.notes.contains { $0.contains("missing") })
        let reference = Trend.ordinaryLeastSquares(times: [0, 3, 4], values: [1, 3, 5])
        #expect(line.slope == reference.slope)
    }

    @Test func infiniteValuesAreLeftOutAndCountedSeparately() {
        let line = Trend.ordinaryLeastSquares(times: [0, 1, 2, 3], values: [1, .infinity, 2, 3])
        #expect(line.count == 3 && line.infiniteCount == 1 && line.missingCount == 0)
        let sen = Trend.theilSen(times: [0, 1, 2, 3], values: [1, -.infinity, 2, 3])
        #expect(sen.count == 3 && sen.infiniteCount == 1)
    }

    @Test func twoObservationsGiveTheExactLineAndNoInference() {
        let line = Trend.ordinaryLeastSquares(times: [1, 3], values: [2, 6])
        #expect(line.status == .estimatesOnly)
        #expect(line.slope?.estimate == 2 && line.intercept?.estimate == 0)
        #expect(line.slope?.standardError == nil && line.slope?.confidenceInterval() == nil)
        let mk = Trend.mannKendall(times: [1, 3], values: [2, 6])
        #expect(mk.s == 1 && mk.varianceOfS == 1 && mk.z == 0 && mk.pValue == 1)
    }

    @Test func threeCollinearPointsAreAnExactFitWithZeroStandardError() {
        let line = Trend.ordinaryLeastSquares(times: [0, 1, 2], values: [1, 1.5, 2])
        #expect(line.status == .ok && line.degreesOfFreedom == 1)
        #expect(line.slope?.estimate == 0.5 && line.slope?.standardError == 0)
        #expect(line.slope?.tStatistic == nil && line.slope?.pValue == nil)
        #expect(line.rSquared == 1)
        #expect(line.notes.contains { $0.contains("exact fit") })
    }

    @Test func equalTimesGiveConstantTimeStatus() {
        let times = [2.0, 2.0, 2.0, 2.0]
        let values = [1.0, 1.2, 0.9, 1.1]
        #expect(Trend.ordinaryLeastSquares(times: times, values: values).status == .constantTime)
        #expect(Trend.theilSen(times: times, values: values).status == .constantTime)
        #expect(Trend.polynomial(times: times, values: values, degree: 2).status == .constantTime)
        let mk = Trend.mannKendall(times: times, values: values)
        #expect(mk.s == 0 && mk.notes.contains { $0.contains("tied times") })
    }

    @Test func constantValuesGiveSlopeZeroAndNoRSquared() {
        let line = Trend.ordinaryLeastSquares(times: [0, 1, 2, 3], values: [0.8, 0.8, 0.8, 0.8])
        #expect(line.slope?.estimate == 0 && line.slope?.standardError == 0)
        #expect(line.rSquared == nil)
        let mk = Trend.mannKendall(times: [0, 1, 2, 3], values: [0.8, 0.8, 0.8, 0.8])
        #expect(mk.s == 0 && mk.varianceOfS == 0 && mk.pValue == 1)
        #expect(mk.notes.contains { $0.contains("all values are equal") })
        let sen = Trend.theilSen(times: [0, 1, 2, 3], values: [0.8, 0.8, 0.8, 0.8])
        #expect(sen.slope == 0)
    }

    @Test func unsortedTimesGiveTheSameTestAsSortedTimes() {
        let times = [3.0, 0.0, 2.5, 1.0, 4.2, 0.5]
        let values = [0.9, 1.1, 0.95, 1.0, 0.85, 1.05]
        let order = times.indices.sorted { times[$0] < times[$1] }
        let sortedResult = Trend.mannKendall(times: order.map { times[$0] }, values: order.map { values[$0] })
        let result = Trend.mannKendall(times: times, values: values)
        #expect(result.s == sortedResult.s && result.pValue == sortedResult.pValue)
        #expect(result.s == -15)
    }

    @Test func hamedRaoReportsANegativeCorrectionInsteadOfNaN() {
        // pymannkendall 1.4.3 gives var_s = -15.43 and p = NaN for this series (n = 12, S = -22).
        let values = [1.11, 0.27, 0.17, -0.38, 0.56, -2.14, 0.23, 0.03, -1.37, 2.18, -1.39, -1.08]
        let times = values.indices.map(Double.init)
        let result = Trend.mannKendall(times: times, values: values, variant: .hamedRao)
        #expect(result.s == -22)
        #expect(result.status == .estimatesOnly && result.z == nil && result.pValue == nil && result.varianceOfS == nil)
        let factor = result.varianceCorrectionFactor ?? .nan
        // Uncorrected Var(S) = 12 * 11 * 29 / 18 (no ties); pymannkendall multiplies it by the factor.
        #expect(abs(factor * (12.0 * 11 * 29 / 18) + 15.429487179487214) < 1e-9)
        #expect(result.notes.contains { $0.contains("not positive") })
    }

    @Test func shortSeriesCarryANoteAboutTheNormalApproximation() {
        let mk = Trend.mannKendall(times: [0, 1, 2, 3, 4], values: [1, 2, 3, 4, 5])
        #expect(mk.s == 10 && mk.notes.contains { $0.contains("normal approximation") })
    }

    @Test func segmentedRegressionNeedsTwoTimesOnEachSide() {
        let result = Trend.interruptedTimeSeries(times: [0, 1, 2, 3], values: [1, 1, 1, 1], interventionTime: 2.5)
        #expect(result.status == .insufficientData && result.levelChange == nil)
        #expect(result.countBefore == 3 && result.countAfter == 1)
    }

    @Test func segmentedRegressionRecoversAnExactBrokenLine() {
        let times = [0.0, 1, 2, 3, 4, 5, 6, 7]
        let values = times.map { t in 1 - 0.1 * t + (t >= 4 ? -0.5 + 0.3 * (t - 4) : 0) }
        let result = Trend.interruptedTimeSeries(times: times, values: values, interventionTime: 4)
        #expect(result.status == .ok)
        #expect(abs((result.levelChange?.estimate ?? .nan) + 0.5) < 1e-12)
        #expect(abs((result.slopeChange?.estimate ?? .nan) - 0.3) < 1e-12)
        #expect(abs((result.slopeAfter?.estimate ?? .nan) - 0.2) < 1e-12)
    }

    @Test func quadraticThroughThreePointsInterpolatesWithoutStandardErrors() {
        let fit = Trend.polynomial(times: [0, 1, 2], values: [1, 0, 1], degree: 2)
        #expect(fit.status == .estimatesOnly && fit.degreesOfFreedom == 0)
        let estimates = fit.coefficients.map(\.estimate)
        #expect(estimates.count == 3)
        #expect(abs(estimates[0] - 1) < 1e-14 && abs(estimates[1] + 2) < 1e-14 && abs(estimates[2] - 1) < 1e-14)
        #expect(fit.coefficients.allSatisfy { $0.standardError == nil })
    }

    @Test func segmentedRegressionOnConstantValuesIsAnExactFitWithZeroChanges() {
        let times = [0.0, 1, 2, 3, 4, 5]
        let result = Trend.interruptedTimeSeries(times: times, values: [0.9, 0.9, 0.9, 0.9, 0.9, 0.9], interventionTime: 2.5)
        #expect(result.status == .ok)
        #expect(abs(result.levelChange?.estimate ?? .nan) < 1e-14 && result.levelChange?.pValue == nil)
        #expect(result.rSquared == nil)
        #expect(result.notes.contains { $0.contains("exact fit") })
    }

    @Test func segmentedRegressionLeavesOutMissingPairs() {
        let times = [0.0, 1, 2, 3, 4, 5, 6, 7]
        let values = [1.0, 0.98, .nan, 0.95, 0.9, 0.93, 0.97, 0.99]
        let result = Trend.interruptedTimeSeries(times: times, values: values, interventionTime: 4)
        #expect(result.count == 7 && result.missingCount == 1 && result.degreesOfFreedom == 3)
    }

    @Test func neweyWestUsesTimeOrderWhateverTheInputOrder() {
        let times = [0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        let values = [1.0, 0.97, 0.99, 0.94, 0.93, 0.8, 0.84, 0.86, 0.85, 0.9]
        let order = [3, 7, 0, 9, 5, 1, 8, 2, 6, 4]
        let sorted = Trend.interruptedTimeSeries(times: times, values: values, interventionTime: 4.5, neweyWestLags: 2)
        let shuffled = Trend.interruptedTimeSeries(times: order.map { times[$0] }, values: order.map { values[$0] },
                                                   interventionTime: 4.5, neweyWestLags: 2)
        let a = sorted.levelChange?.standardError ?? .nan
        let b = shuffled.levelChange?.standardError ?? .nan
        #expect(abs(a - b) <= 1e-12 * a)
        let ordinary = Trend.interruptedTimeSeries(times: times, values: values, interventionTime: 4.5)
        #expect(ordinary.levelChange?.standardError != sorted.levelChange?.standardError)
        #expect(sorted.method.contains("Newey-West"))
    }
}
