import ABICore

/// One input record after scoring: plain values only (no references, so rows copy and free as
/// bytes), kept between scoring and writing for what the output row, the visit-change pass and the
/// summary need. The row's text lives in its chunk: diagnostics in ``ScoreEngine/ScoredChunk``'s
/// list, the subject in the chunk's bytes.
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
    /// ok / warning / error over the row's own diagnostics (visit change aside).
    var baseStatus = ScoreStatus.ok
    /// The row's own diagnostics: `diagnostics[diagnosticStart..<diagnosticEnd]` of its chunk.
    var diagnosticStart: Int32 = 0
    var diagnosticEnd: Int32 = 0
    /// What the visit-change pass found, and the date of the visit compared with, for its message.
    var changeIssue: ScoringIssueKind?
    var changePreviousDate: VisitDate?
    /// The subject: `subjectLength` bytes at `subjectOffset` in the chunk's bytes, or, when the
    /// offset is negative, at `-1 - subjectOffset` in the chunk's subject arena (quoted cells are
    /// unescaped, so not in the chunk verbatim). Length -1: no subject.
    var subjectOffset = 0
    var subjectLength = -1
    /// ``VisitChangeTracker/subjectHash(_:)`` of the subject.
    var subjectHash: UInt64 = 0
    var date: VisitDate?
    /// Chunk offsets of the record and of its date cell: the date's column is worked out only when
    /// a visit-change message needs it.
    var recordStart = 0
    var dateCellStart = -1
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

    var hasSubject: Bool { subjectLength >= 0 }
    var hasDiagnostics: Bool { diagnosticEnd > diagnosticStart || changeIssue != nil }

    /// ok / warning / error over every diagnostic (the score's own issues are among them).
    var status: ScoreStatus {
        guard let changeIssue, baseStatus != .error else { return baseStatus }
        return changeIssue.severity == .error ? .error : .warning
    }
}
