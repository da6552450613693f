/// Empirical ROC curve of a continuous index where LOW values indicate disease (an ABI).
public struct ROCResult: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        /// Positive when index <= threshold.
        public let threshold: Double
        public let sensitivity: Double
        public let specificity: Double
    }
    public let caseCount: Int
    public let controlCount: Int
    /// P(case < control) + P(tie) / 2 (Mann-Whitney).
    public let auc: Double
    /// DeLong, DeLong & Clarke-Pearson (Biometrics 1988;44:837-845) standard error (NaN with a
    /// single case or control).
    public let standardError: Double
    /// auc -+ z SE, clipped to [0, 1] as pROC `ci.auc(method = "delong")` does; nil with a
    /// single case or a single control (the DeLong variance needs two of each).
    public let interval: ConfidenceInterval?
    /// The threshold maximising sensitivity + specificity (Youden's J); the lowest of tied ones.
    public let youdenThreshold: Double
    public let youdenSensitivity: Double
    public let youdenSpecificity: Double
    /// How many thresholds share the maximum J.
    public let youdenTies: Int
    /// Every threshold of pROC's curve: -inf, the midpoints between consecutive distinct values, +inf.
    public let points: [Point]
    public let method: String
}

public enum ROCCurve {
    /// AUC, DeLong interval, Youden-optimal cut-off and the curve points, with pROC's conventions
    /// for `roc(response, predictor, direction = ">")` (controls > threshold >= cases).
    /// Non-finite index values are left out. Nil without at least one case and one control.
    public static func analyse(index: [Double], isCase: [Bool], level: Double = 0.95) -> ROCResult? {
        precondition(index.count == isCase.count, "index and isCase differ in length")
        var cases: [Double] = [], controls: [Double] = []
        for i in index.indices where index[i].isFinite { if isCase[i] { cases.append(index[i]) } else { controls.append(index[i]) } }
        let m = cases.count, n = controls.count
        guard m >= 1, n >= 1 else { return nil }
        let sortedCases = cases.sorted(), sortedControls = controls.sorted()
        // Counts of values below / at v in a sorted array.
        func below(_ a: [Double], _ v: Double) -> Int {
            var lo = 0, hi = a.count
            while lo < hi { let mid = (lo + hi) / 2; if a[mid] < v { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        func atOrBelow(_ a: [Double], _ v: Double) -> Int {
            var lo = 0, hi = a.count
            while lo < hi { let mid = (lo + hi) / 2; if a[mid] <= v { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        // Case c scores 1 against each control above it, 1/2 against each tie.
        let v10 = cases.map { c -> Double in
            let above = n - atOrBelow(sortedControls, c)
            let ties = atOrBelow(sortedControls, c) - below(sortedControls, c)
            return (Double(above) + 0.5 * Double(ties)) / Double(n)
        }
        let v01 = controls.map { h -> Double in
            let lower = below(sortedCases, h)
            let ties = atOrBelow(sortedCases, h) - lower
            return (Double(lower) + 0.5 * Double(ties)) / Double(m)
        }
        let auc = v10.reduce(0, +) / Double(m)
        func variance(_ v: [Double]) -> Double {
            guard v.count > 1 else { return .nan }
            let mean = v.reduce(0, +) / Double(v.count)
            return v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
        }
        let se = (variance(v10) / Double(m) + variance(v01) / Double(n)).squareRoot()
        let z = NormalDistribution().quantile((1 + level) / 2)
        let interval = se.isFinite ? ConfidenceInterval(lower: max(0, auc - z * se), upper: min(1, auc + z * se), level: level) : nil
        var distinct: [Double] = []
        for v in (cases + controls).sorted() where distinct.last != v { distinct.append(v) }
        var thresholds: [Double] = [-.infinity]
        for i in 0..<(distinct.count - 1) { thresholds.append((distinct[i] + distinct[i + 1]) / 2) }
        thresholds.append(.infinity)
        var points: [ROCResult.Point] = []
        var best = -Double.infinity, bestIndex = 0, ties = 0
        for t in thresholds {
            let sens = Double(atOrBelow(sortedCases, t)) / Double(m)
            let spec = Double(n - atOrBelow(sortedControls, t)) / Double(n)
            points.append(.init(threshold: t, sensitivity: sens, specificity: spec))
            let j = sens + spec
            if j > best { best = j; bestIndex = points.count - 1; ties = 1 } else if j == best { ties += 1 }
        }
        return ROCResult(caseCount: m, controlCount: n, auc: auc, standardError: se, interval: interval,
                         youdenThreshold: points[bestIndex].threshold, youdenSensitivity: points[bestIndex].sensitivity,
                         youdenSpecificity: points[bestIndex].specificity, youdenTies: ties, points: points,
                         method: "empirical ROC (pROC direction '>'); AUC by Mann-Whitney; DeLong 1988 variance")
    }
}
