/// How one visit's ABI compares with the subject's previous visit (see `VisitChangeTracker`).
public struct VisitChange: Sendable, Equatable {
    /// Date of the visit compared against, if any.
    public let previousDate: VisitDate?
    /// That visit's ABI in hundredths.
    public let previousABI: Int?
    /// This ABI minus the previous one, in hundredths; nil without both values.
    public let deltaHundredths: Int?
    /// |delta| >= the threshold (inclusive: 0.15 counts at the default; docs/clinical-rules.md).
    public let isSignificant: Bool
    /// `.visitDateOutOfOrder` or `.duplicateVisitDate` (warnings), or nil.
    public let issue: ScoringIssueKind?

    /// Creates a change.
    public init(previousDate: VisitDate?, previousABI: Int?, deltaHundredths: Int?, isSignificant: Bool,
                issue: ScoringIssueKind?) {
        self.previousDate = previousDate
        self.previousABI = previousABI
        self.deltaHundredths = deltaHundredths
        self.isSignificant = isSignificant
        self.issue = issue
    }
}
