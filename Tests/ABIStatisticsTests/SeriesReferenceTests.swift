import Foundation
import Testing
@testable import ABIStatistics

private struct OLSReference: Decodable {
    let params: [Double]
    let bse: [Double]
    let tvalues: [Double]
    let pvalues: [Double]
    let rsquared: Double
    let residual_sd: Double
    let df_resid: Double
    let cov: [[Double]]
    let conf_int_0_95: [[Double]]
    let conf_int_0_9: [[Double]]
    let agrees_with_exact: Bool?

    enum CodingKeys: String, CodingKey {
        case params, bse, tvalues, pvalues, rsquared, residual_sd, df_resid, cov, agrees_with_exact
        case conf_int_0_95 = "conf_int_0.95"
        case conf_int_0_9 = "conf_int_0.9"
    }
}

private struct TheilSenReference: Decodable {
    let level95: [Double]
    let level90: [Double]
    let jointIntercept: Double

    enum CodingKeys: String, CodingKey {
        case level95 = "0.95"
        case level90 = "0.9"
        case jointIntercept = "joint_intercept"
    }
}

private struct SeriesReference: Decodable {
    let ols: OLSReference?
    let ols_exact: [Double]?
    let poly2: OLSReference?
    let poly3: OLSReference?
    let its: OLSReference?
    let its_hac1: OLSReference?
    let its_hac3: OLSReference?
    let line_through_two: [Double]?
    let theilsen: TheilSenReference?
    let mk_original: [Double]?
    let kendall_tied_times: [Double?]?
    let mk_hamed_rao: [Double]?
    let mk_yue_wang: [Double]?
    let mk_pre_whitening: [Double]?
    let mk_trend_free_pre_whitening: [Double]?
}

struct SeriesCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let times: [Double]
    let values: [Double?]
    let intervention: Double?
    fileprivate let reference: SeriesReference

    var valuesWithNaN: [Double] { values.map { $0 ?? .nan } }
    var missing: Int { values.filter { $0 == nil }.count }
    var testDescription: String { name }
}

extension SeriesReference: @unchecked Sendable {}

private struct SeriesFixture: Decodable {
    let header: FixtureHeader
    let cases: [SeriesCase]
}

private let seriesCases: [SeriesCase] = {
    (try? ReferenceFixture.decode(SeriesFixture.self, named: "series").cases) ?? []
}()

/// |a - b| <= relative * |b| + absolute.
private func close(_ a: Double?, _ b: Double, relative: Double = 1e-10, absolute: Double = 0) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= relative * abs(b) + absolute
}

@Suite struct SeriesReferenceTests {
    @Test func fixtureIsPresentAndNamesItsGenerator() throws {
        let fixture = try ReferenceFixture.decode(SeriesFixture.self, named: "series")
        #expect(fixture.header.generatedBy == "Scripts/reference/stats_reference.py")
        #expect(fixture.header.versions["statsmodels"] != nil && fixture.header.versions["pymannkendall"] != nil)
        #expect(fixture.cases.count >= 40)
    }

    /// statsmodels OLS (QR) on the same pairs: estimates, SEs, t, p, CIs at 95% and 90%, R^2,
    /// residual SD to 1e-10 relative (both sides exact algorithms). Absolute slack 1e-13 only
    /// for p-values and coefficients that are zero to rounding.
    /// Exact rational least squares on the same binary inputs (Python fractions), rounded once:
    /// 1e-12 relative for estimates, standard errors and residual SD.
    @Test(arguments: seriesCases.filter { $0.reference.ols_exact != nil })
    func straightLineMatchesExactRationalArithmetic(_ item: SeriesCase) throws {
        let exact = try #require(item.reference.ols_exact)
        let fit = Trend.ordinaryLeastSquares(times: item.times, values: item.valuesWithNaN)
        #expect(close(fit.intercept?.estimate, exact[0], relative: 1e-12, absolute: 1e-15))
        #expect(close(fit.slope?.estimate, exact[1], relative: 1e-12, absolute: 1e-15))
        #expect(close(fit.intercept?.standardError, exact[2], relative: 1e-12))
        #expect(close(fit.slope?.standardError, exact[3], relative: 1e-12))
        #expect(close(fit.residualStandardDeviation, exact[4], relative: 1e-12))
    }

