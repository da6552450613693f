#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Derivative-free minimisation of a smooth function of a few variables with lower bounds, for the
/// profiled deviance of a mixed model.
///
/// Method: Nelder-Mead (Nelder & Mead 1965, Comput J 7:308; coefficients 1, 2, 1/2, 1/2 as Lagarias
/// et al. 1998, SIAM J Optim 9:112) with trial points projected onto the bounds, run to a coarse
/// tolerance (simplex 1e-3 relative, values within 1e-8 relative), then projected Newton steps on
/// finite-difference derivatives (Richardson-extrapolated central differences) over the coordinates
/// not held at a bound, with a backtracking line search, until the predicted decrease g'H^-1 g is
/// below 1e-12 of the value (the deviance's rounding level). When the Newton stage cannot proceed
/// (Hessian not positive definite), a Nelder-Mead run to 1e-8 precedes a second Newton stage. A
/// coordinate within 1e-6 of its bound where the bound is as good is put on the bound. lme4 uses
/// BOBYQA (Powell 2009) through NLopt instead; both are bounded derivative-free methods, and the
/// Newton stage makes the optimum accurate to rounding rather than to the simplex tolerance.
struct BoundedMinimizer {
    /// Stop a Nelder-Mead run when the simplex is this small (max-norm distance from the best
    /// vertex) and the values differ by at most `functionTolerance` (relative).
    var stepTolerance = 1e-3
    var functionTolerance = 1e-8
    var maximumEvaluations = 20_000
    var maximumRestarts = 1
    var newtonSteps = 8

    struct Outcome {
        var point: [Double]
        var value: Double
        var evaluations: Int
        var converged: Bool
        /// Coordinates at a lower bound at the end.
        var atBound: [Bool]
    }

    func minimize(_ f: @escaping ([Double]) -> Double, start: [Double], lower: [Double]) -> Outcome {
        let n = start.count
        var evaluations = 0
        let objective: ([Double]) -> Double = { x in
            evaluations += 1
            let v = f(x)
            return v.isNaN ? .infinity : v
        }
        let project: ([Double]) -> [Double] = { x in zip(x, lower).map { max($0, $1) } }
        var best = project(start)
        var bestValue = objective(best)
        var converged = false
        // A coarse Nelder-Mead stage, then the Newton polish; when the polish cannot proceed (the
        // Hessian is not positive definite there), a tighter Nelder-Mead run and the polish again.
        for attempt in 0..<2 {
            var initialStep = attempt == 0 ? 0.25 : max(0.05 * (best.map { abs($0) }.max() ?? 1), 1e-3)
            let tolerance = attempt == 0 ? stepTolerance : stepTolerance * 1e-5
            var polished = false
            for _ in 0..<maximumRestarts {
                let (point, value, done) = nelderMead(objective, start: best, step: initialStep, tolerance: tolerance, project: project,
                                                      evaluations: { evaluations })
                let improvement = bestValue - value
                if value <= bestValue { best = point; bestValue = value }
                converged = done
                if improvement.isFinite && improvement <= functionTolerance * max(1, abs(bestValue)) && done { break }
                if evaluations >= maximumEvaluations { break }
                initialStep = max(0.05 * (best.map { abs($0) }.max() ?? 1), 1e-3)
            }
            // Projected Newton polish: the Hessian once (recomputed when a step fails or the free set
            // changes), gradients each step.
            var hessian: [[Double]]? = nil
            var hessianFree: [Int] = []
            var fresh = false
            for _ in 0..<newtonSteps {
                let gradient = Self.gradient(objective, at: best, steps: Self.gradientSteps(best), lower: lower, iterations: 2)
                let free = (0..<n).filter { best[$0] > lower[$0] || gradient[$0] < 0 }
                if free.isEmpty { polished = true; break }
                if hessian == nil || free != hessianFree {
                    hessian = Self.hessian(objective, at: best, steps: Self.hessianSteps(best), indices: free, lower: lower, iterations: 2)
                    hessianFree = free
                    fresh = true
                }
                guard let h = hessian, let step = Self.solvePositiveDefinite(h, free.map { -gradient[$0] }) else { break }
                // Newton decrement g'H^-1 g: twice the predicted decrease of the step.
                let decrement = -zip(free, step).reduce(0) { $0 + gradient[$1.0] * $1.1 }
                // Converged: the predicted decrease is below the rounding of the deviance.
                if decrement <= 1e-12 * max(1, abs(bestValue)) { polished = true; break }
                var alpha = 1.0
                var improved = false
                var moved = 0.0
                for _ in 0..<12 {
                    var trial = best
                    for (k, i) in free.enumerated() { trial[i] += alpha * step[k] }
                    trial = project(trial)
                    let v = objective(trial)
                    if v <= bestValue {
                        moved = zip(trial, best).map { abs($0 - $1) }.max() ?? 0
                        improved = v < bestValue
                        best = trial; bestValue = v
                        break
                    }
                    alpha /= 2
                }
                if !improved {
                    if fresh { break }
                    hessian = nil
                    continue
                }
                fresh = false
                // After a full step with a decrement this small the remaining error is of its square.
                if alpha == 1 && decrement <= 1e-12 * max(1, abs(bestValue)) { polished = true; break }
                if moved <= 1e-11 * max(1, best.map { abs($0) }.max() ?? 1) { polished = true; break }
            }
            if polished || evaluations >= maximumEvaluations { break }
        }
        // A coordinate within 1e-6 of its bound where the bound is as good (to 1e-12 relative) is put
        // on it: the optimum of a boundary fit is the bound itself (lme4 reports theta = 0 there).
        for i in 0..<n where lower[i].isFinite && best[i] > lower[i] && best[i] - lower[i] < 1e-6 {
            var trial = best
            trial[i] = lower[i]
            let v = objective(trial)
            if v <= bestValue + 1e-12 * max(1, abs(bestValue)) { best = trial; bestValue = v }
        }
        let atBound = (0..<n).map { best[$0] <= lower[$0] }
        return Outcome(point: best, value: bestValue, evaluations: evaluations, converged: converged, atBound: atBound)
    }

