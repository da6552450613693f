import ABIBatch
import ABIStatistics
import Testing

@Test func emptyDesignIsRejected() {
    #expect(throws: BatchError.emptyDesign) { try LeastSquares.fit(design: Matrix(rowCount: 0, columnCount: 2), response: []) }
    #expect(throws: BatchError.emptyDesign) { try LeastSquares.fit(design: Matrix(rowCount: 3, columnCount: 0), response: [1, 2, 3]) }
}

@Test func responseLengthMustMatchDesignRows() {
    #expect(throws: BatchError.dimensionMismatch(what: "response length vs design rows", expected: 2, actual: 3)) {
        try LeastSquares.fit(design: Matrix(rows: [[1], [2]]), response: [1, 2, 3])
    }
}

@Test func nanInDesignNamesRowAndColumn() {
    let design = Matrix(rows: [[1, 2], [.nan, 3], [1, 4]])
    #expect(throws: BatchError.nonFiniteValue(row: 1, column: 0)) { try LeastSquares.fit(design: design, response: [1, 2, 3]) }
}

@Test func infiniteResponseIsRejected() {
    let design = Matrix(rows: [[1, 2], [1, 3], [1, 4]])
    #expect(throws: BatchError.nonFiniteValue(row: 2, column: nil)) {
        try LeastSquares.fit(design: design, response: [1, 2, .infinity])
    }
}

@Test func oneRowFitsExactlyAndAliasesTheRest() throws {
    let fit = try LeastSquares.fit(design: Matrix(rows: [[2, 5]]), response: [3])
    #expect(fit.rank == 1)
    #expect(fit.aliasedColumns == [1])
    #expect(fit.coefficients[0] == 1.5)
    #expect(fit.coefficients[1].isNaN)
    #expect(fit.residualSumOfSquares == 0)
    let result = try LinearRegression.fit(RegressionDesign(model: "one row", matrix: Matrix(rows: [[1]]), termNames: ["Intercept"],
                                                           hasIntercept: true, response: [4]))
    #expect(result.estimates == [4])
    #expect(result.residualDegreesOfFreedom == 0)
    #expect(result.standardErrors[0].isNaN)
    #expect(result.notes.contains("no residual degrees of freedom: standard errors and tests are undefined"))
}

@Test func fewerRowsThanColumnsKeepsTheFirstIndependentColumns() throws {
    let design = Matrix(rows: [[1, 0.5, 2, 7, 1], [1, 1.5, -1, 3, 2], [1, 2.5, 4, -2, 0]])
    let y = [1.0, 2.0, 4.0]
    let fit = try LeastSquares.fit(design: design, response: y)
    #expect(fit.rank == 3)
    #expect(fit.aliasedColumns == [3, 4])
    for r in fit.residuals { #expect(abs(r) < 1e-14) }
    // Same as the square system on the first three columns: solve by hand (Cramer would do; use the fit of a 3x3).
    let square = try LeastSquares.fit(design: design.view(columns: 0..<3), response: y)
    expectClose(Array(fit.coefficients.prefix(3)), square.coefficients, tolerance: 1e-14, "basic solution")
}

@Test func exactlyCollinearLaterColumnIsAliasedAndNamed() throws {
    let x1: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
    let x2: [Double] = [2, 1, 4, 3, 6, 5, 8, 9]
    let x3 = zip(x1, x2).map { 2 * $0 - $1 }
    let y: [Double] = [1.1, 2.3, 2.9, 4.2, 4.8, 6.3, 6.9, 8.4]
    let ones = [Double](repeating: 1, count: 8)
    let design = RegressionDesign(model: "collinear", matrix: Matrix(columns: [ones, x1, x2, x3]),
                                  termNames: ["Intercept", "x1", "x2", "x3"], hasIntercept: true, response: y)
    let result = try LinearRegression.fit(design)
    #expect(result.aliasedTerms == ["x3"])
    #expect(result.rank == 3)
    #expect(result.notes.contains("term x3 not estimable: linearly dependent on other terms (aliased); reported as NaN"))
    let reduced = try LinearRegression.fit(RegressionDesign(model: "reduced", matrix: Matrix(columns: [ones, x1, x2]),
                                                            termNames: ["Intercept", "x1", "x2"], hasIntercept: true, response: y))
    expectClose(Array(result.estimates.prefix(3)), reduced.estimates, tolerance: 1e-13, "estimates without x3")
    expectClose(Array(result.standardErrors.prefix(3)), reduced.standardErrors, tolerance: 1e-12, "SEs without x3")
    #expect(result.residualDegreesOfFreedom == 5)
}

@Test(arguments: [("constant", [Double](repeating: 3, count: 6)), ("zero", [Double](repeating: 0, count: 6))])
func constantOrZeroColumnBesideInterceptIsAliased(_ label: String, _ column: [Double]) throws {
    let ones = [Double](repeating: 1, count: 6)
    let x: [Double] = [0, 1, 2, 3, 4, 5]
    let fit = try LeastSquares.fit(design: Matrix(columns: [ones, x, column]), response: [1, 3, 2, 5, 4, 6])
    #expect(fit.aliasedColumns == [2], "\(label) column aliased")
    #expect(fit.coefficients[2].isNaN)
    #expect(fit.unscaledCovariance[2, 2].isNaN)
    #expect(!fit.unscaledCovariance[1, 1].isNaN)
}

@Test func perfectFitRecoversCoefficientsAndZeroResiduals() throws {
    let x: [Double] = [0.5, 1.5, 2.25, 3, 7, 11]
    let y = x.map { 1 + 2 * $0 }
    let design = RegressionDesign(model: "perfect", matrix: Matrix(columns: [[Double](repeating: 1, count: 6), x]),
                                  termNames: ["Intercept", "x"], hasIntercept: true, response: y)
    let result = try LinearRegression.fit(design)
    expectClose(result.estimates, [1, 2], tolerance: 1e-15, "coefficients")
    #expect(result.residualSumOfSquares < 1e-28)
    #expect(abs(result.rSquared - 1) < 1e-15)
    #expect(result.standardErrors.allSatisfy { $0 < 1e-14 })
}

@Test func designCorrectionMustMatchDesignShape() {
    #expect(throws: BatchError.self) {
        try LeastSquares.fit(design: Matrix(rows: [[1, 2], [1, 3]]), designCorrection: Matrix(rows: [[0], [0]]), response: [1, 2])
    }
}