    /// Where statsmodels itself agrees with the exact values to 1e-10 (all cases but a time axis
    /// far from 0, where its uncentred QR loses digits; see the fixture's agrees_with_exact).
    @Test(arguments: seriesCases.filter { $0.reference.ols?.agrees_with_exact == true })
    func straightLineMatchesStatsmodels(_ item: SeriesCase) throws {
        let reference = try #require(item.reference.ols)
        let fit = Trend.ordinaryLeastSquares(times: item.times, values: item.valuesWithNaN)
        #expect(fit.status == .ok)
        #expect(fit.missingCount == item.missing)
        #expect(fit.degreesOfFreedom == Int(reference.df_resid))
        let coefficients = [try #require(fit.intercept), try #require(fit.slope)]
        for (index, coefficient) in coefficients.enumerated() {
            #expect(close(coefficient.estimate, reference.params[index], absolute: 1e-13), "\(coefficient.name)")
            #expect(close(coefficient.standardError, reference.bse[index]), "\(coefficient.name) SE")
            #expect(close(coefficient.tStatistic, reference.tvalues[index], absolute: 1e-12), "\(coefficient.name) t")
            #expect(close(coefficient.pValue, reference.pvalues[index], absolute: 1e-15), "\(coefficient.name) p")
            let ci95 = try #require(coefficient.confidenceInterval(level: 0.95))
            let ci90 = try #require(coefficient.confidenceInterval(level: 0.90))
            #expect(close(ci95.lower, reference.conf_int_0_95[index][0], absolute: 1e-13))
            #expect(close(ci95.upper, reference.conf_int_0_95[index][1], absolute: 1e-13))
            #expect(close(ci90.lower, reference.conf_int_0_9[index][0], absolute: 1e-13))
            #expect(close(ci90.upper, reference.conf_int_0_9[index][1], absolute: 1e-13))
        }
        #expect(close(fit.interceptSlopeCovariance, reference.cov[0][1], absolute: 1e-15))
        #expect(close(fit.rSquared, reference.rsquared, absolute: 1e-14))
        #expect(close(fit.residualStandardDeviation, reference.residual_sd))
    }

    @Test(arguments: seriesCases.filter { $0.reference.line_through_two != nil })
    func twoObservationsGiveTheLineWithoutStandardErrors(_ item: SeriesCase) throws {
        let reference = try #require(item.reference.line_through_two)
        let fit = Trend.ordinaryLeastSquares(times: item.times, values: item.valuesWithNaN)
        #expect(fit.status == .estimatesOnly)
        #expect(close(fit.intercept?.estimate, reference[0], absolute: 1e-14))
        #expect(close(fit.slope?.estimate, reference[1], absolute: 1e-14))
        #expect(fit.slope?.standardError == nil && fit.slope?.pValue == nil)
        #expect(fit.residualStandardDeviation == nil)
    }

    /// statsmodels OLS (QR) on the explicit design [1, t, t^2(, t^3)]: 1e-9 relative (the
    /// reference solves the uncentred, less well-conditioned design; ours maps back from
    /// centred, scaled time).
    @Test(arguments: seriesCases.filter { $0.reference.poly2 != nil || $0.reference.poly3 != nil })
    func polynomialMatchesStatsmodels(_ item: SeriesCase) throws {
        for (degree, reference) in [(2, item.reference.poly2), (3, item.reference.poly3)] {
            guard let reference else { continue }
            let fit = Trend.polynomial(times: item.times, values: item.valuesWithNaN, degree: degree)
            #expect(fit.status == .ok)
            #expect(fit.degreesOfFreedom == Int(reference.df_resid))
            #expect(fit.coefficients.count == degree + 1)
            for (index, coefficient) in fit.coefficients.enumerated() {
                #expect(close(coefficient.estimate, reference.params[index], relative: 1e-9, absolute: 1e-12), "degree \(degree) b\(index)")
                #expect(close(coefficient.standardError, reference.bse[index], relative: 1e-9), "degree \(degree) SE\(index)")
                #expect(close(coefficient.pValue, reference.pvalues[index], relative: 1e-8, absolute: 1e-14), "degree \(degree) p\(index)")
                let ci = try #require(coefficient.confidenceInterval(level: 0.95))
                #expect(close(ci.lower, reference.conf_int_0_95[index][0], relative: 1e-9, absolute: 1e-12))
            }
            #expect(close(fit.rSquared, reference.rsquared, relative: 1e-9))
            #expect(close(fit.residualStandardDeviation, reference.residual_sd, relative: 1e-9))
        }
    }

    @Test(arguments: seriesCases.filter { $0.reference.ols != nil })
    func polynomialOfDegreeOneIsTheStraightLine(_ item: SeriesCase) throws {
        let line = Trend.ordinaryLeastSquares(times: item.times, values: item.valuesWithNaN)
        let polynomial = Trend.polynomial(times: item.times, values: item.valuesWithNaN, degree: 1)
        let slope = try #require(line.slope)
        #expect(close(polynomial.coefficients[1].estimate, slope.estimate, absolute: 1e-14))
        #expect(close(polynomial.coefficients[1].standardError, try #require(slope.standardError)))
    }

    /// scipy.stats.theilslopes(method="separate") slope, intercept and Sen's interval at 95% and
    /// 90%: same order statistics of the same quotients, so 1e-12 relative.
    @Test(arguments: seriesCases.filter { $0.reference.theilsen != nil })
    func theilSenMatchesScipy(_ item: SeriesCase) throws {
        let reference = try #require(item.reference.theilsen)
        let fit = Trend.theilSen(times: item.times, values: item.valuesWithNaN)
        #expect(fit.status == .ok)
        #expect(fit.missingCount == item.missing)
        #expect(close(fit.slope, reference.level95[0], relative: 1e-12, absolute: 1e-15))
        #expect(close(fit.intercept, reference.level95[1], relative: 1e-12, absolute: 1e-15))
        #expect(close(fit.jointIntercept, reference.jointIntercept, relative: 1e-12, absolute: 1e-15))
        for (level, values) in [(0.95, reference.level95), (0.90, reference.level90)] {
            if values[2].isNaN { continue }
            let interval = try #require(fit.slopeConfidenceInterval(level: level))
            #expect(close(interval.lower, values[2], relative: 1e-12, absolute: 1e-15), "level \(level)")
            #expect(close(interval.upper, values[3], relative: 1e-12, absolute: 1e-15), "level \(level)")
        }
    }

    /// pymannkendall: S and Var(S) exactly, z and tau to 1e-12; p to 1e-10 relative plus 1e-15
    /// absolute, because pymannkendall forms p as 2 (1 - cdf) (absolute error ~1e-16).
    @Test(arguments: seriesCases.filter { $0.reference.mk_original != nil })
    func mannKendallMatchesPymannkendall(_ item: SeriesCase) throws {
        let reference = try #require(item.reference.mk_original)
        let result = Trend.mannKendall(times: item.times, values: item.valuesWithNaN)
        checkMannKendall(result, reference)
    }

    /// Tied times: S counts pairs at equal times as 0 and Var(S) is Kendall's with both tie
    /// sets, recovered from scipy.stats.kendalltau's asymptotic p-value (1e-9: through isf).
    @Test(arguments: seriesCases.filter { $0.reference.kendall_tied_times != nil })
    func tiedTimesUseKendallsVarianceLikeScipy(_ item: SeriesCase) throws {
        let reference = try #require(item.reference.kendall_tied_times)
        let result = Trend.mannKendall(times: item.times, values: item.valuesWithNaN)
        #expect(result.s == reference[0])
        if let variance = reference[1] {
            #expect(close(result.varianceOfS, variance, relative: 1e-9))
        }
        #expect(result.notes.contains { $0.contains("tied times") })
    }

    @Test(arguments: seriesCases.filter { $0.reference.mk_hamed_rao != nil })
    func correctedMannKendallVariantsMatchPymannkendall(_ item: SeriesCase) throws {
        let variants: [(MannKendallResult.Variant, [Double]?)] = [
            (.hamedRao, item.reference.mk_hamed_rao), (.yueWang, item.reference.mk_yue_wang),
            (.preWhitening, item.reference.mk_pre_whitening),
            (.trendFreePreWhitening, item.reference.mk_trend_free_pre_whitening),
        ]
        for (variant, reference) in variants {
            let reference = try #require(reference)
            let result = Trend.mannKendall(times: item.times, values: item.valuesWithNaN, variant: variant)
            if reference[1] > 0 {
                checkMannKendall(result, reference)
            } else {
                // pymannkendall returns NaN here; we report the invalid correction instead.
                #expect(result.status == .estimatesOnly && result.pValue == nil && result.z == nil)
                #expect(result.s == reference[0])
                #expect(!result.notes.isEmpty)
            }
        }
    }

    private func checkMannKendall(_ result: MannKendallResult, _ reference: [Double]) {
        #expect(result.s == reference[0], "\(result.variant) S")
        #expect(close(result.varianceOfS, reference[1], relative: 1e-12), "\(result.variant) Var S")
        #expect(close(result.z, reference[2], relative: 1e-12, absolute: 1e-15), "\(result.variant) z")
        #expect(close(result.pValue, reference[3], relative: 1e-10, absolute: 1e-15), "\(result.variant) p")
        #expect(close(result.tau, reference[4], relative: 1e-12, absolute: 1e-15), "\(result.variant) tau")
    }

    /// statsmodels OLS (QR) with cov_type "HAC" (Bartlett, maxlags 1 and 3, use_t) on the same
    /// design in time order: standard errors and p-values to 1e-10.
    @Test(arguments: seriesCases.filter { $0.reference.its_hac1 != nil })
    func neweyWestStandardErrorsMatchStatsmodels(_ item: SeriesCase) throws {
        for (lags, reference) in [(1, item.reference.its_hac1), (3, item.reference.its_hac3)] {
            let reference = try #require(reference)
            let fit = Trend.interruptedTimeSeries(times: item.times, values: item.valuesWithNaN,
                                                  interventionTime: try #require(item.intervention), neweyWestLags: lags)
            let estimates = [fit.intercept, fit.slopeBefore, fit.levelChange, fit.slopeChange]
            for (index, estimate) in estimates.enumerated() {
                let estimate = try #require(estimate)
                #expect(close(estimate.estimate, reference.params[index], absolute: 1e-13), "lags \(lags) \(estimate.name)")
                #expect(close(estimate.standardError, reference.bse[index]), "lags \(lags) \(estimate.name) SE")
                #expect(close(estimate.pValue, reference.pvalues[index], absolute: 1e-15), "lags \(lags) \(estimate.name) p")
                let ci = try #require(estimate.confidenceInterval(level: 0.95))
                #expect(close(ci.lower, reference.conf_int_0_95[index][0], absolute: 1e-13))
            }
        }
    }

    /// statsmodels OLS (QR) on the explicit segmented design [1, t, D, (t - t0) D]: 1e-10.
    @Test(arguments: seriesCases.filter { $0.reference.its != nil })
    func interruptedTimeSeriesMatchesStatsmodels(_ item: SeriesCase) throws {
        let reference = try #require(item.reference.its)
        let fit = Trend.interruptedTimeSeries(times: item.times, values: item.valuesWithNaN,
                                              interventionTime: try #require(item.intervention))
        #expect(fit.status == .ok)
        let estimates = [fit.intercept, fit.slopeBefore, fit.levelChange, fit.slopeChange]
        for (index, estimate) in estimates.enumerated() {
            let estimate = try #require(estimate)
            #expect(close(estimate.estimate, reference.params[index], absolute: 1e-13), "\(estimate.name)")
            #expect(close(estimate.standardError, reference.bse[index]), "\(estimate.name) SE")
            #expect(close(estimate.pValue, reference.pvalues[index], absolute: 1e-15), "\(estimate.name) p")
            let ci = try #require(estimate.confidenceInterval(level: 0.9))
            #expect(close(ci.upper, reference.conf_int_0_9[index][1], absolute: 1e-13))
        }
        let slopeAfterVariance = reference.cov[1][1] + reference.cov[3][3] + 2 * reference.cov[1][3]
        #expect(close(fit.slopeAfter?.standardError, slopeAfterVariance.squareRoot()))
        #expect(close(fit.rSquared, reference.rsquared, absolute: 1e-14))
        #expect(close(fit.residualStandardDeviation, reference.residual_sd))
    }
}