    private func nelderMead(_ f: ([Double]) -> Double, start: [Double], step: Double, tolerance: Double, project: ([Double]) -> [Double],
                            evaluations: () -> Int) -> ([Double], Double, Bool) {
        let n = start.count
        var simplex = [start]
        for i in 0..<n {
            var vertex = start
            vertex[i] += step * max(1, abs(start[i]))
            simplex.append(project(vertex))
        }
        var values = simplex.map(f)
        while evaluations() < maximumEvaluations {
            let order = (0...n).sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let size = (1...n).map { k in zip(simplex[k], simplex[0]).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
            let spread = values[n] - values[0]
            if size <= tolerance * max(1, simplex[0].map { abs($0) }.max() ?? 1)
                && spread <= functionTolerance * max(1, abs(values[0])) {
                return (simplex[0], values[0], true)
            }
            if size <= 1e-15 { return (simplex[0], values[0], true) }
            var centroid = [Double](repeating: 0, count: n)
            for k in 0..<n { for i in 0..<n { centroid[i] += simplex[k][i] / Double(n) } }
            let worst = simplex[n]
            let reflected = project(zip(centroid, worst).map { $0 + ($0 - $1) })
            let fr = f(reflected)
            if fr < values[0] {
                let expanded = project(zip(centroid, worst).map { $0 + 2 * ($0 - $1) })
                let fe = f(expanded)
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
                continue
            }
            if fr < values[n - 1] { simplex[n] = reflected; values[n] = fr; continue }
            let outside = fr < values[n]
            let contracted = project(outside ? zip(centroid, reflected).map { $0 + 0.5 * ($1 - $0) }
                                             : zip(centroid, worst).map { $0 + 0.5 * ($1 - $0) })
            let fc = f(contracted)
            if fc < (outside ? fr : values[n]) { simplex[n] = contracted; values[n] = fc; continue }
            for k in 1...n {
                simplex[k] = project(zip(simplex[0], simplex[k]).map { $0 + 0.5 * ($1 - $0) })
                values[k] = f(simplex[k])
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] } ?? 0
        return (simplex[bestIndex], values[bestIndex], false)
    }

    /// Initial steps of the finite differences: large enough that rounding in a deviance of order
    /// 1e3 stays below the truncation error that Richardson extrapolation removes.
    static func gradientSteps(_ x: [Double]) -> [Double] { x.map { 1e-4 * max(abs($0), 0.1) } }
    static func hessianSteps(_ x: [Double]) -> [Double] { x.map { 1e-2 * max(abs($0), 0.1) } }

    /// Central differences with Richardson extrapolation (4 halvings), one-sided away from a bound.
    static func gradient(_ f: ([Double]) -> Double, at x: [Double], steps: [Double], lower: [Double], iterations: Int = 4) -> [Double] {
        (0..<x.count).map { i in
            let atBound = x[i] - steps[i] < lower[i]
            if atBound {
                // Forward difference (second order) at the bound.
                let h = steps[i]
                var a = x, b = x
                a[i] += h; b[i] += 2 * h
                return (-3 * f(x) + 4 * f(a) - f(b)) / (2 * h)
            }
            return NumericalDerivative.richardson(initialStep: steps[i], iterations: iterations) { h in
                var a = x, b = x
                a[i] += h; b[i] -= h
                return (f(a) - f(b)) / (2 * h)
            }
        }
    }

    static func hessian(_ f: ([Double]) -> Double, at x: [Double], steps: [Double], indices: [Int], lower: [Double],
                        iterations: Int = 4) -> [[Double]] {
        let m = indices.count
        var h = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        let f0 = f(x)
        for (a, i) in indices.enumerated() {
            for (b, j) in indices.enumerated() where b >= a {
                let value: Double
                if i == j {
                    value = NumericalDerivative.richardson(initialStep: steps[i], iterations: iterations) { s in
                        var p = x, q = x
                        p[i] += s; q[i] -= s
                        return (f(p) - 2 * f0 + f(q)) / (s * s)
                    }
                } else {
                    let ratio = steps[j] / steps[i]
                    value = NumericalDerivative.richardson(initialStep: steps[i], iterations: iterations) { s in
                        let t = s * ratio
                        var pp = x, pm = x, mp = x, mm = x
                        pp[i] += s; pp[j] += t
                        pm[i] += s; pm[j] -= t
                        mp[i] -= s; mp[j] += t
                        mm[i] -= s; mm[j] -= t
                        return (f(pp) - f(pm) - f(mp) + f(mm)) / (4 * s * t)
                    }
                }
                h[a][b] = value
                h[b][a] = value
            }
        }
        return h
    }

    /// Solves H x = b by Cholesky; nil when H is not positive definite.
    static func solvePositiveDefinite(_ h: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var d = h[j][j]
            for k in 0..<j { d -= l[j][k] * l[j][k] }
            guard d > 0, d.isFinite else { return nil }
            l[j][j] = d.squareRoot()
            for i in (j + 1)..<max(j + 1, n) {
                var v = h[i][j]
                for k in 0..<j { v -= l[i][k] * l[j][k] }
                l[i][j] = v / l[j][j]
            }
        }
        var y = b
        for i in 0..<n { for k in 0..<i { y[i] -= l[i][k] * y[k] }; y[i] /= l[i][i] }
        for i in stride(from: n - 1, through: 0, by: -1) { for k in (i + 1)..<max(i + 1, n) { y[i] -= l[k][i] * y[k] }; y[i] /= l[i][i] }
        return y
    }
}

