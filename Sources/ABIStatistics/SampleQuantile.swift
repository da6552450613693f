/// Sample quantiles of sorted data by the Hyndman & Fan (1996) definitions, following the
/// arithmetic of R's `quantile.default` (including its 4-ulp fuzz when locating the order
/// statistic), so results match R and NumPy's corresponding methods.
public enum SampleQuantile {
    /// The p-quantile of `sorted` (ascending, finite, non-empty) by `method`.
    ///
    /// - Precondition: `sorted` is non-empty and `p` is in [0, 1]. NaN must have been removed
    ///   (see `DescriptiveStatistics`, which counts it as missing).
    /// - Complexity: O(1).
    public static func quantile(sorted: UnsafeBufferPointer<Double>, probability p: Double,
                                method: QuantileMethod = .type7) -> Double {
        precondition(!sorted.isEmpty, "quantile of an empty sample")
        precondition(p >= 0 && p <= 1, "probability must be in [0, 1]")
        let n = Double(sorted.count)
        let fuzz = 4 * Double.ulpOfOne
        // order(k) is the k-th order statistic, 1-based, clamped to the sample like R's
        // c(x[1], x[1], x, x[n], x[n]).
        func order(_ k: Double) -> Double {
            let index = min(max(Int(k) - 1, 0), sorted.count - 1)
            return sorted[index]
        }
        let j: Double
        let h: Double
        switch method {
        case .type1, .type2, .type3:
            let nppm = method == .type3 ? n * p - 0.5 : n * p
            j = (nppm + fuzz).rounded(.down)
            switch method {
            case .type1: h = nppm > j ? 1 : 0
            case .type2: h = ((nppm > j ? 1 : 0) + 1) / 2
            default:
                let isOdd = j.truncatingRemainder(dividingBy: 2) != 0
                h = (nppm != j || isOdd) ? 1 : 0
            }
        default:
            let (a, b): (Double, Double)
            switch method {
            case .type4: (a, b) = (0, 1)
            case .type5: (a, b) = (0.5, 0.5)
            case .type6: (a, b) = (0, 0)
            case .type7: (a, b) = (1, 1)
            case .type8: (a, b) = (1.0 / 3, 1.0 / 3)
            default: (a, b) = (3.0 / 8, 3.0 / 8)
            }
            let nppm = a + p * (n + 1 - a - b)
            j = (nppm + fuzz).rounded(.down)
            let fraction = nppm - j
            h = abs(fraction) < fuzz ? 0 : fraction
        }
        let lower = order(j)
        if h == 0 { return lower }
        let upper = order(j + 1)
        if h == 1 { return upper }
        if lower == upper { return lower }
        return (1 - h) * lower + h * upper
    }

    /// The p-quantile of unsorted finite values (copies and sorts).
    /// - Precondition: `values` non-empty, no NaN; p in [0, 1].
    public static func quantile(_ values: [Double], probability p: Double, method: QuantileMethod = .type7) -> Double {
        let sorted = values.sorted()
        return sorted.withUnsafeBufferPointer { quantile(sorted: $0, probability: p, method: method) }
    }
}
