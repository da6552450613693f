/// One cell's reading at one site, with its status read from the cell, never inferred
/// (docs/clinical-rules.md "Inputs per visit"; Aboyans 2012 AHA statement on ABI measurement).
/// Blank is never turned into 0, and 0 is never turned into blank.
public enum PressureReading: Sendable, Equatable {
    /// A systolic pressure in mmHg, `0 < value <= 300`.
    case measured(ExactDecimal)
    /// Nothing recorded: blank, `NA`, `N/A`, `NaN`, `.`, `not measured`.
    case notMeasured
    /// Doppler found no flow: `0` (any zero such as `0.0`), `absent`, `absent signal`,
    /// `no signal`, `nosignal`, `no flow`. A real, severe finding (counts as 0 mmHg).
    case absentSignal
    /// The cuff could not occlude the artery (device ceiling): `NC`, `>N` such as `>255`,
    /// `noncompressible`, `non-compressible`, `non compressible`, `incompressible`.
    case noncompressible
    /// Not a valid pressure; a validation error.
    case invalid(InvalidPressureReason)
}
