import ABIBatch
import ABIStatistics
import Foundation
import NISTReference
import Testing

/// Robust standard errors on NIST Longley against exact rational arithmetic
/// (Resources/longley_robust_reference.json from Scripts/reference/longley_robust_reference.py).
/// statsmodels 0.15 reaches 10.4 (HC0, HC1), 9.0 (HC2), 8.8 (HC3) and 8.0 (cluster) digits there.
struct LongleyRobustCase: Sendable, CustomTestStringConvertible {
    let name: String
    let covariance: MultipleRegressionResult.CovarianceType
    var testDescription: String { name }
}

let longleyRobustCases = [
    LongleyRobustCase(name: "classical", covariance: .classical), LongleyRobustCase(name: "HC0", covariance: .hc0),
    LongleyRobustCase(name: "HC1", covariance: .hc1), LongleyRobustCase(name: "HC2", covariance: .hc2),
    LongleyRobustCase(name: "HC3", covariance: .hc3), LongleyRobustCase(name: "cluster", covariance: .cluster),
]

/// The exact reference, checked to name its generator.
func longleyRobustReference() throws -> [String: Any] {
    let data = try Data(contentsOf: try fixtureURL("longley_robust_reference.json"))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let header = try #require(object["header"] as? [String: Any])
    #expect(header["generator"] as? String == "Scripts/reference/longley_robust_reference.py")
    return object
}

/// The reference standard errors as decimal text parsed to the nearest double.
func longleyReferenceStandardErrors(_ reference: [String: Any], _ name: String) throws -> [Double] {
    let table = try #require(reference["standardErrors"] as? [String: Any])
    let entry = try #require(table[name] as? [String: Any])
    let texts = try #require(entry["text"] as? [String])
    return try texts.map { try #require(Double($0)) }
}

/// Correct digits (LRE) of each Longley standard error for one covariance type.
func longleyRobustDigits(_ testCase: LongleyRobustCase, options: LeastSquaresOptions = .init()) throws -> [Double] {
    let reference = try longleyRobustReference()
    let expected = try longleyReferenceStandardErrors(reference, testCase.name)
    let clusters = try #require(reference["clusterIds"] as? [String])
    let dataset = try NISTDataset(contentsOf: nistDirectory + "/Longley.dat")
    var columns: [String: DataColumn] = [:]
    for (name, values) in zip(dataset.columnNames, dataset.columns) { columns[name] = .numeric(values) }
    columns["year_mod_4"] = .categorical(clusters)
    let result = try LinearRegression.fit(formula: "y ~ x1 + x2 + x3 + x4 + x5 + x6", data: try DataTable(columns),
                                          covarianceType: testCase.covariance,
                                          clusterColumn: testCase.covariance == .cluster ? "year_mod_4" : nil, options: options)
    #expect(result.termNames == reference["terms"] as? [String])
    #expect(expected.count == 7 && result.standardErrors.count == 7)
    return zip(result.standardErrors, expected).map { logRelativeError($0, certified: $1) }
}

/// Refined scores: 14.8 or more digits on x86-64 (Float80 residuals); without Float80 the issue's
/// target of 12.
@Test(arguments: longleyRobustCases)
func longleyRobustStandardErrorsHaveTwelveCorrectDigits(_ testCase: LongleyRobustCase) throws {
    let digits = try longleyRobustDigits(testCase)
    #if arch(x86_64)
    let target = 14.0
    #else
    let target = 12.0
    #endif
    #expect((digits.min() ?? 0) >= target, "\(testCase.name): correct digits per term \(digits.map { ($0 * 10).rounded() / 10 })")
}

/// Without refinement (budget 0, the path for designs too large to refine every score) the scores
/// come from the QR factors alone: about cond(X D) eps = 4.3e4 eps on Longley, 12.4 digits for
/// HC0-HC3 and 12.0 for cluster, still well above the explicit-inverse sandwich (7.5).
@Test(arguments: longleyRobustCases)
func longleyRobustStandardErrorsFromQRFactorsAlone(_ testCase: LongleyRobustCase) throws {
    var options = LeastSquaresOptions()
    options.robustScoreRefinementBudget = 0
    let digits = try longleyRobustDigits(testCase, options: options)
    #expect((digits.min() ?? 0) >= 11.5, "\(testCase.name): correct digits per term \(digits.map { ($0 * 10).rounded() / 10 })")
}

/// The same through the tall-skinny QR (row blocks of 5, so Q1 is applied block by block), with
/// and without refined scores.
@Test(arguments: longleyRobustCases, [true, false])
func longleyRobustStandardErrorsWithTallSkinnyBlocks(_ testCase: LongleyRobustCase, refined: Bool) throws {
    var options = LeastSquaresOptions()
    options.rowsPerBlock = 5
    if !refined { options.robustScoreRefinementBudget = 0 }
    let digits = try longleyRobustDigits(testCase, options: options)
    #expect((digits.min() ?? 0) >= (refined ? 12 : 11.5), "\(testCase.name): correct digits per term \(digits.map { ($0 * 10).rounded() / 10 })")
}
