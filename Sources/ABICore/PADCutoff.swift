/// The ABI at or below which a leg is abnormal (PAD). Applied to the 2-decimal value.
public enum PADCutoff: String, Sendable, Equatable, StableCoded {
    /// ABI <= 0.90 is abnormal, 0.91-0.99 borderline (AHA/ACC 2016 Gerhard-Herman; ACC/AHA 2024
    /// Gornik). The default.
    case atOrBelow090 = "le-0.90"
    /// ABI < 0.90 is abnormal, 0.90-0.99 borderline (epidemiology convention of NHANES papers).
    case below090 = "lt-0.90"

    /// True when an ABI of `hundredths` is abnormal under this cut-off.
    @inlinable
    public func isAbnormal(_ hundredths: Int) -> Bool {
        self == .atOrBelow090 ? hundredths <= 90 : hundredths < 90
    }
}
