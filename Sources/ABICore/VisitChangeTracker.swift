/// Visit-to-visit ABI change per subject: |delta ABI| >= 0.15 is clinically significant
/// (CLINICAL.md; configurable; Doppler minimal detectable change is 0.08-0.11, oscillometric
/// about 0.20). Deltas are on the reported 2-decimal values.
///
/// Rows may arrive in any order; the tracker never guesses silently:
/// - a visit is compared with the latest visit of the same subject dated strictly earlier and
///   having an ABI, among the visits seen so far;
/// - a date earlier than one already seen for the subject is reported as
///   `.visitDateOutOfOrder` (a later-dated visit seen before was compared without it);
/// - a second visit on a date already seen is reported as `.duplicateVisitDate` and compared
///   with the earlier-dated visit, like the first;
/// - a visit without an ABI is remembered (for the date checks) but never a baseline.
///
/// Memory grows with the number of visits kept (two words each per subject).
public struct VisitChangeTracker: Sendable {
    /// The inclusive threshold, in hundredths.
    public let thresholdHundredths: Int
    private var visitsBySubject: [String: [Visit]] = [:]

    private struct Visit: Sendable {
        let date: VisitDate
        let abi: Int?
    }

    /// A tracker with the given inclusive threshold (default 15 hundredths = 0.15).
    public init(thresholdHundredths: Int = 15) {
        precondition(thresholdHundredths >= 0, "threshold must be non-negative")
        self.thresholdHundredths = thresholdHundredths
    }

    /// A tracker using `options.significantChangeHundredths`.
    public init(options: ScoringOptions) {
        self.init(thresholdHundredths: options.significantChangeHundredths)
    }

    /// Records a visit and returns its change against the subject's previous visit.
    public mutating func observe(subject: String, date: VisitDate, abi: Int?) -> VisitChange {
        var visits = visitsBySubject.removeValue(forKey: subject) ?? []
        var issue: ScoringIssueKind?
        if visits.contains(where: { $0.date == date }) {
            issue = .duplicateVisitDate
        } else if let latest = visits.last, date < latest.date {
            issue = .visitDateOutOfOrder
        }
        // `visits` is kept sorted by date; insert after any visit on the same date.
        let insertionIndex = visits.firstIndex(where: { $0.date > date }) ?? visits.endIndex
        let previous = visits[..<insertionIndex].last(where: { $0.date < date && $0.abi != nil })
        visits.insert(Visit(date: date, abi: abi), at: insertionIndex)
        visitsBySubject[subject] = visits

        var delta: Int?
        if let abi, let previousABI = previous?.abi { delta = abi - previousABI }
        let significant = delta.map { $0.magnitude >= thresholdHundredths.magnitude } ?? false
        return VisitChange(previousDate: previous?.date, previousABI: previous?.abi, deltaHundredths: delta,
                           isSignificant: significant, issue: issue)
    }

    /// Number of subjects seen.
    public var subjectCount: Int { visitsBySubject.count }
}
