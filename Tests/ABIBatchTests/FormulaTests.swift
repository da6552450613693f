import ABIBatch
import Testing

struct FormulaErrorCase: Sendable, CustomTestStringConvertible {
    let formula: String
    let position: Int
    let expectedFragment: String
    var testDescription: String { formula }
}

@Test(arguments: [
    FormulaErrorCase(formula: "", position: 0, expectedFragment: "a formula such as"),
    FormulaErrorCase(formula: "y x", position: 2, expectedFragment: "'~' after the response"),
    FormulaErrorCase(formula: "y ~ x +", position: 7, expectedFragment: "a term"),
    FormulaErrorCase(formula: "y ~ foo(x)", position: 4, expectedFragment: "one of the functions"),
    FormulaErrorCase(formula: "y ~ poly(x)", position: 10, expectedFragment: "',' and the degree"),
    FormulaErrorCase(formula: "y ~ poly(x, 2.5)", position: 12, expectedFragment: "a whole degree"),
    FormulaErrorCase(formula: "y ~ (x1 + x2", position: 12, expectedFragment: "')'"),
    FormulaErrorCase(formula: "y ~ x1 $ x2", position: 7, expectedFragment: "a name, number or one of"),
    FormulaErrorCase(formula: "y ~ x 2", position: 6, expectedFragment: "'+', '-', '*', ':' or end of formula"),
    FormulaErrorCase(formula: "y ~ 2", position: 4, expectedFragment: "0 or 1"),
    FormulaErrorCase(formula: "y ~ 0", position: 5, expectedFragment: "at least one term"),
    // Eleven crossed factors expand to 2047 terms; the limit (1024) is passed at the tenth '*'.
    FormulaErrorCase(formula: "y ~ a*b*c*d*e*f*g*h*i*j*k", position: 23, expectedFragment: "at most 1024 terms"),
    FormulaErrorCase(formula: "y ~ (a+b+c+d+e+f+g+h+i+j+k+l+m+n+o+p+q+r+s+t+u+v+w+x+y1+y2+y3+y4+y5+y6+y7+y8+y9):(a+b+c+d+e+f+g+h+i+j+k+l+m+n+o+p+q+r+s+t+u+v+w+x+y1+y2+y3+y4+y5+y6+y7+y8+y9)",
                     position: 80, expectedFragment: "at most 1024 terms"),
])

func malformedFormulaReportsPositionAndExpectation(_ errorCase: FormulaErrorCase) {
    do {
        _ = try RegressionFormula(errorCase.formula)
        Issue.record("'\(errorCase.formula)' parsed")
    } catch let BatchError.formulaSyntax(position, expected, _) {
        #expect(position == errorCase.position)
        #expect(expected.contains(errorCase.expectedFragment), "expected: \(expected)")
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

@Test(arguments: [
    ("y ~ a*b", ["a", "b", "a:b"], true),
    ("y ~ a*b - b", ["a", "a:b"], true),
    ("y ~ a:b + a + a", ["a", "a:b"], true),
    ("y ~ x - 1", ["x"], false),
    ("y ~ 0 + x", ["x"], false),
    ("y ~ x + 0 + 1", ["x"], true),
    ("y ~ -1 + x", ["x"], false),
    ("y ~ (a + b)*c", ["a", "b", "c", "a:c", "b:c"], true),
    ("log(y) ~ poly(t, 3) + I(x^2) + log(x)", ["poly(t, 3)", "I(x^2)", "log(x)"], true),
    ("y ~ `odd name` + 1", ["odd name"], true),
    ("y ~ 1", [], true),
])
func termsExpandAndOrderLikeR(_ formula: String, _ labels: [String], _ intercept: Bool) throws {
    let parsed = try RegressionFormula(formula)
    #expect(parsed.termLabels == labels)
    #expect(parsed.hasIntercept == intercept)
}

func smallTable() throws -> DataTable {
    try DataTable([
        "y": .numeric([1.2, 2.3, 2.9, 4.1, 5.2, 5.8, 7.1, 8.3]),
        "x": .numeric([1, 2, 3, 4, 5, 6, 7, .nan]),
        "z": .numeric([-1, 2, 0.5, 3, -2, 1, 4, 2]),
        "g": .categorical(["b", "a", "c", "b", "a", "c", "", "a"]),
    ])
}

@Test func factorsUseTreatmentCodingAgainstTheFirstSortedLevel() throws {
    let design = try RegressionFormula("y ~ x + g").design(data: try smallTable())
    #expect(design.termNames == ["Intercept", "x", "g[T.b]", "g[T.c]"])
    #expect(design.droppedRowCount == 2)  // x NaN in row 7, g missing in row 6
    #expect(design.rowIndices == [0, 1, 2, 3, 4, 5])
    #expect(Array(design.matrix.column(2)) == [1, 0, 0, 1, 0, 0])
    #expect(Array(design.matrix.column(3)) == [0, 0, 1, 0, 0, 1])
}

@Test func referenceLevelCanBeChosen() throws {
    let design = try RegressionFormula("y ~ g").design(data: try smallTable(), referenceLevels: ["g": "c"])
    #expect(design.termNames == ["Intercept", "g[T.a]", "g[T.b]"])
    #expect(throws: BatchError.unknownReferenceLevel(column: "g", level: "zz")) {
        try RegressionFormula("y ~ g").design(data: try smallTable(), referenceLevels: ["g": "zz"])
    }
    #expect(throws: BatchError.unknownColumn("h")) {
        try RegressionFormula("y ~ g").design(data: try smallTable(), referenceLevels: ["h": "a"])
    }
}

