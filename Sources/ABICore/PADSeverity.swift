/// Severity of an abnormal ABI under a `SeverityScheme` (a convention, not a guideline).
public enum PADSeverity: String, Sendable, Equatable, CaseIterable {
    case mild = "mild"
    case moderate = "moderate"
    /// The single band above the split of `SeverityScheme.split050`.
    case mildToModerate = "mild_to_moderate"
    case severe = "severe"

    /// Stable code for reports.
    public var code: String { rawValue }
}
