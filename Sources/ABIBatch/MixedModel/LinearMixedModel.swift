import ABIStatistics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Linear mixed models with one grouping factor, fitted as lme4's `lmer` does (Bates, Mächler,
/// Bolker & Walker 2015, J Stat Softw 67(1)): the profiled deviance (ML) or REML criterion is
/// minimised over the relative covariance factor theta, with the diagonal of T bounded below by 0;
/// beta and sigma follow in closed form. Fixed-effect tests use Satterthwaite's degrees of freedom
/// as lmerTest computes them (Kuznetsova, Brockhoff & Christensen 2017, J Stat Softw 82(13)):
/// the covariance of the variance parameters (theta, sigma) is 2 H^-1, H the Hessian of the
/// (theta, sigma) deviance, and the gradient of a contrast's variance comes from the Jacobian of
/// Cov(beta) = sigma^2 (R_X'R_X)^-1; both by Richardson-extrapolated central differences as
/// numDeriv (initial step 1e-4 |x|, or 1e-4 where |x| < 1.8e-5; 4 halvings).
///
/// Optimiser: `BoundedMinimizer`: bounded Nelder-Mead to a simplex of 1e-3 (relative) and values within
/// 1e-8 (relative), then projected Newton steps on finite-difference derivatives until the predicted
/// decrease is below 1e-12 of the criterion (a tighter Nelder-Mead run first when the Newton stage
/// cannot proceed); start theta = identity T, as lme4.
/// Singular fit: a diagonal element of T below 1e-4 (lme4's `isSingular` default tolerance).
public enum LinearMixedModel {
    /// Fits the model.
    /// - Parameters:
    ///   - formula: the model; see `MixedModelFormula`.
    ///   - data: the columns.
    ///   - referenceLevels: reference level per factor of the fixed part.
    ///   - criterion: REML (default) or ML.
    ///   - level: confidence level of the fixed-effect intervals.
    ///   - tests: term labels (as in the formula, e.g. `arm:weeks`) to test jointly.
    ///   - degreesOfFreedom: denominator degrees of freedom of the fixed-effect tests: Satterthwaite
    ///     (lmerTest's default) or Kenward-Roger (pbkrtest; REML fits only).
    /// - Throws: `BatchError` for a bad formula or data, a rank-deficient fixed design, too few groups.
    public static func fit(formula: MixedModelFormula, data: DataTable, referenceLevels: [String: String] = [:],
                           criterion: LinearMixedModelResult.Criterion = .reml, level: Double = 0.95,
                           tests: [String] = [], degreesOfFreedom: LinearMixedModelResult.DegreesOfFreedomMethod = .satterthwaite)
        throws -> LinearMixedModelResult {
        guard level > 0 && level < 1 else { throw BatchError.invalidArgument("confidence level must lie in (0, 1), got \(level)") }
        if degreesOfFreedom == .kenwardRoger && criterion != .reml {
            throw BatchError.invalidArgument("Kenward-Roger degrees of freedom need a REML fit (as pbkrtest); drop --ml")
        }
        if degreesOfFreedom == .kenwardRoger && formula.random.outerGroupingColumn != nil {
            throw BatchError.invalidArgument("Kenward-Roger degrees of freedom are implemented for one grouping factor; "
                + "use Satterthwaite's (the default) for the nested term")
        }
        let design = try MixedModelDesign(formula: formula, data: data, referenceLevels: referenceLevels)
        let x = design.fixed.matrix
        let n = x.rowCount, p = x.columnCount, q = design.random.dimension
        let groupCount = design.groupLabels.count
        guard p > 0 else { throw BatchError.emptyDesign }
        guard groupCount >= 2 else {
            throw BatchError.tooFewObservations(needed: 2, available: groupCount)
        }
        let outerCount = design.outerGroupLabels.count
        if let outer = formula.random.outerGroupingColumn, outerCount < 2 {
            throw BatchError.invalidArgument("the outer grouping factor '\(outer)' has \(outerCount) level\(outerCount == 1 ? "" : "s"); a nested term needs at least 2")
        }
        let reml = criterion == .reml
        // The OLS fit (QR) gives the offset for the cross-products and detects aliased columns.
        let ols = try LeastSquares.fit(design: x, response: design.fixed.response)
        if let aliased = ols.aliasedColumns.first {
            throw BatchError.invalidColumnUse(column: design.fixed.termNames[aliased],
                                              reason: "the fixed-effects design is rank deficient (this column is aliased); remove it from the formula")
        }
        guard n > p else { throw BatchError.tooFewObservations(needed: p + 1, available: n) }
        let deviance = ProfiledDeviance(design: design, olsCoefficients: ols.coefficients)
        // theta: the (inner) groups' factor, then for a nested term the outer groups' (lme4's order).
        let positions = design.random.thetaPositions + (outerCount > 0 ? design.random.thetaPositions : [])
        let lower = positions.map { $0.row == $0.column ? 0.0 : -Double.infinity }
        let start = positions.map { $0.row == $0.column ? 1.0 : 0.0 }
        let outcome = BoundedMinimizer().minimize({ deviance.profiled($0, reml: reml) }, start: start, lower: lower)
        let theta = outcome.point
        var modes = [Double](repeating: 0, count: deviance.modeCount)
        let solution = modes.withUnsafeMutableBufferPointer { deviance.solve(theta, conditionalModes: $0) }
        guard let solution, outcome.value.isFinite else {
            throw BatchError.invalidArgument("the mixed model could not be fitted: the penalised system is singular at every trial point")
        }
        let dfResidual = Double(reml ? n - p : n)
        let sigma2 = solution.penalizedRSS / dfResidual
        let sigma = sigma2.squareRoot()
        let unscaled = ProfiledDeviance.unscaledCovariance(solution, p: p)
        let covariance = unscaled.map { $0 * sigma2 }

        // Diagnostics (lme4's checkConv and isSingular).
        var notes: [LinearMixedModelResult.Note] = []
        if design.fixed.droppedRowCount > 0 { notes.append(.droppedRows(count: design.fixed.droppedRowCount)) }
        let singular = zip(theta, lower).contains { $1 == 0 && $0 < 1e-4 }
        if singular { notes.append(.singularFit) }
        if !outcome.converged { notes.append(.optimizerDidNotConverge(evaluations: outcome.evaluations)) }
        let free = (0..<theta.count).filter { !(lower[$0] == 0 && theta[$0] < 1e-4) }
        if !free.isEmpty {
            let f: ([Double]) -> Double = { deviance.profiled($0, reml: reml) }
            let gradient = BoundedMinimizer.gradient(f, at: theta, steps: BoundedMinimizer.gradientSteps(theta),
                                                     lower: lower.map { _ in -Double.infinity }, iterations: 1)
            let hessian = BoundedMinimizer.hessian(f, at: theta, steps: BoundedMinimizer.hessianSteps(theta), indices: free, lower: lower,
                                                   iterations: 1)
            if let scaled = BoundedMinimizer.solvePositiveDefinite(hessian, free.map { gradient[$0] }) {
                let worst = zip(scaled, free).map { min(abs($0), abs(gradient[$1])) }.max() ?? 0
                if worst > 0.002 { notes.append(.gradientCheckFailed(maximumScaledGradient: worst)) }
            } else {
                notes.append(.hessianNotPositiveDefinite)
            }
        }

        // Satterthwaite: covariance of (theta, sigma) and the Jacobian of Cov(beta).
        let varpar = theta + [sigma]
        let satterthwaite = SatterthwaiteApproximation(deviance: deviance, varpar: varpar, reml: reml)
        if !satterthwaite.isPositiveDefinite { notes.append(.varianceParameterCovarianceNotPositiveDefinite) }
        // Variance components: Sigma = sigma^2 T T', per level.
        func crossProduct(_ t: [Double]) -> [Double] {
            var tt = [Double](repeating: 0, count: q * q)
            for i in 0..<q { for j in 0..<q { var v = 0.0; for k in 0..<q { v += t[i * q + k] * t[j * q + k] }; tt[i * q + j] = v } }
            return tt
        }
        let tt = crossProduct(deviance.relativeFactor(theta))
        let levelFactors = [tt] + (outerCount > 0 ? [crossProduct(deviance.relativeFactor(theta, outer: true))] : [])
        var kenwardRoger: KenwardRogerAdjustment? = nil
        if degreesOfFreedom == .kenwardRoger {
            kenwardRoger = KenwardRogerAdjustment(design: design, effectCovariance: tt.map { $0 * sigma2 }, sigma2: sigma2, phi: covariance)
            if kenwardRoger == nil { notes.append(.kenwardRogerFailed) }
        }
        let names = design.fixed.termNames.map { $0 == "Intercept" ? "(Intercept)" : $0 }
        var fixedEffects: [LinearMixedModelResult.FixedEffect] = []
        for j in 0..<p {
            var contrast = [Double](repeating: 0, count: p)
            contrast[j] = 1
            let se: Double, df: Double
            if let kenwardRoger {
                se = kenwardRoger.adjustedCovariance[j * p + j].squareRoot()
                df = kenwardRoger.degreesOfFreedom(contrast: contrast)
            } else if degreesOfFreedom == .kenwardRoger {
                se = .nan; df = .nan
            } else {
                se = covariance[j * p + j].squareRoot()
                df = satterthwaite.degreesOfFreedom(contrast: contrast, covariance: covariance)
            }
            let t = solution.beta[j] / se
            let distribution = StudentTDistribution(degreesOfFreedom: df)
            let pValue = df.isFinite && df > 0 ? 2 * distribution.survival(abs(t)) : .nan
            let critical = df.isFinite && df > 0 ? distribution.quantile((1 + level) / 2) : .nan
            fixedEffects.append(.init(term: names[j], estimate: solution.beta[j], standardError: se, degreesOfFreedom: df,
                                      tStatistic: t, pValue: pValue, lowerConfidenceLimit: solution.beta[j] - critical * se,
                                      upperConfidenceLimit: solution.beta[j] + critical * se))
        }

        // Joint tests of terms.
        var termTests: [LinearMixedModelResult.TermTest] = []
        let labels = formula.fixed.termLabels
        for requested in tests {
            let wanted = Set(requested.split(separator: ":").map { String($0).trimmingCharacters(whitespace: true) })
            guard let index = labels.firstIndex(where: { Set($0.split(separator: ":").map(String.init)) == wanted }) else {
                throw BatchError.invalidArgument("--test '\(requested)': no such term in the fixed part; terms: "
                    + labels.joined(separator: ", "))
            }
            let termVariables = Set(labels[index].split(separator: ":").map(String.init))
            if let container = labels.first(where: { $0 != labels[index] && termVariables.isStrictSubset(of: Set($0.split(separator: ":").map(String.init))) }) {
                throw BatchError.invalidArgument("--test '\(requested)': the term is contained in '\(container)'; the type III test "
                    + "of such a term (lmerTest's contrasts) is not implemented; test '\(container)' or fit a model without it")
            }
            let columns = design.fixed.termOfColumn.indices.filter { design.fixed.termOfColumn[$0] == index }
            termTests.append(satterthwaite.termTest(term: labels[index], columns: columns, beta: solution.beta, covariance: covariance))
        }

        let effects = design.random.effectNames
        // lme4's VarCorr order: each level's SDs (inner level first), then the residual.
        let levelNames = design.random.outerGroupingColumn == nil ? [design.random.groupingColumn] : design.random.levelNames
        var components: [LinearMixedModelResult.VarianceComponent] = []
        var correlations: [LinearMixedModelResult.EffectCorrelation] = []
        for (levelName, tt) in zip(levelNames, levelFactors) {
            for k in 0..<q {
                let variance = sigma2 * tt[k * q + k]
                components.append(.init(group: levelName, effect: effects[k], variance: variance, standardDeviation: variance.squareRoot()))
            }
            if design.random.correlated {
                for i in 0..<q {
                    for j in (i + 1)..<max(i + 1, q) {
                        let denominator = (tt[i * q + i] * tt[j * q + j]).squareRoot()
                        correlations.append(.init(group: levelName, first: effects[i], second: effects[j],
                                                  correlation: denominator > 0 ? tt[i * q + j] / denominator : .nan))
                    }
                }
            }
        }
        components.append(.init(group: "Residual", effect: "", variance: sigma2, standardDeviation: sigma))

        let objective = outcome.value
        let logLikelihood = -objective / 2
        let parameterCount = p + theta.count + 1
        // Nested: the design orders groups by outer level (each outer block is factored in turn);
        // lme4 lists subject:site by subject, then site.
        var groupOrder = Array(0..<groupCount)
        if outerCount > 0 {
            groupOrder.sort { (design.innerLevelOfGroup[$0], design.outerOfGroup[$0]) < (design.innerLevelOfGroup[$1], design.outerOfGroup[$1]) }
        }
        let modeRows = groupOrder.map { g in Array(modes[(g * q)..<((g + 1) * q)]) }
        let outerModeRows = (0..<outerCount).map { o in Array(modes[((groupCount + o) * q)..<((groupCount + o + 1) * q)]) }
        let method = "profiled \(reml ? "REML criterion" : "deviance") over theta (lme4 parameterisation); bounded Nelder-Mead "
            + "(simplex 1e-3, values 1e-8 relative) then projected Newton steps until the predicted decrease is below 1e-12 relative; Satterthwaite df (lmerTest)"
        return LinearMixedModelResult(
            formula: formula.text, criterion: criterion, degreesOfFreedomMethod: degreesOfFreedom, method: method, fixedEffects: fixedEffects,
            varianceComponents: components, correlations: correlations, residualStandardDeviation: sigma,
            logLikelihood: logLikelihood, objective: objective,
            aic: objective + 2 * Double(parameterCount), bic: objective + Double(parameterCount) * log(Double(n)),
            observationCount: n, groupCount: groupCount, droppedRowCount: design.fixed.droppedRowCount,
            missingByVariable: design.missingByVariable, theta: theta, parameterCount: parameterCount,
            evaluations: outcome.evaluations, singular: singular, notes: notes, fixedEffectCovariance: covariance,
            termTests: termTests,
            conditionalModes: .init(groupLabels: groupOrder.map { design.groupLabels[$0] }, effectNames: effects, values: modeRows),
            outerConditionalModes: outerCount > 0 ? .init(groupLabels: design.outerGroupLabels, effectNames: effects, values: outerModeRows) : nil,
            level: level)
    }
}