@Test func numericCodesBecomeFactorLevelsInNumericOrder() throws {
    let table = try DataTable(["y": .numeric([1, 2, 3, 4, 5, 6]), "k": .numeric([10, 2, 1, 2, .nan, 10])])
    let design = try RegressionFormula("y ~ factor(k)").design(data: table)
    #expect(design.termNames == ["Intercept", "factor(k)[T.2]", "factor(k)[T.10]"])
    #expect(design.droppedRowCount == 1)
    let patsyStyle = try RegressionFormula("y ~ C(k)").design(data: table, referenceLevels: ["C(k)": "10"])
    #expect(patsyStyle.termNames == ["Intercept", "C(k)[T.1]", "C(k)[T.2]"])
}

@Test func referenceLevelOfAFactorTermCanBeKeyedByItsColumnName() throws {
    let table = try DataTable(["y": .numeric([1, 2, 3, 4, 5, 6]), "k": .numeric([10, 2, 1, 2, .nan, 10])])
    let byColumn = try RegressionFormula("y ~ factor(k)").design(data: table, referenceLevels: ["k": "10"])
    let byTerm = try RegressionFormula("y ~ factor(k)").design(data: table, referenceLevels: ["factor(k)": "10"])
    #expect(byColumn.termNames == ["Intercept", "factor(k)[T.1]", "factor(k)[T.2]"])
    #expect(byColumn.termNames == byTerm.termNames)
    #expect(Array(byColumn.matrix.column(1)) == Array(byTerm.matrix.column(1)))
    let patsy = try RegressionFormula("y ~ C(k)").design(data: table, referenceLevels: ["k": "2"])
    #expect(patsy.termNames == ["Intercept", "C(k)[T.1]", "C(k)[T.10]"])
    #expect(throws: BatchError.unknownReferenceLevel(column: "factor(k)", level: "7")) {
        try RegressionFormula("y ~ factor(k)").design(data: table, referenceLevels: ["k": "7"])
    }
    #expect(throws: BatchError.unknownColumn("k")) {
        try RegressionFormula("y ~ factor(k) + C(k)").design(data: table, referenceLevels: ["k": "2"])
    }
    #expect(throws: BatchError.self) {
        try RegressionFormula("y ~ factor(k)").design(data: table, referenceLevels: ["k": "2", "factor(k)": "10"])
    }
}

@Test func factorWithoutInterceptGetsEveryLevel() throws {
    let table = try smallTable()
    let full = try RegressionFormula("y ~ g - 1").design(data: table)
    #expect(full.termNames == ["g[a]", "g[b]", "g[c]"])
    let withIntercept = try LinearRegression.fit(formula: "y ~ g", data: table)
    let withoutIntercept = try LinearRegression.fit(formula: "y ~ g - 1", data: table)
    expectClose(withoutIntercept.residualSumOfSquares, withIntercept.residualSumOfSquares, tolerance: 1e-12, "same fitted values")
}

@Test func interactionMultipliesNumericAndDummyColumns() throws {
    let design = try RegressionFormula("y ~ x*g").design(data: try smallTable())
    #expect(design.termNames == ["Intercept", "x", "g[T.b]", "g[T.c]", "x:g[T.b]", "x:g[T.c]"])
    #expect(Array(design.matrix.column(4)) == [1, 0, 0, 4, 0, 0])
}

@Test func computedColumnsKeepTheirExtendedPrecisionRemainder() throws {
    let table = try DataTable(["y": .numeric([1, 2, 3, 4]), "x": .numeric([0.1, 0.3, 1.7, 2.9])])
    let design = try RegressionFormula("y ~ I(x^3)").design(data: table)
    let correction = try #require(design.correction)
    #expect(correction.elements.contains { $0 != 0 })
    let exact = try RegressionFormula("y ~ x").design(data: table)
    #expect(exact.correction == nil)
}

