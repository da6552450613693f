import ABICore

/// One input record after scoring, before its output row is written.
struct ScoredRow: Sendable {
    var line: Int
    var score: VisitScore
    /// Problems with places; empty (no allocation) for clean rows.
    var diagnostics: [RowDiagnostic]
    var subject: String?
    var date: VisitDate?
    var dateColumn: Int
    var method: MeasurementMethod?
    var change: VisitChange?

    /// ok / warning / error over the score and every diagnostic.
    var status: ScoreStatus {
        var status = ScoreStatus.ok
        for diagnostic in diagnostics {
            if diagnostic.severity == .error { return .error }
            status = .warning
        }
        return status
    }
}
