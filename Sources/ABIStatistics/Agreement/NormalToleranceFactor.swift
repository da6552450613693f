import RealModule

/// Exact two-sided normal tolerance factors.
///
/// For n normal values with mean `m` and standard deviation `s` (on `nu` degrees of freedom), the
/// two-sided factor `k` is the one for which the interval `m -+ k s` covers at least a proportion
/// `p` of the population with probability `gamma`. With `x` the standardized error of the mean
/// (normal with variance 1/n) and `r(x)` the half-width for which `Phi(x + r) - Phi(x - r) = p`,
/// the interval covers `p` exactly when `s >= r(x) / k`, so (Odeh & Owen 1980, *Tables for Normal
/// Tolerance Limits*; Eberhardt, Mee & Reeve, Technometrics 1989;31:97-106)
///
///     gamma(k) = 2 * integral_0^inf phi(u) * Q_chi2(nu * r(u / sqrt(n))^2 / k^2; nu) du
///
/// with `Q_chi2` the chi-squared survival function. Carkeet (Optom Vis Sci 2015;92:e71-e80) reads
/// these factors as quantiles: with `p = 0.95`, the 95% confidence interval of the upper 95% limit
/// of agreement, the two limits considered as a pair, is `bias + k(0.025) SD` to
/// `bias + k(0.975) SD` (Carkeet's Table 2).
///
/// Computed by composite 16-point Gauss-Legendre quadrature over u in [0, 10] (the tail beyond
/// has mass 1.5e-23) with `r` solved by safeguarded Newton at each node, then `gamma(k) = target`
/// solved for log k by the Illinois method (`IllinoisRootFinder`).
public enum NormalToleranceFactor {
    fileprivate static let standardNormal = NormalDistribution()
    /// The two-sided tolerance factor k with `P(coverage of m -+ k s >= coverage) = confidence`.
    /// - Parameters:
    ///   - sampleSize: n, the number of values the mean is taken over (n >= 2 for a finite k
    ///     unless `degreesOfFreedom` is given otherwise).
    ///   - degreesOfFreedom: of the SD (n - 1 for a single sample).
    ///   - coverage: p in (0, 1), the proportion of the population to cover.
    ///   - confidence: gamma in (0, 1).
    public static func twoSided(sampleSize: Int, degreesOfFreedom: Double, coverage: Double, confidence: Double) -> Double {
        precondition(sampleSize >= 1, "sampleSize must be positive")
        precondition(degreesOfFreedom > 0 && degreesOfFreedom.isFinite, "degreesOfFreedom must be positive and finite")
        precondition(coverage > 0 && coverage < 1, "coverage must be in (0, 1)")
        precondition(confidence > 0 && confidence < 1, "confidence must be in (0, 1)")
        let integrand = Integrand(sampleSize: sampleSize, coverage: coverage)
        let chiSquared = ChiSquaredDistribution(degreesOfFreedom: degreesOfFreedom)
        let nu = degreesOfFreedom
        // f(log k) = gamma(k) - confidence, increasing in k.
        func f(_ logK: Double) -> Double {
            let inverseKSquared = Double.exp(-2 * logK)
            var sum = 0.0
            for (w, r2) in zip(integrand.weights, integrand.halfWidthSquares) {
                sum += w * chiSquared.survival(nu * r2 * inverseKSquared)
            }
            return sum - confidence
        }
        // Bracket from the large-sample factor z_{(1+p)/2}.
        var low = Double.log(NormalDistribution().quantile((1 + coverage) / 2)), high = low
        var fLow = f(low), fHigh = fLow
        var step = 0.25
        while fLow > 0 { high = low; fHigh = fLow; low -= step; step *= 2; fLow = f(low) }
        step = 0.25
        while fHigh < 0 { low = high; fLow = fHigh; high += step; step *= 2; fHigh = f(high) }
        return Double.exp(IllinoisRootFinder.refine(low: low, high: high, fLow: fLow, fHigh: fHigh, iterations: 200,
                                                    isNarrow: { $1 - $0 <= 1e-15 }, f))
    }

    /// The quadrature of gamma(k): weights `2 phi(u) du` and `r(u / sqrt(n))^2` at the nodes,
    /// which do not depend on k.
    struct Integrand {
        var weights: [Double] = []
        var halfWidthSquares: [Double] = []

        init(sampleSize: Int, coverage: Double) {
            let scale = 1 / Double(sampleSize).squareRoot()
            let panels = 40, upper = 10.0
            let width = upper / Double(panels)
            let rule = GaussLegendre.sixteenPoint
            let tail = 1 - coverage
            var r = NormalDistribution().quantile((1 + coverage) / 2)
            for panel in 0..<panels {
                let center = (Double(panel) + 0.5) * width
                for (node, weight) in zip(rule.nodes, rule.weights) {
                    let u = center + 0.5 * width * node
                    r = Self.halfWidth(mean: u * scale, tail: tail, start: r)
                    weights.append(2 * NormalToleranceFactor.standardNormal.density(u) * 0.5 * width * weight)
                    halfWidthSquares.append(r * r)
                }
            }
        }

        /// The r > 0 with `Phi(x + r) - Phi(x - r) = 1 - tail`, written as
        /// `Q(x + r) + Phi(x - r) = tail` (both tails small: no cancellation).
        static func halfWidth(mean x: Double, tail: Double, start: Double) -> Double {
            func g(_ r: Double) -> Double {
                NormalDistribution.standardCDF(-(x + r)) + NormalDistribution.standardCDF(x - r) - tail
            }
            // g decreases from 1 - tail at r = 0 to -tail.
            var low = 0.0, high = max(start, x + 1)
            while g(high) > 0 { low = high; high *= 2 }
            var r = min(max(start, low), high)
            for _ in 0..<100 {
                let value = g(r)
                if value == 0 { return r }
                if value > 0 { low = r } else { high = r }
                let slope = -(NormalToleranceFactor.standardNormal.density(x + r) + NormalToleranceFactor.standardNormal.density(x - r))
                var next = r - value / slope
                if !(next > low && next < high) { next = 0.5 * (low + high) }
                if abs(next - r) <= 4 * Double.ulpOfOne * r { return next }
                r = next
            }
            return r
        }
    }
}

/// Gauss-Legendre nodes and weights on [-1, 1], computed by Newton's method on the Legendre
/// polynomial (Press et al., Numerical Recipes, 3rd ed., section 4.6).
struct GaussLegendre: Sendable {
    let nodes: [Double]
    let weights: [Double]

    static let sixteenPoint = GaussLegendre(points: 16)

    init(points m: Int) {
        var nodes = [Double](repeating: 0, count: m), weights = nodes
        for i in 0..<(m + 1) / 2 {
            var x = Double.cos(Double.pi * (Double(i) + 0.75) / (Double(m) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = 0.0
                for j in 1...m {
                    let p2 = p1
                    p1 = p0
                    p0 = ((2 * Double(j) - 1) * x * p1 - (Double(j) - 1) * p2) / Double(j)
                }
                derivative = Double(m) * (x * p0 - p1) / (x * x - 1)
                let step = p0 / derivative
                x -= step
                if abs(step) <= 1e-16 { break }
            }
            nodes[i] = -x; nodes[m - 1 - i] = x
            let w = 2 / ((1 - x * x) * derivative * derivative)
            weights[i] = w; weights[m - 1 - i] = w
        }
        self.nodes = nodes
        self.weights = weights
    }
}
