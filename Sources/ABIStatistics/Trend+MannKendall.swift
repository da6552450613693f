import RealModule

extension Trend {
    /// The Mann-Kendall test for a monotonic trend and its autocorrelation-corrected variants.
    ///
    /// - S = sum_{i<j} sign(t_j - t_i) sign(y_j - y_i) (Mann 1945; Kendall 1975): on distinct
    ///   times this is the classical S of the time-ordered series; pairs at equal times count 0.
    /// - Var(S) = [n(n-1)(2n+5) - sum_g k(k-1)(2k+5)] / 18 over groups of tied values. With tied
    ///   times as well, Kendall's (1975) variance with both tie sets (as scipy.stats.kendalltau)
    ///   is used and a note says so.
    /// - Z = (S - 1)/sqrt(Var S) for S > 0, (S + 1)/sqrt(Var S) for S < 0, 0 for S = 0;
    ///   p = 2 P(N(0,1) > |Z|).
    /// - `hamedRao`: Hamed & Rao (1998). The series is detrended by its Theil-Sen slope on the
    ///   time axis, ranked (average ranks), and the rank autocorrelations r_k for lags
    ///   1...`maximumLag` (default n - 1) outside +/- z_{1-alpha/2}/sqrt(n) give
    ///   n/n* = 1 + 2 / (n(n-1)(n-2)) sum (n-k)(n-k-1)(n-k-2) r_k.
    /// - `yueWang`: Yue & Wang (2004): n/n* = 1 + 2 sum_{k=1}^{maxLag} (1 - k/n) r_k of the
    ///   detrended values.
    /// - `preWhitening`: Yue & Wang (2002): the original test on x_i - r_1 x_{i-1} (n - 1 values).
    /// - `trendFreePreWhitening`: Yue, Pilon, Phinney & Cavadias (2002): the same on the
    ///   Theil-Sen-detrended series, with the trend added back before testing.
    /// The variants use autocorrelation by observation order (sorted by time), which assumes
    /// roughly equal spacing; a note says when the spacing is irregular. Matches pymannkendall
    /// 1.4 original_test, hamed_rao_modification_test, yue_wang_modification_test and
    /// pre_whitening_modification_test and trend_free_pre_whitening_modification_test on equally
    /// spaced series (p-values here are computed
    /// from the upper tail, so they keep relative accuracy below 1e-16 where pymannkendall's
    /// 1 - cdf cannot).
    ///
    /// Guards: fewer than 2 usable observations give `insufficientData`; n = 2 gives S = +/-1,
    /// Var(S) = 1, Z = 0 and p = 1 (the test cannot reject). Hamed-Rao needs n >= 3 and
    /// pre-whitening n >= 3 (`insufficientData`/`estimatesOnly` otherwise). A corrected variance
    /// factor n/n* <= 0 (Hamed-Rao on short series) or an undefined autocorrelation (constant
    /// detrended series) is reported as invalid: z, p and Var(S) nil, status `estimatesOnly`, a
    /// note; never NaN. All values equal give S = 0, Var(S) = 0, Z = 0, p = 1 and a note. Fewer
    /// than 10 observations add a note that the normal approximation is rough (no exact
    /// small-sample distribution is offered).
    /// - Precondition: equal lengths; 0 < alpha < 1; maximumLag >= 1 when given.
    public static func mannKendall(times: [Double], values: [Double], variant: MannKendallResult.Variant = .original,
                                   alpha: Double = 0.05, maximumLag: Int? = nil) -> MannKendallResult {
        precondition(times.count == values.count, "times and values differ in length")
        precondition(alpha > 0 && alpha < 1, "alpha must be in (0, 1)")
        precondition(maximumLag.map { $0 >= 1 } ?? true, "maximumLag must be at least 1")
        if variant == .original { return originalTest(times: times, values: values) }
        var pairs: [(time: Double, value: Double)] = []
        pairs.reserveCapacity(times.count)
        var missing = 0
        var infinite = 0
        for (t, y) in zip(times, values) {
            if t.isNaN || y.isNaN { missing += 1; continue }
            if t.isInfinite || y.isInfinite { infinite += 1; continue }
            pairs.append((t, y))
        }
        // Stable sort by time: the variants use the observation order.
        var isSorted = true
        for i in pairs.indices.dropFirst() where pairs[i].time < pairs[i - 1].time { isSorted = false; break }
        if !isSorted { pairs = pairs.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element) }
        var orderedTimes = pairs.map(\.time)
        var orderedValues = pairs.map(\.value)
        var notes: [String] = []
        if missing > 0 { notes.append("\(missing) pair(s) with a missing (NaN) time or value left out") }
        if infinite > 0 { notes.append("\(infinite) pair(s) with an infinite time or value left out") }
        let method: String
        switch variant {
        case .original: method = "Mann-Kendall (Mann 1945, Kendall 1975), tie-corrected variance, continuity correction"
        case .hamedRao: method = "Mann-Kendall with Hamed & Rao (1998) variance correction"
        case .yueWang: method = "Mann-Kendall with Yue & Wang (2004) variance correction"
        case .preWhitening: method = "Mann-Kendall after pre-whitening (Yue & Wang 2002)"
        case .trendFreePreWhitening:
            method = "Mann-Kendall after trend-free pre-whitening (Yue, Pilon, Phinney & Cavadias 2002)"
        }
        let originalCount = orderedValues.count
        var lag1: Double?
        if variant == .preWhitening || variant == .trendFreePreWhitening {
            if originalCount < 3 {
                notes.append("pre-whitening needs at least 3 observations")
                return MannKendallResult(method: method, variant: variant, status: .insufficientData, count: originalCount,
                                         missingCount: missing, infiniteCount: infinite, s: 0, varianceOfS: nil, z: nil,
                                         pValue: nil, tau: nil, varianceCorrectionFactor: nil, lag1Autocorrelation: nil,
                                         notes: notes)
            }
            // Trend-free pre-whitening removes the Theil-Sen trend first and adds it back after.
            let trendSlope = variant == .trendFreePreWhitening
                ? (theilSen(times: orderedTimes, values: orderedValues).slope ?? 0) : 0
            let series = variant == .trendFreePreWhitening
                ? zip(orderedTimes, orderedValues).map { $0.1 - $0.0 * trendSlope } : orderedValues
            guard let r1 = autocorrelations(series, maximumLag: 1)?[1] else {
                notes.append("series is constant: no autocorrelation to remove, no test")
                return MannKendallResult(method: method, variant: variant, status: .estimatesOnly, count: originalCount - 1,
                                         missingCount: missing, infiniteCount: infinite, s: 0, varianceOfS: 0, z: nil,
                                         pValue: nil, tau: nil, varianceCorrectionFactor: nil, lag1Autocorrelation: nil,
                                         notes: notes)
            }
            lag1 = r1
            var whitened: [Double] = []
            whitened.reserveCapacity(originalCount - 1)
            for i in 1..<originalCount {
                whitened.append(series[i] - series[i - 1] * r1 + orderedTimes[i] * trendSlope)
            }
            orderedValues = whitened
            orderedTimes.removeFirst()
        }
        let n = orderedValues.count
        if variant != .original && !isEquallySpaced(orderedTimes) {
            notes.append("times are not equally spaced: autocorrelation is taken by observation order")
        }
        if n < 2 {
            notes.append("fewer than 2 usable observations: no test")
            return MannKendallResult(method: method, variant: variant, status: .insufficientData, count: n,
                                     missingCount: missing, infiniteCount: infinite, s: 0, varianceOfS: nil, z: nil,
                                     pValue: nil, tau: nil, varianceCorrectionFactor: nil, lag1Autocorrelation: lag1,
                                     notes: notes)
        }
        if n < 10 { notes.append("fewer than 10 observations: the normal approximation to S is rough") }
        let nd = Double(n)
        var s = 0.0
        for i in 0..<n {
            for j in (i + 1)..<n {
                s += sign(orderedTimes[j] - orderedTimes[i]) * sign(orderedValues[j] - orderedValues[i])
            }
        }
        let valueTies = tieTerm(orderedValues)
        var variance = (nd * (nd - 1) * (2 * nd + 5) - valueTies) / 18
        let timeTies = tieTerm(orderedTimes)
        if timeTies > 0 {
            // Kendall (1975) variance with ties in both rankings.
            variance = kendallVarianceWithTies(times: orderedTimes, values: orderedValues)
            notes.append("tied times: pairs at equal times count 0 and Var(S) corrects for ties in both time and value")
        }
        let tau = s / (0.5 * nd * (nd - 1))
        var correction: Double?
        switch variant {
        case .hamedRao, .yueWang:
            let lagLimit = min(maximumLag ?? (n - 1), n - 1)
            if variant == .hamedRao && n < 3 {
                notes.append("Hamed-Rao correction needs at least 3 observations")
                return MannKendallResult(method: method, variant: variant, status: .estimatesOnly, count: n,
                                         missingCount: missing, infiniteCount: infinite, s: s, varianceOfS: nil, z: nil,
                                         pValue: nil, tau: tau, varianceCorrectionFactor: nil, lag1Autocorrelation: nil,
                                         notes: notes)
            }
            let slope = theilSen(times: orderedTimes, values: orderedValues).slope ?? 0
            let detrended = zip(orderedTimes, orderedValues).map { $0.1 - $0.0 * slope }
            let series = variant == .hamedRao ? averageRanks(detrended) : detrended
            guard let acf = autocorrelations(series, maximumLag: lagLimit) else {
                notes.append("detrended series is constant: autocorrelation undefined, no corrected test")
                return MannKendallResult(method: method, variant: variant, status: .estimatesOnly, count: n,
                                         missingCount: missing, infiniteCount: infinite, s: s, varianceOfS: nil, z: nil,
                                         pValue: nil, tau: tau, varianceCorrectionFactor: nil, lag1Autocorrelation: nil,
                                         notes: notes)
            }
            var factor: Double
            if variant == .hamedRao {
                let bound = NormalDistribution.standardQuantile(1 - alpha / 2) / nd.squareRoot()
                var sum = 0.0
                if lagLimit >= 1 {
                    for k in 1...lagLimit where acf[k] > bound || acf[k] < -bound {
                        let m = nd - Double(k)
                        sum += m * (m - 1) * (m - 2) * acf[k]
                    }
                }
                factor = 1 + 2 / (nd * (nd - 1) * (nd - 2)) * sum
            } else {
                var sum = 0.0
                if lagLimit >= 1 {
                    for k in 1...lagLimit { sum += (1 - Double(k) / nd) * acf[k] }
                }
                factor = 1 + 2 * sum
            }
            correction = factor
            variance *= factor
            if !(factor > 0) {
                notes.append("variance correction factor n/n* = \(factor) is not positive: the corrected test is invalid for this series")
                return MannKendallResult(method: method, variant: variant, status: .estimatesOnly, count: n,
                                         missingCount: missing, infiniteCount: infinite, s: s, varianceOfS: nil, z: nil,
                                         pValue: nil, tau: tau, varianceCorrectionFactor: factor, lag1Autocorrelation: nil,
                                         notes: notes)
            }
        case .original, .preWhitening, .trendFreePreWhitening:
            break
        }
        var z: Double?
        if s == 0 {
            z = 0
        } else if variance > 0 {
            z = (s > 0 ? s - 1 : s + 1) / variance.squareRoot()
        }
        if variance == 0 { notes.append("all values are equal: Var(S) = 0") }
        let p = z.map { 2 * NormalDistribution.standardCDF(-abs($0)) }
        return MannKendallResult(method: method, variant: variant, status: z == nil ? .estimatesOnly : .ok, count: n,
                                 missingCount: missing, infiniteCount: infinite, s: s, varianceOfS: variance, z: z,
                                 pValue: p, tau: tau, varianceCorrectionFactor: correction, lag1Autocorrelation: lag1,
                                 notes: notes)
    }

    /// The original test straight on the caller's arrays: S and the tie sums do not depend on
    /// the order, so nothing is copied or sorted (no heap allocation unless a note is written).
    private static func originalTest(times: [Double], values: [Double]) -> MannKendallResult {
        let method = "Mann-Kendall (Mann 1945, Kendall 1975), tie-corrected variance, continuity correction"
        var missing = 0
        var infinite = 0
        var n = 0
        for (t, y) in zip(times, values) {
            if t.isNaN || y.isNaN { missing += 1 } else if t.isInfinite || y.isInfinite { infinite += 1 } else { n += 1 }
        }
        var notes: [String] = []
        if missing > 0 { notes.append("\(missing) pair(s) with a missing (NaN) time or value left out") }
        if infinite > 0 { notes.append("\(infinite) pair(s) with an infinite time or value left out") }
        if n < 2 {
            notes.append("fewer than 2 usable observations: no test")
            return MannKendallResult(method: method, variant: .original, status: .insufficientData, count: n,
                                     missingCount: missing, infiniteCount: infinite, s: 0, varianceOfS: nil, z: nil,
                                     pValue: nil, tau: nil, varianceCorrectionFactor: nil, lag1Autocorrelation: nil,
                                     notes: notes)
        }
        if n < 10 { notes.append("fewer than 10 observations: the normal approximation to S is rough") }
        let size = times.count
        var s = 0.0
        // Tie sums over groups of equal values (v: k(k-1)(2k+5), a: k(k-1), b: k(k-1)(k-2)).
        var valueV = 0.0, valueA = 0.0, valueB = 0.0
        var timeV = 0.0, timeA = 0.0, timeB = 0.0
        for i in 0..<size where times[i].isFinite && values[i].isFinite {
            var valueIsFirst = true
            var timeIsFirst = true
            var valueGroup = 1.0
            var timeGroup = 1.0
            for j in 0..<size where j != i && times[j].isFinite && values[j].isFinite {
                if j < i {
                    if values[j] == values[i] { valueIsFirst = false }
                    if times[j] == times[i] { timeIsFirst = false }
                } else {
                    s += sign(times[j] - times[i]) * sign(values[j] - values[i])
                    if values[j] == values[i] { valueGroup += 1 }
                    if times[j] == times[i] { timeGroup += 1 }
                }
            }
            if valueIsFirst {
                valueV += valueGroup * (valueGroup - 1) * (2 * valueGroup + 5)
                valueA += valueGroup * (valueGroup - 1)
                valueB += valueGroup * (valueGroup - 1) * (valueGroup - 2)
            }
            if timeIsFirst {
                timeV += timeGroup * (timeGroup - 1) * (2 * timeGroup + 5)
                timeA += timeGroup * (timeGroup - 1)
                timeB += timeGroup * (timeGroup - 1) * (timeGroup - 2)
            }
        }
        let nd = Double(n)
        var variance = (nd * (nd - 1) * (2 * nd + 5) - valueV) / 18
        if timeV > 0 {
            variance = (nd * (nd - 1) * (2 * nd + 5) - timeV - valueV) / 18 + timeA * valueA / (2 * nd * (nd - 1))
            if n > 2 { variance += timeB * valueB / (9 * nd * (nd - 1) * (nd - 2)) }
            notes.append("tied times: pairs at equal times count 0 and Var(S) corrects for ties in both time and value")
        }
        let tau = s / (0.5 * nd * (nd - 1))
        var z: Double?
        if s == 0 {
            z = 0
        } else if variance > 0 {
            z = (s > 0 ? s - 1 : s + 1) / variance.squareRoot()
        }
        if variance == 0 { notes.append("all values are equal: Var(S) = 0") }
        let p = z.map { 2 * NormalDistribution.standardCDF(-abs($0)) }
        return MannKendallResult(method: method, variant: .original, status: z == nil ? .estimatesOnly : .ok, count: n,
                                 missingCount: missing, infiniteCount: infinite, s: s, varianceOfS: variance, z: z,
                                 pValue: p, tau: tau, varianceCorrectionFactor: nil, lag1Autocorrelation: nil,
                                 notes: notes)
    }

    private static func sign(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : 0) }

    private static func isEquallySpaced(_ times: [Double]) -> Bool {
        guard times.count > 2 else { return true }
        let step = times[1] - times[0]
        for i in 2..<times.count where abs((times[i] - times[i - 1]) - step) > 1e-9 * max(abs(step), 1e-300) {
            return false
        }
        return step != 0
    }

    /// Autocorrelations r_0...r_maximumLag with divisor n (as statsmodels acf and pymannkendall):
    /// r_k = sum (x_i - m)(x_{i+k} - m) / sum (x_i - m)^2. nil for a constant series.
    static func autocorrelations(_ x: [Double], maximumLag: Int) -> [Double]? {
        let n = x.count
        var mean = 0.0
        for v in x { mean += v }
        mean /= Double(n)
        let centred = x.map { $0 - mean }
        var c0 = 0.0
        for v in centred { c0 += v * v }
        guard c0 > 0 else { return nil }
        var result = [Double](repeating: 0, count: maximumLag + 1)
        result[0] = 1
        if maximumLag >= 1 {
            for k in 1...maximumLag where k < n {
                var sum = 0.0
                for i in 0..<(n - k) { sum += centred[i] * centred[i + k] }
                result[k] = sum / c0
            }
        }
        return result
    }

    /// Ranks 1...n with ties given their average rank (scipy.stats.rankdata "average").
    static func averageRanks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var ranks = [Double](repeating: 0, count: x.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && x[order[end + 1]] == x[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = rank }
            start = end + 1
        }
        return ranks
    }

    /// Var(S) with ties in both variables (Kendall 1975, eq. 4.4):
    /// [v0 - vt - vu] / 18 + v1 / (2n(n-1)) + v2 / (9n(n-1)(n-2)).
    private static func kendallVarianceWithTies(times: [Double], values: [Double]) -> Double {
        let n = Double(times.count)
        func groupSums(_ x: [Double]) -> (v: Double, a: Double, b: Double) {
            var v = 0.0, a = 0.0, b = 0.0
            for i in x.indices {
                var isFirst = true
                for j in 0..<i where x[j] == x[i] { isFirst = false; break }
                if !isFirst { continue }
                var k = 0.0
                for j in i..<x.count where x[j] == x[i] { k += 1 }
                v += k * (k - 1) * (2 * k + 5)
                a += k * (k - 1)
                b += k * (k - 1) * (k - 2)
            }
            return (v, a, b)
        }
        let t = groupSums(times)
        let u = groupSums(values)
        var variance = (n * (n - 1) * (2 * n + 5) - t.v - u.v) / 18
        variance += t.a * u.a / (2 * n * (n - 1))
        if n > 2 { variance += t.b * u.b / (9 * n * (n - 1) * (n - 2)) }
        return variance
    }
}
