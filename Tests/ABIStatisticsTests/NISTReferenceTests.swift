import Foundation
import NISTReference
import Testing

/// The StRD files committed in the repository: <package root>/Fixtures/nist (see its README.md).
let nistDirectory: String = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return root.appendingPathComponent("Fixtures/nist").path
}()

@Test func readsUnivariateCertifiedValuesAndData() throws {
    let numAcc4 = try NISTDataset(contentsOf: nistDirectory + "/NumAcc4.dat")
    #expect(numAcc4.columnNames == ["Y"])
    #expect(numAcc4.columnTexts[0].count == 1001)
    #expect(numAcc4.columnTexts[0][0] == "10000000.2")
    let certified = try #require(numAcc4.univariate)
    #expect(certified.mean == 10000000.2)
    #expect(certified.standardDeviation == 0.1)
    #expect(certified.lag1Autocorrelation == -0.999)
    let piDigits = try NISTDataset(contentsOf: nistDirectory + "/PiDigits.dat")
    #expect(piDigits.columns[0].count == 5000)
    #expect(piDigits.univariate?.mean == 4.5348)
}

@Test func readsRegressionCertifiedValuesAndBuildsPolynomialDesign() throws {
    let filip = try NISTDataset(contentsOf: nistDirectory + "/Filip.dat")
    let certified = try #require(filip.regression)
    #expect(certified.estimates.count == 11)
    #expect(certified.estimates[0] == -1467.48961422980)
    #expect(certified.standardDeviations.count == 11)
    #expect(certified.standardDeviations[10] == 0.896632837373868E-05)
    #expect(certified.parameterNames.last == "B10")
    #expect(certified.residualStandardDeviation == 0.334801051324544E-02)
    #expect(certified.rSquared == 0.996727416185620)
    #expect(certified.hasIntercept)
    let design = try #require(filip.regressionDesignColumns)
    #expect(design.count == 11)
    #expect(filip.response.count == 82)
    #expect(design[2][0] == filip.columns[1][0] * filip.columns[1][0])

    let noInt1 = try NISTDataset(contentsOf: nistDirectory + "/NoInt1.dat")
    #expect(noInt1.regression?.hasIntercept == false)
    #expect(noInt1.regressionDesignColumns?.count == 1)

    let longley = try NISTDataset(contentsOf: nistDirectory + "/Longley.dat")
    #expect(longley.columnNames == ["y", "x1", "x2", "x3", "x4", "x5", "x6"])
    #expect(longley.regressionDesignColumns?.count == 7)
}

@Test func loadsEveryListedDataset() throws {
    #expect(try NISTDataset.load(NISTDataset.univariateNames, from: nistDirectory).allSatisfy { $0.univariate != nil })
    #expect(try NISTDataset.load(NISTDataset.regressionNames, from: nistDirectory).allSatisfy { $0.regression != nil })
}

@Test(arguments: [
    (1.0, 1.0, 15.0),          // exact
    (1.000001, 1.0, 6.0),      // six digits
    (1e-10, 0.0, 10.0),        // certified zero: -log10(|estimate|)
    (Double.nan, 1.0, 0.0),    // NaN scores 0
    (2.0, 1.0, 0.0),           // worse than 1 digit floors at 0
])
func logRelativeErrorCountsCorrectDigits(estimate: Double, certified: Double, expected: Double) {
    #expect(abs(logRelativeError(estimate, certified: certified) - expected) < 1e-9)
}
