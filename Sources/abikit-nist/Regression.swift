import ABIBatch
import ABIStatistics
import Foundation
import NISTReference

/// The model formula of a NIST linear-regression dataset: polynomials in x as raw powers (so the
/// coefficients are the certified B0...Bk), Longley linear in x1...x6, NoInt1-2 without intercept.
func nistRegressionFormula(_ dataset: NISTDataset, certified: NISTRegressionCertified) -> String {
    let predictors = Array(dataset.columnNames.dropFirst())
    let response = dataset.columnNames[0]
    if predictors.count > 1 { return response + " ~ " + predictors.joined(separator: " + ") }
    let degree = certified.estimates.count - (certified.hasIntercept ? 1 : 0)
    let rhs = degree == 1 ? predictors[0] : "poly(\(predictors[0]), \(degree), raw = TRUE)"
    return response + " ~ " + rhs + (certified.hasIntercept ? "" : " - 1")
}

/// Fits a NIST dataset through the formula layer and `LinearRegression`.
func fitNISTRegression(_ dataset: NISTDataset) throws -> (MultipleRegressionResult, NISTRegressionCertified)? {
    guard let certified = dataset.regression else { return nil }
    var columns: [String: DataColumn] = [:]
    for (name, values) in zip(dataset.columnNames, dataset.columns) { columns[name] = .numeric(values) }
    let formula = nistRegressionFormula(dataset, certified: certified)
    var options = LeastSquaresOptions()
    options.covarianceRefinement = .always
    let result = try LinearRegression.fit(formula: formula, data: DataTable(columns), options: options)
    return (result, certified)
}

/// Linear-regression StRD table: correct significant digits (LRE) of the coefficients (minimum over
/// them), their standard deviations (minimum), the residual SD and R^2. When a certified value is 0
/// (Wampler1-2 exact fits) the LRE is -log10|estimate|.
func printRegressionTable(directory: String) {
    print("NIST StRD linear regression: correct significant digits (LRE, capped at 15)")
    print("dataset    coefficients  std.devs  residual SD  R^2    rank  refinement")
    for name in NISTDataset.regressionNames {
        do {
            let dataset = try NISTDataset(contentsOf: directory + "/" + name + ".dat")
            guard let (result, certified) = try fitNISTRegression(dataset) else {
                print(name.padding(toLength: 10, withPad: " ", startingAt: 0), "no certified regression values")
                continue
            }
            let se = result.standardErrors
            let coefficientDigits = zip(result.estimates, certified.estimates).map { logRelativeError($0, certified: $1) }.min() ?? 0
            let sdDigits = zip(se, certified.standardDeviations).map { logRelativeError($0, certified: $1) }.min() ?? 0
            let residualDigits = logRelativeError(result.residualStandardError, certified: certified.residualStandardDeviation)
            let r2Digits = logRelativeError(result.rSquared, certified: certified.rSquared)
            let steps = result.method.components(separatedBy: "(").last?.components(separatedBy: ")").first ?? ""
            print(name.padding(toLength: 10, withPad: " ", startingAt: 0)
                  + String(format: " %12.1f  %8.1f  %11.1f  %4.1f  %4d  ", coefficientDigits, sdDigits, residualDigits, r2Digits, result.rank)
                  + steps)
        } catch {
            print(name.padding(toLength: 10, withPad: " ", startingAt: 0), "error: \(error)")
        }
    }
}
