import ABIBatch
import ABIStatistics
import Testing

/// Every model and covariance type of batch_regression_reference.json (statsmodels OLS on the
/// explicit design; robust fits with use_t=True). Exact algorithms on both sides: 1e-10 relative.
struct RegressionReferenceCase: Sendable, CustomTestStringConvertible {
    let model: Int
    let covariance: String
    var testDescription: String { "model \(model), \(covariance)" }
}

let regressionReferenceCases: [RegressionReferenceCase] =
    ["nonrobust", "HC0", "HC1", "HC2", "HC3", "cluster"].map { RegressionReferenceCase(model: 0, covariance: $0) }
    + [RegressionReferenceCase(model: 1, covariance: "nonrobust"), RegressionReferenceCase(model: 1, covariance: "HC3"),
       RegressionReferenceCase(model: 2, covariance: "nonrobust"), RegressionReferenceCase(model: 2, covariance: "HC2"),
       RegressionReferenceCase(model: 3, covariance: "nonrobust"), RegressionReferenceCase(model: 3, covariance: "HC1"),
       RegressionReferenceCase(model: 4, covariance: "nonrobust"), RegressionReferenceCase(model: 4, covariance: "HC3"),
       RegressionReferenceCase(model: 5, covariance: "nonrobust"),
       RegressionReferenceCase(model: 6, covariance: "nonrobust"), RegressionReferenceCase(model: 7, covariance: "HC3")]

func covarianceType(named name: String) -> MultipleRegressionResult.CovarianceType {
    switch name {
    case "HC0": .hc0
    case "HC1": .hc1
    case "HC2": .hc2
    case "HC3": .hc3
    case "cluster": .cluster
    default: .classical
    }
}

@Test(arguments: regressionReferenceCases)
func formulaRegressionMatchesStatsmodels(_ reference: RegressionReferenceCase) throws {
    let fixture = try jsonFixture("batch_regression_reference.json")
    let models = try #require(fixture["models"] as? [[String: Any]])
    let model = models[reference.model]
    let formula = try #require(model["formula"] as? String)
    let fits = try #require(model["fits"] as? [[String: Any]])
    let expected = try #require(fits.first { $0["covariance"] as? String == reference.covariance })
    let terms = try #require(model["terms"] as? [String])
    let aliased = model["aliased"] as? [String] ?? []
    let referenceLevels = model["reference_levels"] as? [String: String] ?? [:]

    let result = try LinearRegression.fit(
        formula: formula, data: try regressionData(), covarianceType: covarianceType(named: reference.covariance),
        clusterColumn: reference.covariance == "cluster" ? "clinic" : nil, referenceLevels: referenceLevels)

    #expect(result.termNames.filter { !aliased.contains($0) } == terms)
    #expect(result.aliasedTerms == aliased)
    for term in aliased { #expect(result.notes.contains { $0.contains("term \(term) not estimable") }) }
    let index = terms.compactMap { result.termNames.firstIndex(of: $0) }
    func pick(_ values: [Double]) -> [Double] { index.map { values[$0] } }

    let tolerance = 1e-10
    expectClose(pick(result.estimates), numbers(expected["params"]), tolerance: tolerance, "estimates")
    expectClose(pick(result.standardErrors), numbers(expected["bse"]), tolerance: tolerance, "standard errors")
    expectClose(pick(result.tStatistics), numbers(expected["tvalues"]), tolerance: tolerance, "t")
    expectClose(pick(result.pValues), numbers(expected["pvalues"]), tolerance: tolerance, "p")
    for (level, key) in [(0.95, "ci95"), (0.90, "ci90")] {
        let intervals = result.confidenceIntervals(level: level)
        expectClose(pick(intervals.map(\.lower)), numbers(expected[key + "_lower"]), tolerance: tolerance, key + " lower")
        expectClose(pick(intervals.map(\.upper)), numbers(expected[key + "_upper"]), tolerance: tolerance, key + " upper")
    }
    let table = result.coefficientTable(level: 0.95)
    #expect(table.map(\.term) == result.termNames)
    expectClose(pick(table.map(\.pValue)), numbers(expected["pvalues"]), tolerance: tolerance, "table p")

    expectClose(result.rSquared, number(expected["rsquared"]), tolerance: tolerance, "R^2")
    expectClose(result.adjustedRSquared, number(expected["rsquared_adj"]), tolerance: tolerance, "adjusted R^2")
    expectClose(result.fStatistic, number(expected["fvalue"]), tolerance: tolerance, "F")
    expectClose(result.fPValue, number(expected["f_pvalue"]), tolerance: tolerance, "F p")
    expectClose(result.residualSumOfSquares, number(expected["ssr"]), tolerance: tolerance, "RSS")
    #expect(Double(result.residualDegreesOfFreedom) == number(expected["df_resid"]))
    #expect(Double(result.modelDegreesOfFreedom) == number(expected["df_model"]))
    #expect(Double(result.observationCount) == number(expected["nobs"]))
    expectClose(result.logLikelihood, number(expected["llf"]), tolerance: tolerance, "log-likelihood")
    expectClose(result.aic, number(expected["aic"]), tolerance: tolerance, "AIC")
    expectClose(result.bic, number(expected["bic"]), tolerance: tolerance, "BIC")
    // statsmodels takes the condition number from eigenvalues of X^T X (squares it, so ~1e-9 agreement at best).
    expectClose(result.conditionNumber, number(expected["condition_number"]), tolerance: 1e-6, "condition number")

    let residuals = numbers(expected["resid"])
    let scale = residuals.map(abs).max() ?? 1
    #expect(result.residuals.count == residuals.count)
    for (a, e) in zip(result.residuals, residuals) { #expect(abs(a - e) <= 1e-10 * scale) }
}

@Test func reportsRowsDroppedForMissingValues() throws {
    let data = try regressionData()
    // x1 is NaN in 2 rows, group is "" in one other row.
    let both = try LinearRegression.fit(formula: "y ~ x1 + group", data: data)
    #expect(both.droppedRowCount == 3)
    #expect(both.observationCount == data.rowCount - 3)
    #expect(both.notes.contains("3 rows dropped for missing values"))
    let numericOnly = try LinearRegression.fit(formula: "y ~ x2", data: data)
    #expect(numericOnly.droppedRowCount == 0)
    #expect(!numericOnly.notes.contains { $0.contains("dropped") })
}

@Test func clusterRobustFitNeedsTwoClusters() throws {
    let design = RegressionDesign(model: "y ~ x", matrix: Matrix(columns: [[1, 1, 1, 1], [1, 2, 3, 5]]), termNames: ["Intercept", "x"],
                                  hasIntercept: true, response: [1, 3, 2, 5])
    #expect(throws: BatchError.invalidArgument("cluster-robust covariance needs at least 2 clusters, found 1")) {
        try LinearRegression.fit(design, covarianceType: .cluster, clusters: ["a", "a", "a", "a"])
    }
    #expect(throws: BatchError.invalidArgument("cluster-robust covariance needs a cluster id per row")) {
        try LinearRegression.fit(design, covarianceType: .cluster)
    }
    let fit = try LinearRegression.fit(design, covarianceType: .cluster, clusters: ["a", "a", "b", "b"])
    #expect(fit.clusterCount == 2)
    #expect(fit.inferenceDegreesOfFreedom == 1)
}
