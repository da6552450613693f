import RealModule

/// A point estimate with its confidence interval and the method of the interval.
public struct IntervalEstimate: Sendable, Equatable {
    public let estimate: Double
    /// Nil when the interval is undefined (too few values, zero variance where it matters).
    public let interval: ConfidenceInterval?
    public init(estimate: Double, interval: ConfidenceInterval?) {
        self.estimate = estimate
        self.interval = interval
    }
}

/// Bland-Altman analysis of paired measurements by two methods (differences `a - b`).
public struct BlandAltmanResult: Sendable, Equatable {
    /// Pairs analysed.
    public let count: Int
    /// Whether the differences are percentages of the pair mean: `100 * (a - b) / ((a + b) / 2)`.
    public let relative: Bool
    /// Mean difference (bias) with its t interval (`t(n-1) * SD / sqrt(n)`).
    public let bias: IntervalEstimate
    /// Standard deviation of the differences (divisor n - 1).
    public let standardDeviation: Double
    /// The normal quantile for the limits: 1.959964 for 95% limits (whatever the CI level).
    public let limitMultiplier: Double
    /// Lower limit of agreement with the approximate interval of Bland & Altman 1999
    /// (SE = SD * sqrt(1/n + z^2 / (2(n - 1))), t(n-1) quantile).
    public let lowerLimit: IntervalEstimate
    public let upperLimit: IntervalEstimate
    /// The exact intervals for each limit on its own (Carkeet 2015; one-sided tolerance factors,
    /// noncentral t).
    public let lowerLimitExact: ConfidenceInterval?
    public let upperLimitExact: ConfidenceInterval?
    /// The exact intervals for the limits considered as a pair (Carkeet 2015; two-sided tolerance
    /// factors, ``NormalToleranceFactor``), the ones Carkeet recommends for most reports.
    public let lowerLimitExactPair: ConfidenceInterval?
    public let upperLimitExactPair: ConfidenceInterval?
    /// Regression of the differences on the pair means (proportional bias).
    public let proportionalBias: ProportionalBias?
    /// Shapiro-Wilk test of the differences (nil for n < 3, n > 5000 or constant differences).
    public let normality: ShapiroWilkResult?
    public let method: String

    /// Slope and intercept of difference on mean, by ordinary least squares.
    public struct ProportionalBias: Sendable, Equatable {
        public let intercept: Double
        public let slope: IntervalEstimate
        public let slopeStandardError: Double
        public let slopePValue: Double?
        public let degreesOfFreedom: Int
    }
}