/// lmerTest's Satterthwaite approximation at the optimum (Kuznetsova et al. 2017, sec. 3.2;
/// lmerTest 3.1 `contest1D`/`contestMD`).
struct SatterthwaiteApproximation {
    /// 2 H^-1: asymptotic covariance of (theta, sigma).
    let varparCovariance: [[Double]]
    /// d Cov(beta) / d varpar_k, row-major p x p each.
    let jacobian: [[Double]]
    let isPositiveDefinite: Bool

    /// The deviance is D(theta, sigma) = ld(theta) + r2(theta) / sigma^2 + n' log(2 pi sigma^2), with
    /// ld = log|L|^2 (+ log|R_X|^2 and n' = n - p for REML). Its sigma-derivatives are written out;
    /// the theta-derivatives of ld and r2 (and of Cov(beta)) are numerical, as in lmerTest (numDeriv).
    init(deviance: ProfiledDeviance, varpar: [Double], reml: Bool) {
        let m = varpar.count - 1
        let p = deviance.fixedCount
        let theta = Array(varpar.dropLast())
        let sigma = varpar[m], sigma2 = sigma * sigma
        // numDeriv's genD (Hessian) starts at d = 0.1, its jacobian at d = 1e-4 (both 4 halvings);
        // a coordinate below zero.tol = sqrt(eps_mach / 7e-7) gets the absolute step 1e-4.
        let zeroTolerance = (Double.ulpOfOne / 7e-7).squareRoot()
        let stepsFor: (Double) -> [Double] = { d in
            theta.map { (value: Double) -> Double in
                let relative: Double = d * abs(value)
                return value.magnitude < zeroTolerance ? relative + 1e-4 : relative
            }
        }
        let hessianSteps = stepsFor(0.1)
        let steps = stepsFor(1e-4)
        let parts: ([Double]) -> [Double] = { t in
            guard let s = deviance.solve(t) else { return [.nan, .nan] }
            return [s.logDetL2 + (reml ? s.logDetRX2 : 0), s.penalizedRSS]
        }
        guard let center = deviance.solve(theta) else {
            varparCovariance = [[Double]](repeating: [Double](repeating: .nan, count: m + 1), count: m + 1)
            jacobian = [[Double]](repeating: [Double](repeating: .nan, count: p * p), count: m + 1)
            isPositiveDefinite = false
            return
        }
        let f0 = parts(theta)
        // Second derivatives of (ld, r2) in theta, and the gradient of r2 from the same points.
        var second = [[[Double]]](repeating: [[Double]](repeating: [0, 0], count: m), count: m)
        var rssGradient = [Double](repeating: 0, count: m)
        for i in 0..<m {
            let both = NumericalDerivative.richardson(initialStep: hessianSteps[i], dimension: 4) { h in
                var a = theta, b = theta
                a[i] += h; b[i] -= h
                let fa = parts(a), fb = parts(b)
                return [(fa[0] - 2 * f0[0] + fb[0]) / (h * h), (fa[1] - 2 * f0[1] + fb[1]) / (h * h), (fa[1] - fb[1]) / (2 * h), 0]
            }
            second[i][i] = [both[0], both[1]]
            rssGradient[i] = both[2]
            for j in 0..<i {
                let ratio = hessianSteps[j] / hessianSteps[i]
                let cross = NumericalDerivative.richardson(initialStep: hessianSteps[i], dimension: 2) { h in
                    let k = h * ratio
                    var pp = theta, pm = theta, mp = theta, mm = theta
                    pp[i] += h; pp[j] += k; pm[i] += h; pm[j] -= k
                    mp[i] -= h; mp[j] += k; mm[i] -= h; mm[j] -= k
                    let a = parts(pp), b = parts(pm), c = parts(mp), d = parts(mm)
                    return [(a[0] - b[0] - c[0] + d[0]) / (4 * h * k), (a[1] - b[1] - c[1] + d[1]) / (4 * h * k)]
                }
                second[i][j] = cross
                second[j][i] = cross
            }
        }
        let effectiveN = Double(deviance.observationCount - (reml ? p : 0))
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: m + 1), count: m + 1)
        for i in 0..<m {
            for j in 0..<m { hessian[i][j] = second[i][j][0] + second[i][j][1] / sigma2 }
            hessian[i][m] = -2 * rssGradient[i] / (sigma2 * sigma)
            hessian[m][i] = hessian[i][m]
        }
        hessian[m][m] = 6 * f0[1] / (sigma2 * sigma2) - 2 * effectiveN / sigma2
        isPositiveDefinite = BoundedMinimizer.solvePositiveDefinite(hessian, [Double](repeating: 1, count: m + 1)) != nil
        varparCovariance = Self.invert(hessian)?.map { $0.map { 2 * $0 } }
            ?? [[Double]](repeating: [Double](repeating: .nan, count: m + 1), count: m + 1)
        // d Cov(beta) / d theta_k = sigma^2 d(R_X'R_X)^-1 / d theta_k; d Cov(beta) / d sigma = 2 sigma (R_X'R_X)^-1.
        var jacobian: [[Double]] = (0..<m).map { k in
            NumericalDerivative.richardson(initialStep: steps[k], dimension: p * p) { h in
                var a = theta, b = theta
                a[k] += h; b[k] -= h
                guard let sa = deviance.solve(a), let sb = deviance.solve(b) else { return [Double](repeating: .nan, count: p * p) }
                let ua = ProfiledDeviance.unscaledCovariance(sa, p: p), ub = ProfiledDeviance.unscaledCovariance(sb, p: p)
                return zip(ua, ub).map { sigma2 * ($0 - $1) / (2 * h) }
            }
        }
        jacobian.append(ProfiledDeviance.unscaledCovariance(center, p: p).map { 2 * sigma * $0 })
        self.jacobian = jacobian
    }

    static func invert(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var m = a.map { $0 + [Double](repeating: 0, count: n) }
        for i in 0..<n { m[i][n + i] = 1 }
        for c in 0..<n {
            guard let pivot = (c..<n).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), m[pivot][c] != 0 else { return nil }
            m.swapAt(c, pivot)
            let d = m[c][c]
            for j in 0..<(2 * n) { m[c][j] /= d }
            for r in 0..<n where r != c {
                let factor = m[r][c]
                if factor != 0 { for j in 0..<(2 * n) { m[r][j] -= factor * m[c][j] } }
            }
        }
        return m.map { Array($0[n...]) }
    }

    /// Quadratic form l' M l with M row-major.
    static func quadratic(_ l: [Double], _ m: [Double]) -> Double {
        let p = l.count
        var sum = 0.0
        for i in 0..<p where l[i] != 0 { for j in 0..<p where l[j] != 0 { sum += l[i] * m[i * p + j] * l[j] } }
        return sum
    }

    /// Satterthwaite df of the contrast l'beta: 2 (l'Cl)^2 / (g' A g), g_k = l' J_k l.
    func degreesOfFreedom(contrast: [Double], covariance: [Double]) -> Double {
        let variance = Self.quadratic(contrast, covariance)
        let gradient = jacobian.map { Self.quadratic(contrast, $0) }
        var denominator = 0.0
        for i in 0..<gradient.count { for j in 0..<gradient.count { denominator += gradient[i] * varparCovariance[i][j] * gradient[j] } }
        return 2 * variance * variance / denominator
    }

    /// The joint F test of the coefficients in `columns` (lmerTest `contestMD`): F = (Lb)'(LCL')^-1(Lb)/q
    /// via the eigen decomposition of LCL', df from the per-eigenvector df as `get_Fstat_ddf`.
    func termTest(term: String, columns: [Int], beta: [Double], covariance: [Double]) -> LinearMixedModelResult.TermTest {
        let p = beta.count, r = columns.count
        var lcl = [Double](repeating: 0, count: r * r)
        for (a, i) in columns.enumerated() { for (b, j) in columns.enumerated() { lcl[a * r + b] = covariance[i * p + j] } }
        let (values, vectors) = SymmetricEigen.decompose(lcl, n: r)   // descending
        let tolerance = max(1e-8 * (values.first ?? 0), 0)  // lmerTest: eps = sqrt(.Machine$double.eps)-ish on d[1]
        let rank = values.filter { $0 > tolerance }.count
        var fSum = 0.0
        var nus: [Double] = []
        for m in 0..<rank {
            var contrast = [Double](repeating: 0, count: p)
            for (a, i) in columns.enumerated() { contrast[i] = vectors[a * r + m] }
            let estimate = zip(contrast, beta).reduce(0) { $0 + $1.0 * $1.1 }
            fSum += estimate * estimate / values[m]
            nus.append(degreesOfFreedom(contrast: contrast, covariance: covariance))
        }
        let f = fSum / Double(rank)
        let df: Double
        if nus.count == 1 { df = nus[0] } else if zip(nus, nus.dropFirst()).allSatisfy({ abs($0 - $1) < 1e-8 }) {
            df = nus.reduce(0, +) / Double(nus.count)
        } else if nus.contains(where: { $0 <= 2 }) {
            df = 2
        } else {
            let e = nus.reduce(0) { $0 + $1 / ($1 - 2) }
            df = 2 * e / (e - Double(nus.count))
        }
        let pValue = rank > 0 && df > 0 ? FDistribution(numeratorDegreesOfFreedom: Double(rank), denominatorDegreesOfFreedom: df).survival(f) : .nan
        return .init(term: term, numeratorDegreesOfFreedom: rank, denominatorDegreesOfFreedom: df, fStatistic: f, pValue: pValue)
    }
}

