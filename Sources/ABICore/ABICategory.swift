/// ABI category of the 2-decimal value (AHA/ACC 2016 Gerhard-Herman; ACC/AHA 2024 Gornik):
/// noncompressible > 1.40, normal 1.00-1.40, borderline 0.91-0.99, abnormal <= 0.90; the
/// boundaries move with `PADCutoff` and `NoncompressibleThreshold`.
public enum ABICategory: String, Sendable, Equatable, StableCoded {
    case noncompressible = "noncompressible"
    case normal = "normal"
    case borderline = "borderline"
    case abnormal = "abnormal"

    /// The category of an ABI of `hundredths` (already rounded half up to 2 decimals).
    @inlinable @inline(__always)
    public init(hundredths: Int, cutoff: PADCutoff, noncompressibleAbove threshold: NoncompressibleThreshold) {
        if cutoff.isAbnormal(hundredths) {
            self = .abnormal
        } else if hundredths < 100 {
            self = .borderline
        } else if hundredths <= threshold.highestNormalHundredths {
            self = .normal
        } else {
            self = .noncompressible
        }
    }
}