/// Bland-Altman limits of agreement and their confidence intervals.
public enum BlandAltman {
    /// Bland & Altman (Lancet 1986;327:307-310) limits `bias +- z * SD`, with
    /// - the bias interval `bias +- t(n-1) * SD / sqrt(n)`;
    /// - the approximate limit intervals of Bland & Altman (Stat Methods Med Res 1999;8:135-160):
    ///   `limit +- t(n-1) * SD * sqrt(1/n + z^2 / (2(n - 1)))`;
    /// - the exact limit intervals of Carkeet (Optom Vis Sci 2015;92:e71-e80): for the upper limit
    ///   `bias + SD * t'(q; n-1, z sqrt(n)) / sqrt(n)` at q = (1 -+ level)/2, t' the noncentral t
    ///   quantile (the one-sided tolerance factor), and the mirror image for the lower limit;
    ///   and for the limits as a pair `bias + k(q) SD`, k the two-sided tolerance factor with
    ///   coverage `limitCoverage` and confidence q (``NormalToleranceFactor/twoSided(sampleSize:degreesOfFreedom:coverage:confidence:)``);
    /// - proportional bias: OLS of the differences on the pair means (slope t test);
    /// - Shapiro-Wilk on the differences (R `shapiro.test`).
    ///
    /// Pairs with a non-finite value are left out (the caller counts them). With `relative` the
    /// differences are `100 (a - b) / mean(a, b)` and pairs with mean 0 are left out.
    /// - Returns: nil with fewer than 2 pairs.
    /// - Parameters:
    ///   - a: the first method's measurements.
    ///   - b: the second method's measurements, paired with `a` by position.
    ///   - level: confidence level of the intervals.
    ///   - limitCoverage: the proportion of differences the limits are meant to cover (0.95: bias -+ 1.96 SD).
    ///   - relative: differences as a percentage of the pair mean instead of in the measure's units.
    public static func analyse(_ a: [Double], _ b: [Double], level: Double = 0.95, limitCoverage: Double = 0.95,
                               relative: Bool = false) -> BlandAltmanResult? {
        precondition(a.count == b.count, "a and b differ in length")
        precondition(level > 0 && level < 1, "level must be in (0, 1)")
        precondition(limitCoverage > 0 && limitCoverage < 1, "limitCoverage must be in (0, 1)")
        var differences: [Double] = [], means: [Double] = []
        for i in a.indices where a[i].isFinite && b[i].isFinite {
            let mean = (a[i] + b[i]) / 2
            if relative {
                guard mean != 0 else { continue }
                differences.append(100 * (a[i] - b[i]) / mean)
            } else {
                differences.append(a[i] - b[i])
            }
            means.append(mean)
        }
        let n = differences.count
        guard n >= 2 else { return nil }
        let nd = Double(n)
        let bias = differences.reduce(0, +) / nd
        var ss = 0.0, correction = 0.0
        for d in differences { ss += (d - bias) * (d - bias); correction += d - bias }
        let sd = ((ss - correction * correction / nd) / (nd - 1)).squareRoot()
        let tail = (1 + level) / 2
        let z = NormalDistribution().quantile((1 + limitCoverage) / 2)
        let t = StudentTDistribution(degreesOfFreedom: nd - 1).quantile(tail)
        let lower = bias - z * sd, upper = bias + z * sd
        let biasHalf = t * sd / nd.squareRoot()
        let limitHalf = t * sd * (1 / nd + z * z / (2 * (nd - 1))).squareRoot()
        var lowerExact: ConfidenceInterval? = nil, upperExact: ConfidenceInterval? = nil
        var lowerPair: ConfidenceInterval? = nil, upperPair: ConfidenceInterval? = nil
        if sd > 0 {
            let nct = NoncentralTDistribution(degreesOfFreedom: nd - 1, noncentrality: z * nd.squareRoot())
            let kLow = nct.quantile((1 - level) / 2) / nd.squareRoot()
            let kHigh = nct.quantile(tail) / nd.squareRoot()
            upperExact = ConfidenceInterval(lower: bias + kLow * sd, upper: bias + kHigh * sd, level: level)
            lowerExact = ConfidenceInterval(lower: bias - kHigh * sd, upper: bias - kLow * sd, level: level)
            let pairLow = NormalToleranceFactor.twoSided(sampleSize: n, degreesOfFreedom: nd - 1, coverage: limitCoverage,
                                                         confidence: (1 - level) / 2)
            let pairHigh = NormalToleranceFactor.twoSided(sampleSize: n, degreesOfFreedom: nd - 1, coverage: limitCoverage,
                                                          confidence: tail)
            upperPair = ConfidenceInterval(lower: bias + pairLow * sd, upper: bias + pairHigh * sd, level: level)
            lowerPair = ConfidenceInterval(lower: bias - pairHigh * sd, upper: bias - pairLow * sd, level: level)
        }
        var proportional: BlandAltmanResult.ProportionalBias? = nil
        if n >= 3 {
            let fit = Trend.ordinaryLeastSquares(times: means, values: differences)
            if let slope = fit.slope, let intercept = fit.intercept, let se = slope.standardError {
                proportional = .init(intercept: intercept.estimate,
                                     slope: IntervalEstimate(estimate: slope.estimate, interval: slope.confidenceInterval(level: level)),
                                     slopeStandardError: se, slopePValue: slope.pValue, degreesOfFreedom: n - 2)
            }
        }
        let interval = { (c: Double, h: Double) in sd > 0 ? ConfidenceInterval(lower: c - h, upper: c + h, level: level) : nil }
        return BlandAltmanResult(
            count: n, relative: relative,
            bias: IntervalEstimate(estimate: bias, interval: interval(bias, biasHalf)),
            standardDeviation: sd, limitMultiplier: z,
            lowerLimit: IntervalEstimate(estimate: lower, interval: interval(lower, limitHalf)),
            upperLimit: IntervalEstimate(estimate: upper, interval: interval(upper, limitHalf)),
            lowerLimitExact: lowerExact, upperLimitExact: upperExact,
            lowerLimitExactPair: lowerPair, upperLimitExactPair: upperPair,
            proportionalBias: proportional, normality: ShapiroWilk.test(differences),
            method: "Bland & Altman 1986 limits; approximate limit CIs Bland & Altman 1999; exact limit CIs Carkeet 2015 (each limit: noncentral t; as a pair: two-sided tolerance factors)")
    }
}

