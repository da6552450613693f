/// Whether a trend fit produced a usable result, and if not, why. Details are in the
/// result's `notes`.
public enum TrendStatus: String, Sendable, Equatable, Hashable {
    /// Estimates and inference are available.
    case ok
    /// Too few usable observations for the estimate (for example fewer than 2 for a slope).
    case insufficientData
    /// All usable times are equal, so no slope can be estimated.
    case constantTime
    /// Estimates are available but inference is not (no residual degrees of freedom, or a test
    /// whose variance correction is invalid).
    case estimatesOnly
}