/// Eigen decomposition of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan
/// 2013, sec. 8.5), values in descending order, vectors as columns (row-major n x n).
enum SymmetricEigen {
    static func decompose(_ matrix: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i * n + j] * a[i * n + j] } }
            if off < 1e-30 * max(1, (0..<n).reduce(0) { $0 + a[$1 * n + $1] * a[$1 * n + $1] }) { break }
            for pIndex in 0..<n {
                for qIndex in (pIndex + 1)..<max(pIndex + 1, n) {
                    let apq = a[pIndex * n + qIndex]
                    if apq == 0 { continue }
                    let theta = (a[qIndex * n + qIndex] - a[pIndex * n + pIndex]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + pIndex], akq = a[k * n + qIndex]
                        a[k * n + pIndex] = c * akp - s * akq
                        a[k * n + qIndex] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[pIndex * n + k], aqk = a[qIndex * n + k]
                        a[pIndex * n + k] = c * apk - s * aqk
                        a[qIndex * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + pIndex], vkq = v[k * n + qIndex]
                        v[k * n + pIndex] = c * vkp - s * vkq
                        v[k * n + qIndex] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
        let values = order.map { a[$0 * n + $0] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (newColumn, old) in order.enumerated() { for k in 0..<n { vectors[k * n + newColumn] = v[k * n + old] } }
        return (values, vectors)
    }
}
