/// One of the six intraclass correlation forms.
public enum ICCForm: String, Sendable, Equatable, CaseIterable {
    /// One-way random, single measures: Shrout & Fleiss ICC(1,1); McGraw & Wong ICC(1).
    case oneWaySingle = "ICC1"
    /// Two-way random, absolute agreement, single: ICC(2,1); McGraw & Wong ICC(A,1).
    case twoWayRandomSingle = "ICC2"
    /// Two-way mixed, consistency, single: ICC(3,1); McGraw & Wong ICC(C,1).
    case twoWayMixedSingle = "ICC3"
    /// Average of k measures, one-way: ICC(1,k).
    case oneWayAverage = "ICC1k"
    /// ICC(2,k); McGraw & Wong ICC(A,k).
    case twoWayRandomAverage = "ICC2k"
    /// ICC(3,k); McGraw & Wong ICC(C,k).
    case twoWayMixedAverage = "ICC3k"

    /// How papers name the form (Koo & Li 2016 Table 1 vocabulary).
    public var description: String {
        switch self {
        case .oneWaySingle: "one-way random effects, absolute agreement, single rater"
        case .twoWayRandomSingle: "two-way random effects, absolute agreement, single rater"
        case .twoWayMixedSingle: "two-way mixed effects, consistency, single rater"
        case .oneWayAverage: "one-way random effects, absolute agreement, mean of k raters"
        case .twoWayRandomAverage: "two-way random effects, absolute agreement, mean of k raters"
        case .twoWayMixedAverage: "two-way mixed effects, consistency, mean of k raters"
        }
    }
}

/// Koo & Li (J Chiropr Med 2016;15:155-163) reliability bands, judged on the 95% CI.
public enum ICCInterpretation: String, Sendable, Equatable {
    case poor, moderate, good, excellent

    /// Below 0.5 poor, 0.5-0.75 moderate, 0.75-0.9 good, above 0.9 excellent (Koo & Li 2016).
    public init(_ value: Double) {
        switch value {
        case ..<0.5: self = .poor
        case ..<0.75: self = .moderate
        case ...0.9: self = .good
        default: self = .excellent
        }
    }
}

/// All six ICC forms from one targets-by-raters table.
public struct IntraclassCorrelationResult: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let form: ICCForm
        public let estimate: Double
        public let interval: ConfidenceInterval
        /// F test of ICC = 0 as psych::ICC reports it.
        public let fStatistic: Double
        public let numeratorDegreesOfFreedom: Double
        public let denominatorDegreesOfFreedom: Double
        public let pValue: Double
        /// Koo & Li 2016 band of the point estimate.
        public let interpretation: ICCInterpretation
    }
    /// Targets (subjects) with a value from every rater.
    public let targetCount: Int
    public let raterCount: Int
    /// Mean squares: between targets, within targets, between raters, residual.
    public let meanSquareTargets: Double
    public let meanSquareWithin: Double
    public let meanSquareRaters: Double
    public let meanSquareError: Double
    /// In the order ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k.
    public let entries: [Entry]
    public let method: String

    public subscript(form: ICCForm) -> Entry { entries.first { $0.form == form }! }
}

