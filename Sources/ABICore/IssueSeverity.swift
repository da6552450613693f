/// Severity of a `ScoringIssue`.
public enum IssueSeverity: String, Sendable, Equatable, CaseIterable {
    /// The row is kept, but a result it needs is missing or unusable (CLINICAL.md validation).
    case error = "error"
    /// The results stand but deserve a look.
    case warning = "warning"

    /// Stable code for reports.
    public var code: String { rawValue }
}