/// Limits of agreement when subjects contribute several pairs.
public struct RepeatedMeasuresAgreementResult: Sendable, Equatable {
    public let subjectCount: Int
    public let pairCount: Int
    /// Mean of all differences.
    public let bias: Double
    /// Between-subject and within-subject variance components of the differences (for Zou's
    /// method: the variance of the subject mean differences, and the pooled within-subject variance).
    public let betweenSubjectVariance: Double
    public let withinSubjectVariance: Double
    /// sqrt(between + within): the SD of a single difference.
    public let standardDeviation: Double
    /// bias -+ z * standardDeviation with MOVER intervals (nil when the differences do not vary).
    public let lowerLimit: IntervalEstimate
    public let upperLimit: IntervalEstimate
    public let method: String
}

extension BlandAltman {
    /// Limits of agreement with several pairs per subject where the true value varies within
    /// subjects: Bland & Altman (J Biopharm Stat 2007;17:571-582, section 5), one-way ANOVA of the
    /// differences by subject; sigma_d^2 = sigma_b^2 + sigma_w^2 with
    /// sigma_b^2 = (MSb - MSw) / lambda, lambda = (N^2 - sum m_i^2) / ((n - 1) N) (truncated at 0).
    ///
    /// Confidence intervals of the limits by MOVER (Zou, Stat Methods Med Res 2013;22:630-642),
    /// applied to these ANOVA components: sigma_d^2 = MSb / lambda + (1 - 1/lambda) MSw (or MSw
    /// alone when sigma_b^2 is truncated), each mean square with its chi-square interval (n - 1 and
    /// N - n degrees of freedom), combined by MOVER; the bias (the mean of all N differences) has
    /// variance (sigma_b^2 sum m_i^2 / N^2 + sigma_w^2 / N) and a normal quantile. With equal pairs
    /// per subject these are exactly Zou's intervals (``repeatedMeasuresMOVER(subjects:differences:level:limitCoverage:)``).
    /// - Returns: nil with fewer than 2 subjects or no within-subject replication.
    public static func repeatedMeasures(subjects: [Int], differences: [Double], level: Double = 0.95,
                                        limitCoverage: Double = 0.95) -> RepeatedMeasuresAgreementResult? {
        precondition(level > 0 && level < 1, "level must be in (0, 1)")
        precondition(subjects.count == differences.count, "subjects and differences differ in length")
        let (groups, order, total) = finiteDifferencesBySubject(subjects: subjects, differences: differences)
        let n = order.count
        guard n >= 2, total > n else { return nil }
        let bigN = Double(total), nd = Double(n)
        let grand = differences.filter(\.isFinite).reduce(0, +) / bigN
        var ssb = 0.0, ssw = 0.0, sumM2 = 0.0
        for s in order {
            let values = groups[s]!
            let m = Double(values.count)
            let mean = values.reduce(0, +) / m
            ssb += m * (mean - grand) * (mean - grand)
            for v in values { ssw += (v - mean) * (v - mean) }
            sumM2 += m * m
        }
        let msb = ssb / (nd - 1)
        let msw = ssw / (bigN - nd)
        let divisor = (bigN * bigN - sumM2) / ((nd - 1) * bigN)
        let between = max(0, (msb - msw) / divisor)
        let variance = between + msw
        let sd = variance.squareRoot()
        let z = NormalDistribution().quantile((1 + limitCoverage) / 2)
        let zc = NormalDistribution().quantile((1 + level) / 2)
        // sigma_d^2 as a combination of mean squares: MSb / lambda + (1 - 1/lambda) MSw, or MSw alone when truncated.
        let dfBetween = nd - 1, dfWithin = bigN - nd
        let terms: [(weight: Double, meanSquare: Double, df: Double)] = msb > msw
            ? [(1 / divisor, msb, dfBetween), (1 - 1 / divisor, msw, dfWithin)]
            : [(1, msw, dfWithin)]
        var below = 0.0, above = 0.0
        for term in terms where term.meanSquare > 0 {
            let chi = ChiSquaredDistribution(degreesOfFreedom: term.df)
            let low = term.weight * term.df * term.meanSquare / chi.quantile((1 + level) / 2)
            let high = term.weight * term.df * term.meanSquare / chi.quantile((1 - level) / 2)
            let estimate = term.weight * term.meanSquare
            below += (estimate - min(low, high)) * (estimate - min(low, high))
            above += (max(low, high) - estimate) * (max(low, high) - estimate)
        }
        let lowerSD = max(0, variance - below.squareRoot()).squareRoot()
        let upperSD = (variance + above.squareRoot()).squareRoot()
        let biasVariance = between * sumM2 / (bigN * bigN) + msw / bigN
        let biasPart = zc * zc * biasVariance
        let outer = (biasPart + z * z * (upperSD - sd) * (upperSD - sd)).squareRoot()
        let inner = (biasPart + z * z * (sd - lowerSD) * (sd - lowerSD)).squareRoot()
        let lower = grand - z * sd, upper = grand + z * sd
        let defined = sd > 0
        return RepeatedMeasuresAgreementResult(
            subjectCount: n, pairCount: total, bias: grand, betweenSubjectVariance: between,
            withinSubjectVariance: msw, standardDeviation: sd,
            lowerLimit: IntervalEstimate(estimate: lower, interval: defined ? ConfidenceInterval(lower: lower - outer, upper: lower + inner, level: level) : nil),
            upperLimit: IntervalEstimate(estimate: upper, interval: defined ? ConfidenceInterval(lower: upper - inner, upper: upper + outer, level: level) : nil),
            method: "Bland & Altman 2007 (true value varies within subjects; one-way ANOVA variance components); MOVER limit intervals (Zou 2013) on the ANOVA mean squares")
    }
}

