/// The Illinois method (modified regula falsi; Dowell & Jarratt, BIT 1971;11:168-174): superlinear,
/// and the root stays bracketed at every step.
enum IllinoisRootFinder {
    /// Refines the bracket [low, high] of a root of `f`, whose values `fLow` and `fHigh` at the ends
    /// have opposite signs, until `isNarrow(low, high)` holds or `iterations` steps are taken.
    /// - Returns: a point where `f` is exactly 0 if one is met, otherwise the end with the smaller |f|.
    static func refine(low: Double, high: Double, fLow: Double, fHigh: Double, iterations: Int,
                       isNarrow: (Double, Double) -> Bool, _ f: (Double) -> Double) -> Double {
        var (low, high, fLow, fHigh) = (low, high, fLow, fHigh)
        var side = 0
        for _ in 0..<iterations {
            if isNarrow(low, high) { break }
            var mid = (low * fHigh - high * fLow) / (fHigh - fLow)
            if !(mid > low && mid < high) { mid = 0.5 * (low + high) }
            let fMid = f(mid)
            if fMid == 0 { return mid }
            if (fMid < 0) == (fLow < 0) {
                low = mid; fLow = fMid
                if side == -1 { fHigh *= 0.5 }
                side = -1
            } else {
                high = mid; fHigh = fMid
                if side == 1 { fLow *= 0.5 }
                side = 1
            }
        }
        return abs(fLow) < abs(fHigh) ? low : high
    }
}