/// Intraclass correlation coefficients.
public enum IntraclassCorrelation {
    /// The six forms of Shrout & Fleiss (Psychol Bull 1979;86:420-428) and McGraw & Wong (Psychol
    /// Methods 1996;1:30-46) from the two-way ANOVA of `ratings[target][rater]`, with the F tests
    /// and F-based confidence intervals exactly as R's `psych::ICC(x, lmer = FALSE)` and
    /// `pingouin.intraclass_corr` compute them (ICC2's interval with Satterthwaite's degrees of
    /// freedom, McGraw & Wong 1996 Table 7).
    /// Targets with a non-finite rating are left out (the caller counts them).
    /// - Returns: nil with fewer than 2 complete targets, fewer than 2 raters, or no residual variance.
    public static func analyse(_ ratings: [[Double]], level: Double = 0.95) -> IntraclassCorrelationResult? {
        precondition(level > 0 && level < 1, "level must be in (0, 1)")
        guard let k = ratings.first?.count, k >= 2 else { return nil }
        precondition(ratings.allSatisfy { $0.count == k }, "every target needs one value per rater")
        let rows = ratings.filter { $0.allSatisfy(\.isFinite) }
        let n = rows.count
        guard n >= 2 else { return nil }
        let nd = Double(n), kd = Double(k)
        let grand = rows.joined().reduce(0, +) / (nd * kd)
        var rowMeans = [Double](repeating: 0, count: n), colMeans = [Double](repeating: 0, count: k)
        for i in 0..<n {
            for j in 0..<k { rowMeans[i] += rows[i][j]; colMeans[j] += rows[i][j] }
        }
        for i in 0..<n { rowMeans[i] /= kd }
        for j in 0..<k { colMeans[j] /= nd }
        var ssRows = 0.0, ssCols = 0.0, ssError = 0.0, ssWithin = 0.0
        for i in 0..<n { ssRows += kd * (rowMeans[i] - grand) * (rowMeans[i] - grand) }
        for j in 0..<k { ssCols += nd * (colMeans[j] - grand) * (colMeans[j] - grand) }
        for i in 0..<n {
            for j in 0..<k {
                let e = rows[i][j] - rowMeans[i] - colMeans[j] + grand
                ssError += e * e
                ssWithin += (rows[i][j] - rowMeans[i]) * (rows[i][j] - rowMeans[i])
            }
        }
        let msb = ssRows / (nd - 1)
        let msj = ssCols / (kd - 1)
        let mse = ssError / ((nd - 1) * (kd - 1))
        let msw = ssWithin / (nd * (kd - 1))
        guard mse > 0, msw > 0 else { return nil }
        let icc1 = (msb - msw) / (msb + (kd - 1) * msw)
        let icc2 = (msb - mse) / (msb + (kd - 1) * mse + kd * (msj - mse) / nd)
        let icc3 = (msb - mse) / (msb + (kd - 1) * mse)
        let icc1k = (msb - msw) / msb
        let icc2k = (msb - mse) / (msb + (msj - mse) / nd)
        let icc3k = (msb - mse) / msb
        let alpha = 1 - level
        let f11 = msb / msw, df11n = nd - 1, df11d = nd * (kd - 1)
        let f21 = msb / mse, df21n = nd - 1, df21d = (nd - 1) * (kd - 1)
        func fq(_ a: Double, _ b: Double) -> Double {
            FDistribution(numeratorDegreesOfFreedom: a, denominatorDegreesOfFreedom: b).quantile(1 - alpha / 2)
        }
        let p11 = FDistribution(numeratorDegreesOfFreedom: df11n, denominatorDegreesOfFreedom: df11d).survival(f11)
        let p21 = FDistribution(numeratorDegreesOfFreedom: df21n, denominatorDegreesOfFreedom: df21d).survival(f21)
        let f1L = f11 / fq(df11n, df11d), f1U = f11 * fq(df11d, df11n)
        let f3L = f21 / fq(df21n, df21d), f3U = f21 * fq(df21d, df21n)
        let fj = msj / mse
        let vn = (kd - 1) * (nd - 1) * (kd * icc2 * fj + nd * (1 + (kd - 1) * icc2) - kd * icc2) * (kd * icc2 * fj + nd * (1 + (kd - 1) * icc2) - kd * icc2)
        let vd = (nd - 1) * kd * kd * icc2 * icc2 * fj * fj + (nd * (1 + (kd - 1) * icc2) - kd * icc2) * (nd * (1 + (kd - 1) * icc2) - kd * icc2)
        let v = vn / vd
        let f2U = fq(nd - 1, v), f2L = fq(v, nd - 1)
        let l2 = nd * (msb - f2U * mse) / (f2U * (kd * msj + (kd * nd - kd - nd) * mse) + nd * msb)
        let u2 = nd * (f2L * msb - mse) / (kd * msj + (kd * nd - kd - nd) * mse + nd * f2L * msb)
        func entry(_ form: ICCForm, _ value: Double, _ lower: Double, _ upper: Double, _ f: Double,
                   _ d1: Double, _ d2: Double, _ p: Double) -> IntraclassCorrelationResult.Entry {
            .init(form: form, estimate: value, interval: ConfidenceInterval(lower: lower, upper: upper, level: level),
                  fStatistic: f, numeratorDegreesOfFreedom: d1, denominatorDegreesOfFreedom: d2, pValue: p,
                  interpretation: ICCInterpretation(value))
        }
        let entries = [
            entry(.oneWaySingle, icc1, (f1L - 1) / (f1L + kd - 1), (f1U - 1) / (f1U + kd - 1), f11, df11n, df11d, p11),
            entry(.twoWayRandomSingle, icc2, l2, u2, f21, df21n, df21d, p21),
            entry(.twoWayMixedSingle, icc3, (f3L - 1) / (f3L + kd - 1), (f3U - 1) / (f3U + kd - 1), f21, df21n, df21d, p21),
            entry(.oneWayAverage, icc1k, 1 - 1 / f1L, 1 - 1 / f1U, f11, df11n, df11d, p11),
            entry(.twoWayRandomAverage, icc2k, l2 * kd / (1 + l2 * (kd - 1)), u2 * kd / (1 + u2 * (kd - 1)), f21, df21n, df21d, p21),
            entry(.twoWayMixedAverage, icc3k, 1 - 1 / f3L, 1 - 1 / f3U, f21, df21n, df21d, p21),
        ]
        return IntraclassCorrelationResult(
            targetCount: n, raterCount: k, meanSquareTargets: msb, meanSquareWithin: msw, meanSquareRaters: msj,
            meanSquareError: mse, entries: entries,
            method: "two-way ANOVA; Shrout & Fleiss 1979 / McGraw & Wong 1996; F-based CIs as psych::ICC")
    }
}
