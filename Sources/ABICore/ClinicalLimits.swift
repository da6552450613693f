/// The plausibility limits of the readings (docs/clinical-rules.md, "Validation"), defined once and
/// used by the general scoring path and the usual-visit shortcut alike.
///
/// Sources: AHA/ACC 2016 and 2024 PAD guidelines and the ABI measurement statement (Aboyans et al.,
/// Circulation 2012;126:2890) for what a plausible reading is; the numbers are this project's
/// validation rules, not guideline cut-offs.
public enum ClinicalLimits {
    /// The highest valid systolic pressure: 300 mmHg (a cell above is invalid, not a warning).
    @inlinable public static var maximumPressureMillimetres: UInt64 { 300 }
    /// A brachial pressure below 70 mmHg warns (`brachial_out_of_range`).
    @inlinable public static var brachialLowMillimetres: UInt64 { 70 }
    /// A brachial pressure above 250 mmHg warns (`brachial_out_of_range`).
    @inlinable public static var brachialHighMillimetres: UInt64 { 250 }
    /// An ankle pressure of 1-39 mmHg (below 40) warns (`ankle_pressure_very_low`).
    @inlinable public static var ankleLowMillimetres: UInt64 { 40 }
    /// An ABI below 0.20 (from a found pulse) is likely a typo (`abi_implausible`), in hundredths.
    @inlinable public static var implausibleABIBelowHundredths: Int { 20 }
    /// An ABI above 2.50 is likely a typo (`abi_implausible`), in hundredths.
    @inlinable public static var implausibleABIAboveHundredths: Int { 250 }
}
