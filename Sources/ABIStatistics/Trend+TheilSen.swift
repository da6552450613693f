extension Trend {
    /// The Theil (1950) - Sen (1968) slope on the real time axis with Sen's confidence interval.
    ///
    /// Slopes over all pairs with different times (pairs at equal times are skipped); median by
    /// sorting; intercept median(y) - slope * median(t). Matches scipy.stats.theilslopes
    /// (method "separate") including its interval. NaN/infinite pairs are left out and counted.
    /// Fewer than 2 usable observations: `insufficientData`; all times equal: `constantTime`.
    /// - Precondition: equal lengths.
    public static func theilSen(times: [Double], values: [Double]) -> TheilSenResult {
        precondition(times.count == values.count, "times and values differ in length")
        let method = "Theil-Sen median of pairwise slopes, Sen (1968) interval"
        var missing = 0
        var infinite = 0
        for (t, y) in zip(times, values) {
            if t.isNaN || y.isNaN { missing += 1 } else if t.isInfinite || y.isInfinite { infinite += 1 }
        }
        // Copy only when something must be left out.
        let usedTimes: [Double]
        let usedValues: [Double]
        if missing + infinite == 0 {
            usedTimes = times
            usedValues = values
        } else {
            let keep = times.indices.filter { times[$0].isFinite && values[$0].isFinite }
            usedTimes = keep.map { times[$0] }
            usedValues = keep.map { values[$0] }
        }
        var notes: [String] = []
        if missing > 0 { notes.append("\(missing) pair(s) with a missing (NaN) time or value left out") }
        if infinite > 0 { notes.append("\(infinite) pair(s) with an infinite time or value left out") }
        let n = usedTimes.count
        var slopes: [Double] = []
        slopes.reserveCapacity(n * max(n - 1, 0) / 2)
        for i in 0..<n {
            for j in 0..<n where usedTimes[j] > usedTimes[i] {
                slopes.append((usedValues[j] - usedValues[i]) / (usedTimes[j] - usedTimes[i]))
            }
        }
        slopes.sort()
        let variance = (Double(n) * Double(n - 1) * Double(2 * n + 5)
            - tieTerm(usedTimes) - tieTerm(usedValues)) / 18
        func result(_ status: TrendStatus, slope: Double?, intercept: Double?, joint: Double?) -> TheilSenResult {
            TheilSenResult(method: method, status: status, count: n, missingCount: missing, infiniteCount: infinite,
                           slope: slope, intercept: intercept, jointIntercept: joint, sortedSlopes: slopes,
                           varianceOfS: variance, notes: notes)
        }
        if n < 2 {
            notes.append("fewer than 2 usable observations: no slope")
            return result(.insufficientData, slope: nil, intercept: nil, joint: nil)
        }
        if slopes.isEmpty {
            notes.append("all usable times are equal: no slope")
            return result(.constantTime, slope: nil, intercept: nil, joint: nil)
        }
        let slope = slopes.withUnsafeBufferPointer { median(sorted: $0) }
        // Medians in a scratch buffer (on the stack for short series).
        let (medianTime, medianValue, joint) = withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { scratch in
            func medianOf(_ fill: (Int) -> Double) -> Double {
                var buffer = scratch
                for i in 0..<n { buffer[i] = fill(i) }
                buffer.sort()
                return median(sorted: UnsafeBufferPointer(buffer))
            }
            return (medianOf { usedTimes[$0] }, medianOf { usedValues[$0] },
                    medianOf { usedValues[$0] - slope * usedTimes[$0] })
        }
        if n < 3 { notes.append("two observations: the slope is the single pairwise slope") }
        return result(.ok, slope: slope, intercept: medianValue - slope * medianTime, joint: joint)
    }

    /// Median of ascending, non-empty values (mean of the middle two for even counts).
    static func median(sorted: UnsafeBufferPointer<Double>) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// sum over groups of equal values of k(k-1)(2k+5), without allocating.
    static func tieTerm(_ values: [Double]) -> Double {
        var total = 0.0
        for i in values.indices {
            var isFirst = true
            for j in 0..<i where values[j] == values[i] { isFirst = false; break }
            if !isFirst { continue }
            var k = 0.0
            for j in i..<values.count where values[j] == values[i] { k += 1 }
            total += k * (k - 1) * (2 * k + 5)
        }
        return total
    }
}
