/// Overall status of a scored row: the worst issue severity.
public enum ScoreStatus: String, Sendable, Equatable, StableCoded {
    case ok = "ok"
    case warning = "warning"
    case error = "error"
}
