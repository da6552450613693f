import ABIBatch
import Foundation

// TEMPORARY minimal reader until NISTReference lands on main.
struct TmpDataset {
    var parameters: [(Double, Double)] = []
    var residualSD = 0.0
    var rSquared = 0.0
    var rows: [[Double]] = []
}

func tmpRead(_ path: String) -> TmpDataset? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    var d = TmpDataset()
    var inData = false
    for raw in text.split(whereSeparator: \.isNewline) {
        let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let f = line.split(separator: " ").map(String.init)
        if inData { if !f.isEmpty, let _ = Double(f[0]) { d.rows.append(f.compactMap { Double($0) }) }; continue }
        if line.hasPrefix("Data:") && f.count >= 2 && f[1] == "y" { inData = true; continue }
        if f.count == 3, f[0].hasPrefix("B"), let a = Double(f[1]), let b = Double(f[2]) { d.parameters.append((a, b)) }
        if line.hasPrefix("Standard Deviation"), let v = Double(f.last ?? "") { d.residualSD = v }
        if line.hasPrefix("R-Squared"), let v = Double(f.last ?? "") { d.rSquared = v }
    }
    return d
}

func lre(_ estimate: Double, _ certified: Double) -> Double {
    let err = certified == 0 ? abs(estimate) : abs(estimate - certified) / abs(certified)
    if err == 0 { return 15 }
    return min(15, max(0, -log10(err)))
}

/// Linear-regression StRD table (coefficients, their SDs, residual SD, R^2). Owner: ABIBatch work.
func printRegressionTable(directory: String) {
    let names = ["Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley", "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]
    print("dataset   coef   sd     resSD  R2   steps cond")
    for name in names {
        guard let d = tmpRead(directory + "/" + name + ".dat") else { print(name, "missing"); continue }
        let p = d.parameters.count
        let xCount = d.rows[0].count - 1
        var columns: [[Double]] = []
        var corrections: [[Double]] = []
        let intercept = !name.hasPrefix("NoInt")
        if intercept { columns.append([Double](repeating: 1, count: d.rows.count)); corrections.append([Double](repeating: 0, count: d.rows.count)) }
        if xCount == 1 {
            let degree = intercept ? p - 1 : p
            for k in 1...degree {
                let powers = d.rows.map { row in
                    var v: Float80 = 1
                    for _ in 0..<k { v *= Float80(row[1]) }
                    return v
                }
                columns.append(powers.map { Double($0) })
                corrections.append(powers.map { Double($0 - Float80(Double($0))) })
            }
        } else {
            for k in 1...xCount { columns.append(d.rows.map { $0[k] }); corrections.append([Double](repeating: 0, count: d.rows.count)) }
        }
        let y = d.rows.map { $0[0] }
        var options = LeastSquaresOptions()
        options.covarianceRefinement = .always
        do {
            let fit = try LeastSquares.fit(design: Matrix(columns: columns), designCorrection: Matrix(columns: corrections), response: y, options: options)
            let n = Double(y.count)
            let dfResid = n - Double(fit.rank)
            let s2 = fit.residualSumOfSquares / dfResid
            let s = s2.squareRoot()
            var tss = 0.0
            if intercept {
                let mean = y.reduce(0, +) / n
                tss = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            } else { tss = y.reduce(0) { $0 + $1 * $1 } }
            let r2 = 1 - fit.residualSumOfSquares / tss
            var coefLRE = 15.0, sdLRE = 15.0
            for k in 0..<p {
                coefLRE = min(coefLRE, lre(fit.coefficients[k], d.parameters[k].0))
                let sd = (s2 * fit.unscaledCovariance[k, k]).squareRoot()
                sdLRE = min(sdLRE, lre(sd, d.parameters[k].1))
            }
            print(name.padding(toLength: 9, withPad: " ", startingAt: 0),
                  String(format: "%5.1f  %5.1f  %5.1f  %5.1f  %d  rank %d cond %.2e scaled %.2e", coefLRE, sdLRE, lre(s, d.residualSD), lre(r2, d.rSquared), fit.refinementSteps, fit.rank, fit.conditionNumber, fit.equilibratedConditionNumber))
        } catch { print(name, error) }
    }
}