@Test func manyResponsesShareOneFactorisationAndMatchStatsmodels() throws {
    let fixture = try jsonFixture("batch_multiresponse_reference.json")
    let design = Matrix(rows: numberRows(fixture["design"]))
    let responses = Matrix(rows: numberRows(fixture["responses"]))
    let fit = try LeastSquares.fit(design: design.view, responses: responses.view)
    let params = numberRows(fixture["params"])
    let rss = numbers(fixture["ssr"])
    let bse = numberRows(fixture["bse"])
    #expect(fit.rank == 4)
    let standardErrors = fit.standardErrors
    for k in 0..<responses.columnCount {
        expectClose(Array(fit.coefficients.column(k)), params[k], tolerance: 1e-10, "response \(k) coefficients")
        expectClose(fit.residualSumsOfSquares[k], rss[k], tolerance: 1e-10, "response \(k) RSS")
        expectClose(Array(standardErrors.column(k)), bse[k], tolerance: 1e-10, "response \(k) standard errors")
        // And the same as the refined single-response path.
        let single = try LeastSquares.fit(design: design, response: Array(responses.column(k)))
        expectClose(Array(fit.coefficients.column(k)), single.coefficients, tolerance: 1e-12, "response \(k) vs single fit")
    }
}

@Test func manyResponsesRejectNonFiniteResponse() {
    let design = Matrix(rows: [[1, 0], [1, 1], [1, 2]])
    let responses = Matrix(rows: [[1, 2], [2, .nan], [3, 4]])
    #expect(throws: BatchError.nonFiniteValue(row: 1, column: nil)) { try LeastSquares.fit(design: design.view, responses: responses.view) }
}