@Test func orthogonalPolynomialColumnsAreOrthonormalAndCentred() throws {
    let t: [Double] = [0.3, 1.1, 2.5, 2.7, 4.0, 5.5, 6.1, 8.8, 9.0]
    let table = try DataTable(["y": .numeric(t.map { $0 * $0 }), "t": .numeric(t)])
    let design = try RegressionFormula("y ~ poly(t, 3)").design(data: table)
    #expect(design.termNames == ["Intercept", "poly(t, 3)[1]", "poly(t, 3)[2]", "poly(t, 3)[3]"])
    for a in 1...3 {
        let ca = Array(design.matrix.column(a))
        #expect(abs(ca.reduce(0, +)) < 1e-14)
        for b in a...3 {
            let dot = zip(ca, design.matrix.column(b)).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(dot - (a == b ? 1 : 0)) < 1e-14)
        }
    }
    #expect(throws: BatchError.invalidColumnUse(column: "poly(t, 3)", reason: "degree 3 needs more than 3 distinct values")) {
        try RegressionFormula("y ~ poly(t, 3)").design(data: try DataTable(["y": .numeric([1, 2, 3]), "t": .numeric([1, 2, 3])]))
    }
}

@Test func badColumnUseIsReported() throws {
    let table = try smallTable()
    #expect(throws: BatchError.unknownColumn("w")) { try RegressionFormula("y ~ w").design(data: table) }
    #expect(throws: BatchError.invalidColumnUse(column: "g", reason: "a categorical column cannot be used in arithmetic or functions")) {
        try RegressionFormula("y ~ log(g)").design(data: table)
    }
    #expect(throws: BatchError.invalidColumnUse(column: "g", reason: "the response must be numeric")) {
        try RegressionFormula("g ~ x").design(data: table)
    }
    #expect(throws: BatchError.nonFiniteColumnValue(column: "I(1/(x-3))", value: .infinity, row: 2)) {
        try RegressionFormula("y ~ I(1/(x - 3))").design(data: table)
    }
}

@Test func logOfNegativeValuesDropsThoseRows() throws {
    let design = try RegressionFormula("y ~ log(z)").design(data: try smallTable())
    #expect(design.droppedRowCount == 2)
    #expect(design.rowIndices == [1, 2, 3, 5, 6, 7])
}

@Test func noCompleteRowIsAnError() throws {
    let table = try DataTable(["y": .numeric([1, .nan]), "x": .numeric([.nan, 2])])
    #expect(throws: BatchError.tooFewObservations(needed: 1, available: 0)) { try LinearRegression.fit(formula: "y ~ x", data: table) }
}

@Test func columnsOfDifferentLengthsAreRejected() {
    #expect(throws: BatchError.dimensionMismatch(what: "column lengths", expected: 3, actual: 2)) {
        try DataTable(["a": .numeric([1, 2, 3]), "b": .categorical(["x", "y"])])
    }
}

@Test func interceptOnlyModelEstimatesTheMean() throws {
    let table = try DataTable(["y": .numeric([1, 2, 4, 9])])
    let result = try LinearRegression.fit(formula: "y ~ 1", data: table)
    #expect(result.termNames == ["Intercept"])
    expectClose(result.estimates[0], 4, tolerance: 1e-15, "mean")
    #expect(result.fStatistic.isNaN && result.fPValue.isNaN)
    #expect(result.modelDegreesOfFreedom == 0)
    expectClose(result.standardErrors[0], (((9.0 + 4 + 0 + 25) / 3) / 4).squareRoot(), tolerance: 1e-14, "SE of the mean")
}

@Test func tenCrossedFactorsExpandToEveryInteraction() throws {
    let formula = try RegressionFormula("y ~ a*b*c*d*e*f*g*h*i*j")
    #expect(formula.termLabels.count == 1023)  // 2^10 - 1 non-empty subsets of ten factors
    #expect(formula.termLabels.last == "a:b:c:d:e:f:g:h:i:j")
    #expect(Set(formula.termLabels).count == 1023)
}

@Test func termFormulaTextsQuoteNamesThatAreNotPlainAndParseBack() throws {
    let formula = try RegressionFormula("y ~ `ankle flow`*arm + log(`1st visit`) + `a~b`")
    #expect(formula.termLabels == ["ankle flow", "arm", "log(1st visit)", "a~b", "ankle flow:arm"])
    #expect(formula.termFormulaTexts == ["`ankle flow`", "arm", "log(`1st visit`)", "`a~b`", "`ankle flow`:arm"])
    let again = try RegressionFormula("y ~ " + formula.termFormulaTexts.joined(separator: " + "))
    #expect(again.termLabels == formula.termLabels)
}
