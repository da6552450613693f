import ABICore
import ABIIO

/// One input record after scoring: plain values only (no references, so rows copy and free as
/// bytes), kept between scoring and writing for what the output row, the visit-change pass and the
/// summary need. The row's text lives in its chunk: diagnostics in ``ScoreEngine/ScoredChunk``'s
/// list, the subject in the chunk's bytes.
struct ScoredRow: Sendable {
    /// Hundredths; `ScoredRow.none` when there is no value.
    static let none = Int32.min

    // Stored properties widest first (8-byte, then 4-byte, then 1-byte): about 100 bytes a row
    // instead of 180, so a chunk's rows take half the memory and copy in half the time.
    var line: Int
    var flags: ScoreFlags = []
    /// ``VisitChangeTracker/subjectHash(_:)`` of the subject.
    var subjectHash: UInt64 = 0
    var abiLeft = none, abiRight = none, abi = none
    var tbiLeft = none, tbiRight = none
    var exerciseLeft = none, exerciseRight = none
    /// Inter-arm difference rounded half up to hundredths of mmHg.
    var interArmDifference = none
    /// Change from the subject's previous visit, hundredths.
    var change = none
    /// The row's own diagnostics: `diagnostics[diagnosticStart..<diagnosticEnd]` of its chunk.
    var diagnosticStart: Int32 = 0
    var diagnosticEnd: Int32 = 0
    /// The visit date and the date of the visit compared with (for the change message), as
    /// yyyymmdd; 0 for none (see ``date`` and ``changePreviousDate``).
    var packedDate: Int32 = 0
    var packedPreviousDate: Int32 = 0
    /// The subject: `subjectLength` bytes at `subjectOffset` in the chunk's bytes, or, when the
    /// offset is negative, at `-1 - subjectOffset` in the chunk's subject arena (quoted cells are
    /// unescaped, so not in the chunk verbatim). Length -1: no subject. (Chunks and their arenas
    /// are far below 2 GiB: a record is at most `CSVReaderOptions.maximumRecordBytes`.)
    var storedSubjectOffset: Int32 = 0
    var storedSubjectLength: Int32 = -1
    /// Chunk offsets of the record and of its date cell: the date's column is worked out only when
    /// a visit-change message needs it.
    var storedRecordStart: Int32 = 0
    var storedDateCellStart: Int32 = -1
    /// In the chunk's output: where the change-dependent cells begin and where the row ends.
    var trailingStart: Int32 = 0
    var rowEnd: Int32 = 0
    var category: ABICategory?
    var severity: PADSeverity?
    var wifiGrade: WIfIIschemiaGrade?
    var method: MeasurementMethod?
    var changeIsSignificant = false
    /// ok / warning / error over the row's own diagnostics (visit change aside).
    var baseStatus = ScoreStatus.ok
    /// What the visit-change pass found (with ``changePreviousDate``, for its message).
    var changeIssue: ScoringIssueKind?

    var subjectOffset: Int {
        get { Int(storedSubjectOffset) }
        set { storedSubjectOffset = Int32(newValue) }
    }
    var subjectLength: Int {
        get { Int(storedSubjectLength) }
        set { storedSubjectLength = Int32(newValue) }
    }
    var recordStart: Int {
        get { Int(storedRecordStart) }
        set { storedRecordStart = Int32(newValue) }
    }
    var dateCellStart: Int {
        get { Int(storedDateCellStart) }
        set { storedDateCellStart = Int32(newValue) }
    }
    var date: VisitDate? {
        get { Self.unpackDate(packedDate) }
        set { packedDate = Self.packDate(newValue) }
    }
    var changePreviousDate: VisitDate? {
        get { Self.unpackDate(packedPreviousDate) }
        set { packedPreviousDate = Self.packDate(newValue) }
    }

    /// yyyymmdd (a ``VisitDate`` has a year of 1-9999), 0 for none.
    static func packDate(_ date: VisitDate?) -> Int32 {
        guard let date else { return 0 }
        return Int32(date.year * 10_000 + date.month * 100 + date.day)
    }

    static func unpackDate(_ packed: Int32) -> VisitDate? {
        guard packed != 0 else { return nil }
        let value = Int(packed)
        return VisitDate(year: value / 10_000, month: value / 100 % 100, day: value % 100)
    }

    /// A row that could not be scored (a ragged record): no results, only its diagnostics.
    init(unscoredLine line: Int) {
        self.line = line
    }

    /// Records the scores of the row's visit in this fresh row (``init(unscoredLine:)``), in place:
    /// a row built and returned was copied right after its fields were stored.
    @inline(__always)
    mutating func record(_ score: borrowing VisitScore) {
        abiLeft = Self.pack(score.abiLeft)
        abiRight = Self.pack(score.abiRight)
        abi = Self.pack(score.abi)
        tbiLeft = Self.pack(score.tbiLeft)
        tbiRight = Self.pack(score.tbiRight)
        exerciseLeft = Self.pack(score.left.exercise?.postExerciseABI)
        exerciseRight = Self.pack(score.right.exercise?.postExerciseABI)
        interArmDifference = Self.packHundredths(score.interArmDifference)
        flags = score.flags
        category = score.category
        severity = score.severity
        wifiGrade = score.wifiIschemiaGrade
    }

    /// Records the scores of a visit scored by the usual-visit shortcut in this fresh row: what
    /// `record(_:)` with a `VisitScore` makes of the `VisitScore` that `ABIScorer.score` gives the same
    /// visit (no TBI or exercise result there).
    @inline(__always)
    mutating func record(_ usual: ABIScorer.UsualVisitScore) {
        abiLeft = Self.pack(usual.left.abi)
        abiRight = Self.pack(usual.right.abi)
        abi = Self.pack(usual.abi)
        interArmDifference = Self.packHundredths(usual.interArmDifference)
        flags = usual.flags
        category = usual.category
        severity = usual.severity
        wifiGrade = usual.wifiIschemiaGrade
    }

    /// `value` in hundredths, rounded to two places, or ``none``.
    @inline(__always)
    static func packHundredths(_ value: ExactDecimal?) -> Int32 {
        guard let rounded = value?.rounded(toPlaces: 2), let nano = rounded.nanounits else { return none }
        return Int32(clamping: nano / 10_000_000)
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
