/// The ABI above which arteries are taken as noncompressible. Applied to the 2-decimal value.
public enum NoncompressibleThreshold: String, Sendable, Equatable, StableCoded {
    /// ABI > 1.40 (AHA/ACC 2016 Gerhard-Herman; ACC/AHA 2024 Gornik). The default.
    case above140 = "gt-1.40"
    /// ABI > 1.30, a legacy threshold found in older studies (docs/clinical-rules.md option).
    case above130 = "gt-1.30"

    /// The highest normal ABI, in hundredths.
    @inlinable
    public var highestNormalHundredths: Int { self == .above140 ? 140 : 130 }
}
