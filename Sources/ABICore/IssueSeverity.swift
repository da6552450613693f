/// Severity of a `ScoringIssue`.
public enum IssueSeverity: String, Sendable, Equatable, StableCoded {
    /// The row is kept, but a result it needs is missing or unusable (docs/clinical-rules.md validation).
    case error = "error"
    /// The results stand but deserve a look.
    case warning = "warning"
}
