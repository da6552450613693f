/// Overall status of a scored row: the worst issue severity.
public enum ScoreStatus: String, Sendable, Equatable, CaseIterable {
    case ok = "ok"
    case warning = "warning"
    case error = "error"

    /// Stable code for reports.
    public var code: String { rawValue }
}