extension BlandAltman {
    /// Limits of agreement with several pairs per subject and their confidence intervals by the
    /// MOVER method of Zou (Stat Methods Med Res 2013;22:630-642), for a true value that varies
    /// within subjects (the design of SimplyAgree's `agree_nest`):
    /// - bias = mean of the subject mean differences; s_b^2 their variance (n - 1 divisor);
    /// - s_w^2 = sum (m_i - 1) s_i^2 / (N - n), the pooled within-subject variance;
    /// - sigma^2 = s_b^2 + (1 - 1/m_h) s_w^2, m_h the harmonic mean of the m_i;
    /// - limits bias -+ z sigma; sigma^2's interval from chi-square limits of both components
    ///   (MOVER), the limits' intervals combining z sqrt(s_b^2 / n) for the bias with it.
    /// - Returns: nil with fewer than 2 subjects or no subject with two pairs.
    public static func repeatedMeasuresMOVER(subjects: [Int], differences: [Double], level: Double = 0.95,
                                             limitCoverage: Double = 0.95) -> RepeatedMeasuresAgreementResult? {
        precondition(subjects.count == differences.count, "subjects and differences differ in length")
        let (groups, order, total) = finiteDifferencesBySubject(subjects: subjects, differences: differences)
        let n = order.count
        guard n >= 2, total > n else { return nil }
        let nd = Double(n), bigN = Double(total)
        var means: [Double] = [], within = 0.0, reciprocal = 0.0
        for s in order {
            let v = groups[s]!
            let m = Double(v.count)
            let mean = v.reduce(0, +) / m
            means.append(mean)
            for d in v { within += (d - mean) * (d - mean) }
            reciprocal += 1 / m
        }
        let bias = means.reduce(0, +) / nd
        let sb2 = means.reduce(0) { $0 + ($1 - bias) * ($1 - bias) } / (nd - 1)
        let sw2 = within / (bigN - nd)
        let harmonic = nd / reciprocal
        let weight = 1 - 1 / harmonic
        let variance = sb2 + weight * sw2
        let sd = variance.squareRoot()
        let z = NormalDistribution().quantile((1 + limitCoverage) / 2)
        let zc = NormalDistribution().quantile((1 + level) / 2)
        let tailHigh = (1 + level) / 2, tailLow = (1 - level) / 2
        let chiB = ChiSquaredDistribution(degreesOfFreedom: nd - 1), chiW = ChiSquaredDistribution(degreesOfFreedom: bigN - nd)
        func square(_ v: Double) -> Double { v * v }
        let lowerVariance = variance - (square(sb2 * (1 - (nd - 1) / chiB.quantile(tailHigh)))
            + square(weight * sw2 * (1 - (bigN - nd) / chiW.quantile(tailHigh)))).squareRoot()
        let upperVariance = variance + (square(sb2 * ((nd - 1) / chiB.quantile(tailLow) - 1))
            + square(weight * sw2 * ((bigN - nd) / chiW.quantile(tailLow) - 1))).squareRoot()
        let biasPart = zc * zc * sb2 / nd
        let outer = (biasPart + z * z * square(upperVariance.squareRoot() - sd)).squareRoot()
        let inner = (biasPart + z * z * square(sd - max(0, lowerVariance).squareRoot())).squareRoot()
        let lower = bias - z * sd, upper = bias + z * sd
        return RepeatedMeasuresAgreementResult(
            subjectCount: n, pairCount: total, bias: bias, betweenSubjectVariance: sb2, withinSubjectVariance: sw2,
            standardDeviation: sd,
            lowerLimit: IntervalEstimate(estimate: lower, interval: ConfidenceInterval(lower: lower - outer, upper: lower + inner, level: level)),
            upperLimit: IntervalEstimate(estimate: upper, interval: ConfidenceInterval(lower: upper - inner, upper: upper + outer, level: level)),
            method: "Zou 2013 MOVER (true value varies within subjects): subject-mean bias, pooled within-subject variance")
    }
}

extension BlandAltman {
    /// The finite differences per subject, the subjects in order of first appearance, and how many
    /// differences there are in all (the grouping both repeated-measures methods start from).
    static func finiteDifferencesBySubject(subjects: [Int], differences: [Double])
        -> (groups: [Int: [Double]], order: [Int], total: Int) {
        var groups: [Int: [Double]] = [:]
        var order: [Int] = []
        var total = 0
        for (s, d) in zip(subjects, differences) where d.isFinite {
            if groups[s] == nil { order.append(s) }
            groups[s, default: []].append(d)
            total += 1
        }
        return (groups, order, total)
    }
}