/// Richardson extrapolation of a difference quotient of order h^2, as numDeriv's "Richardson"
/// method (Gilbert & Varadhan, R package numDeriv; defaults r = 4 steps, step ratio v = 2).
enum NumericalDerivative {
    /// Richardson extrapolation of a vector of difference quotients (each of order h^2).
    static func richardson(initialStep: Double, iterations: Int = 4, dimension: Int, _ quotient: (Double) -> [Double]) -> [Double] {
        var a: [[Double]] = []
        var h = initialStep
        for _ in 0..<iterations { a.append(quotient(h)); h /= 2 }
        var m = 1
        while a.count > 1 {
            let factor = pow(4.0, Double(m))
            var next: [[Double]] = []
            for i in 0..<(a.count - 1) {
                var row = [Double](repeating: 0, count: dimension)
                for e in 0..<dimension { row[e] = (a[i + 1][e] * factor - a[i][e]) / (factor - 1) }
                next.append(row)
            }
            a = next
            m += 1
        }
        return a[0]
    }

    static func richardson(initialStep: Double, iterations: Int = 4, _ quotient: (Double) -> Double) -> Double {
        var a = [Double]()
        var h = initialStep
        for _ in 0..<iterations { a.append(quotient(h)); h /= 2 }
        var m = 1
        while a.count > 1 {
            let factor = pow(4.0, Double(m))
            a = (0..<(a.count - 1)).map { (a[$0 + 1] * factor - a[$0]) / (factor - 1) }
            m += 1
        }
        return a[0]
    }
}
