/// Severity of an abnormal ABI under a `SeverityScheme` (a convention, not a guideline).
public enum PADSeverity: String, Sendable, Equatable, StableCoded {
    case mild = "mild"
    case moderate = "moderate"
    /// The single band above the split of `SeverityScheme.split050`.
    case mildToModerate = "mild_to_moderate"
    case severe = "severe"
}
