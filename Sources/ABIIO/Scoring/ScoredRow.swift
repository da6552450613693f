import ABICore

/// One input record after scoring, kept compact (about 100 bytes) between scoring and writing:
/// only what the output row, the visit-change pass and the summary need.
struct ScoredRow: Sendable {
    /// Hundredths; `ScoredRow.none` when there is no value.
    static let none = Int32.min

    var line: Int
    var abiLeft = none, abiRight = none, abi = none
    var tbiLeft = none, tbiRight = none
    var exerciseLeft = none, exerciseRight = none
    /// Inter-arm difference rounded half up to hundredths of mmHg.
    var interArmDifference = none
    /// Change from the subject's previous visit, hundredths.
    var change = none
    var flags: ScoreFlags = []
    var category: ABICategory?
    var severity: PADSeverity?
    var wifiGrade: WIfIIschemiaGrade?
    var method: MeasurementMethod?
    var changeIsSignificant = false
    /// Problems with places; empty (no allocation) for clean rows.
    var diagnostics: [RowDiagnostic] = []
    var subject: String?
    /// Hash of the subject text; chooses the visit-change shard.
    var subjectHash: UInt64 = 0
    var date: VisitDate?
    var dateColumn = 0
    /// Diagnostics before the visit-change ones (so the change can be recomputed).
    var baseDiagnosticCount = 0
    /// In the chunk's output: where the change-dependent cells begin and where the row ends.
    var trailingStart: Int32 = 0
    var rowEnd: Int32 = 0

    init(line: Int, score: VisitScore) {
        self.line = line
        abiLeft = Self.pack(score.abiLeft)
        abiRight = Self.pack(score.abiRight)
        abi = Self.pack(score.abi)
        tbiLeft = Self.pack(score.tbiLeft)
        tbiRight = Self.pack(score.tbiRight)
        exerciseLeft = Self.pack(score.left.exercise?.postExerciseABI)
        exerciseRight = Self.pack(score.right.exercise?.postExerciseABI)
        if let difference = score.interArmDifference?.rounded(toPlaces: 2), let nano = difference.nanounits {
            interArmDifference = Int32(clamping: nano / 10_000_000)
        }
        flags = score.flags
        category = score.category
        severity = score.severity
        wifiGrade = score.wifiIschemiaGrade
    }

    static func pack(_ value: Int?) -> Int32 { value.map { Int32(clamping: $0) } ?? none }
    static func unpack(_ value: Int32) -> Int? { value == none ? nil : Int(value) }

    /// ok / warning / error over every diagnostic (the score's own issues are among them).
    var status: ScoreStatus {
        var status = ScoreStatus.ok
        for diagnostic in diagnostics {
            if diagnostic.severity == .error { return .error }
            status = .warning
        }
        return status
    }
}
