import ABIBatch
import ABIStatistics
import Testing

/// The code of Sources/ABIBatch/ABIBatch.docc/FittingARegression.md, kept here so it cannot rot:
/// if this file changes, change the article with it. Expected values: statsmodels 0.15
/// `smf.ols("abi ~ age + sex", d).fit(cov_type="HC3")` and scipy 1.17 `linregress` on the same
/// numbers, copied into the comments.
struct DocumentationExampleTests {
    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-10) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(abs(b), 1e-300)
    }

    @Test func fittingARegressionWithRobustStandardErrors() throws {
        let data = try DataTable([
            "age": .numeric([50, 55, 60, 65, 70, 75, 80, 62, 58, 71]),
            "abi": .numeric([1.10, 1.05, 1.02, 0.98, 0.91, 0.88, 0.80, 1.00, 1.07, 0.93]),
            "sex": .categorical(["f", "m", "f", "m", "f", "m", "f", "m", "m", "f"]),
        ])
        let fit = try LinearRegression.fit(formula: "abi ~ age + sex", data: data, covarianceType: .hc3)
        let table = fit.coefficientTable(level: 0.95)
        #expect(table.map(\.term) == ["Intercept", "age", "sex[T.m]"])
        let byTerm = Dictionary(uniqueKeysWithValues: table.map { ($0.term, $0) })
        #expect(Self.close(byTerm["Intercept"]?.estimate, 1.5918988002086571))
        #expect(Self.close(byTerm["Intercept"]?.standardError, 0.053320312906946526))
        #expect(Self.close(byTerm["age"]?.estimate, -0.009666145018257693))
        #expect(Self.close(byTerm["age"]?.standardError, 0.0008584481910258103))
        #expect(Self.close(byTerm["sex[T.m]"]?.estimate, 0.01306833594157604))
        #expect(Self.close(byTerm["sex[T.m]"]?.standardError, 0.012501922822473699))
        #expect(Self.close(fit.rSquared, 0.9701352977590821))
        #expect(fit.residualDegreesOfFreedom == 7)
    }

    @Test func fittingOneTrend() throws {
        let years = [0, 0.5, 1.0, 1.5, 2.0, 3.0]
        let abi = [1.02, 1.00, 0.97, 0.96, 0.93, 0.88]
        let trend = Trend.ordinaryLeastSquares(times: years, values: abi)
        #expect(Self.close(trend.slope?.estimate, -0.046285714285714284))
        #expect(Self.close(trend.intercept?.estimate, 1.0217142857142856))
        #expect(Self.close(trend.slope?.standardError, 0.0020995626366712935))
        #expect(Self.close(trend.slope?.pValue, 2.50579004990106e-05, 1e-8))
    }
}