@Test(arguments: [1, 5, 37, 499])
func tallSkinnyBlockedQRAgreesWithOnePieceQR(_ rowsPerBlock: Int) throws {
    var generator = Xoshiro256StarStar(seed: 99)
    func uniform() -> Double { Double(generator.next() >> 11) / 9_007_199_254_740_992.0 - 0.5 }
    let n = 500
    var columns = [[Double](repeating: 1, count: n)]
    for _ in 0..<4 { columns.append((0..<n).map { _ in uniform() * 10 }) }
    columns.append(zip(columns[1], columns[2]).map { $0 - 2 * $1 })  // aliased
    let y = (0..<n).map { i in 1 + columns[1][i] - 0.5 * columns[3][i] + uniform() }
    let design = Matrix(columns: columns)
    var blocked = LeastSquaresOptions()
    blocked.rowsPerBlock = rowsPerBlock
    let reference = try LeastSquares.fit(design: design, response: y)
    let fit = try LeastSquares.fit(design: design, response: y, options: blocked)
    #expect(fit.aliasedColumns == [5] && reference.aliasedColumns == [5])
    expectClose(Array(fit.coefficients.prefix(5)), Array(reference.coefficients.prefix(5)), tolerance: 1e-13, "coefficients")
    expectClose(fit.residualSumOfSquares, reference.residualSumOfSquares, tolerance: 1e-13, "RSS")
    for j in 0..<5 { expectClose(fit.unscaledCovariance[j, j], reference.unscaledCovariance[j, j], tolerance: 1e-12, "cov[\(j)]") }
    let responses = Matrix(columns: [y, y.map { 2 * $0 + 1 }])
    let many = try LeastSquares.fit(design: design.view, responses: responses.view, options: blocked)
    expectClose(Array(many.coefficients.column(0).prefix(5)), Array(reference.coefficients.prefix(5)), tolerance: 1e-10, "many-response")
    expectClose(many.residualSumsOfSquares[0], reference.residualSumOfSquares, tolerance: 1e-10, "many-response RSS")
}

@Test func columnsNearTheOverflowAndUnderflowLimitsAreEquilibrated() throws {
    let x: [Double] = [0.5, 1.5, 2.25, 3, 7, 11]
    let z: [Double] = [1, -2, 0.5, 3, -1, 2]
    let y: [Double] = [1.2, 2.9, 3.1, 4.8, 9.9, 14.2]
    let ones = [Double](repeating: 1, count: 6)
    let plain = try LeastSquares.fit(design: Matrix(columns: [ones, x, z]), response: y)
    let extreme = try LeastSquares.fit(design: Matrix(columns: [ones, x.map { $0 * 1e200 }, z.map { $0 * 1e-200 }]), response: y)
    #expect(extreme.rank == 3)
    expectClose(extreme.coefficients, [plain.coefficients[0], plain.coefficients[1] * 1e-200, plain.coefficients[2] * 1e200],
                tolerance: 1e-13, "rescaled coefficients")
    expectClose(extreme.residualSumOfSquares, plain.residualSumOfSquares, tolerance: 1e-12, "RSS")
}

@Test(arguments: [2, 3])
func blockedFactorisationIsIdenticalForAnyThreadCount(_ threads: Int) throws {
    var generator = Xoshiro256StarStar(seed: 2026)
    let n = 3000
    let columns = [[Double](repeating: 1, count: n)] + (0..<3).map { _ in (0..<n).map { _ in Double(generator.below(10_000)) / 100 } }
    let y = (0..<n).map { i in columns[1][i] - 2 * columns[3][i] + Double(generator.below(1000)) / 500 }
    var options = LeastSquaresOptions()
    options.rowsPerBlock = 64
    options.threadCount = 1
    let single = try LeastSquares.fit(design: Matrix(columns: columns), response: y, options: options)
    options.threadCount = threads
    let parallel = try LeastSquares.fit(design: Matrix(columns: columns), response: y, options: options)
    #expect(single.coefficients == parallel.coefficients)
    #expect(single.residuals == parallel.residuals)
    #expect(single.unscaledCovariance == parallel.unscaledCovariance)
}

@Test func allZeroDesignEstimatesNothingAndKeepsTheResponseAsResiduals() throws {
    let y: [Double] = [1, -2, 3]
    let fit = try LeastSquares.fit(design: Matrix(rowCount: 3, columnCount: 2), response: y)
    #expect(fit.rank == 0)
    #expect(fit.aliasedColumns == [0, 1])
    #expect(fit.coefficients.allSatisfy { $0.isNaN })
    #expect(fit.residuals == y)
    #expect(fit.residualSumOfSquares == 14)
    let result = try LinearRegression.fit(RegressionDesign(model: "zeros", matrix: Matrix(rowCount: 3, columnCount: 2),
                                                           termNames: ["a", "b"], hasIntercept: false, response: y))
    #expect(result.aliasedTerms == ["a", "b"])
    #expect(result.fStatistic.isNaN)
}
