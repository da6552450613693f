import RealModule

/// A proportion x / n with its Wilson and Clopper-Pearson intervals.
public struct ProportionEstimate: Sendable, Equatable {
    public let successes: Int
    public let trials: Int
    /// x / n (NaN when n = 0).
    public let estimate: Double
    /// Wilson score interval without continuity correction (Wilson, JASA 1927;22:209-212);
    /// statsmodels `proportion_confint(method="wilson")`.
    public let wilson: ConfidenceInterval?
    /// Exact interval from beta quantiles (Clopper & Pearson, Biometrika 1934;26:404-413);
    /// statsmodels `proportion_confint(method="beta")`, R `binom.test`.
    public let clopperPearson: ConfidenceInterval?

    public init(successes: Int, trials: Int, level: Double = 0.95) {
        precondition(successes >= 0 && successes <= trials, "0 <= successes <= trials")
        self.successes = successes
        self.trials = trials
        guard trials > 0 else {
            estimate = .nan; wilson = nil; clopperPearson = nil
            return
        }
        let x = Double(successes), n = Double(trials)
        let p = x / n
        estimate = p
        let z = NormalDistribution().quantile((1 + level) / 2)
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        wilson = ConfidenceInterval(lower: centre - half, upper: centre + half, level: level)
        let alpha = 1 - level
        // Beta quantiles through the F distribution: Beta(a, b) quantile = a F / (b + a F), F ~ F(2a, 2b).
        func betaQuantile(_ q: Double, _ a: Double, _ b: Double) -> Double {
            let f = FDistribution(numeratorDegreesOfFreedom: 2 * a, denominatorDegreesOfFreedom: 2 * b).quantile(q)
            return a * f / (b + a * f)
        }
        let lower = successes == 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1)
        let upper = successes == trials ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x)
        clopperPearson = ConfidenceInterval(lower: lower, upper: upper, level: level)
    }
}

/// A likelihood ratio with its log-method interval.
public struct LikelihoodRatioEstimate: Sendable, Equatable {
    /// NaN or infinity when a denominator proportion is 0.
    public let estimate: Double
    /// exp(log LR -+ z SE), SE from Simel, Samsa & Matchar (J Clin Epidemiol 1991;44:763-770).
    /// Nil when a cell count is 0.
    public let interval: ConfidenceInterval?
}

/// McNemar's test of the off-diagonal counts of a paired 2 x 2 table.
public struct McNemarResult: Sendable, Equatable {
    /// (b - c)^2 / (b + c).
    public let statistic: Double
    public let pValue: Double
    /// (|b - c| - 1)^2 / (b + c), R `mcnemar.test(correct = TRUE)` (uncorrected when b = c).
    public let correctedStatistic: Double
    public let correctedPValue: Double
}

/// Accuracy of a binary index test against a binary reference.
public struct DiagnosticAccuracyResult: Sendable, Equatable {
    /// Index positive and reference positive.
    public let truePositives: Int
    public let falsePositives: Int
    public let falseNegatives: Int
    public let trueNegatives: Int
    public let sensitivity: ProportionEstimate
    public let specificity: ProportionEstimate
    public let positivePredictiveValue: ProportionEstimate
    public let negativePredictiveValue: ProportionEstimate
    public let accuracy: ProportionEstimate
    public let positiveLikelihoodRatio: LikelihoodRatioEstimate
    public let negativeLikelihoodRatio: LikelihoodRatioEstimate
    /// Youden's J = sensitivity + specificity - 1 (Youden, Cancer 1950;3:32-35).
    public let youdenIndex: Double
    /// Nil when b + c = 0.
    public let mcNemar: McNemarResult?
    /// Cohen's kappa of the two binary classifications.
    public let kappa: KappaResult?
    public let method: String
}

public enum DiagnosticAccuracy {
    /// Accuracy from the four cells of the 2 x 2 table (STARD 2015 quantities).
    /// - Precondition: counts are non-negative.
    public static func analyse(truePositives tp: Int, falsePositives fp: Int, falseNegatives fn: Int,
                               trueNegatives tn: Int, level: Double = 0.95) -> DiagnosticAccuracyResult {
        precondition(tp >= 0 && fp >= 0 && fn >= 0 && tn >= 0, "counts must be non-negative")
        let sens = ProportionEstimate(successes: tp, trials: tp + fn, level: level)
        let spec = ProportionEstimate(successes: tn, trials: tn + fp, level: level)
        let z = NormalDistribution().quantile((1 + level) / 2)
        func ratio(_ value: Double, _ se: Double?) -> LikelihoodRatioEstimate {
            guard let se, se.isFinite, value > 0, value.isFinite else { return .init(estimate: value, interval: nil) }
            let l = Double.log(value)
            return .init(estimate: value, interval: ConfidenceInterval(lower: Double.exp(l - z * se), upper: Double.exp(l + z * se), level: level))
        }
        let (a, b, c, d) = (Double(tp), Double(fp), Double(fn), Double(tn))
        let lrPlus = ratio(sens.estimate / (1 - spec.estimate),
                           tp > 0 && fp > 0 ? (1 / a - 1 / (a + c) + 1 / b - 1 / (b + d)).squareRoot() : nil)
        let lrMinus = ratio((1 - sens.estimate) / spec.estimate,
                            fn > 0 && tn > 0 ? (1 / c - 1 / (a + c) + 1 / d - 1 / (b + d)).squareRoot() : nil)
        var mcnemar: McNemarResult? = nil
        if fp + fn > 0 {
            let chi = ChiSquaredDistribution(degreesOfFreedom: 1)
            let plain = (b - c) * (b - c) / (b + c)
            let yates = fp == fn ? plain : (abs(b - c) - 1) * (abs(b - c) - 1) / (b + c)
            mcnemar = McNemarResult(statistic: plain, pValue: chi.survival(plain), correctedStatistic: yates,
                                    correctedPValue: chi.survival(yates))
        }
        return DiagnosticAccuracyResult(
            truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn,
            sensitivity: sens, specificity: spec,
            positivePredictiveValue: ProportionEstimate(successes: tp, trials: tp + fp, level: level),
            negativePredictiveValue: ProportionEstimate(successes: tn, trials: tn + fn, level: level),
            accuracy: ProportionEstimate(successes: tp + tn, trials: tp + fp + fn + tn, level: level),
            positiveLikelihoodRatio: lrPlus, negativeLikelihoodRatio: lrMinus,
            youdenIndex: sens.estimate + spec.estimate - 1, mcNemar: mcnemar,
            kappa: CohenKappa.analyse(table: [[tp, fp], [fn, tn]], level: level),
            method: "2 x 2 table; Wilson and Clopper-Pearson intervals; likelihood ratios log method (Simel 1991); McNemar 1947")
    }
}
