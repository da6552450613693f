/// The toe-brachial index at or below which a toe is abnormal. Applied to the 2-decimal value.
public enum TBICutoff: String, Sendable, Equatable, StableCoded {
    /// TBI <= 0.70 (AHA/ACC 2016 Gerhard-Herman; ACC/AHA 2024 Gornik). The default.
    case atOrBelow070 = "le-0.70"
    /// TBI < 0.70 (ESC 2024 wording).
    case below070 = "lt-0.70"

    /// True when a TBI of `hundredths` is abnormal under this cut-off.
    @inlinable
    public func isAbnormal(_ hundredths: Int) -> Bool {
        self == .atOrBelow070 ? hundredths <= 70 : hundredths < 70
    }
}
