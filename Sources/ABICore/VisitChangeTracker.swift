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
/// Memory grows with the number of visits kept (eight bytes each, plus one array per subject).
public struct VisitChangeTracker: Sendable {
    /// The inclusive threshold, in hundredths.
    public let thresholdHundredths: Int
    private var visitsBySubject: [SubjectKey: [Visit]] = [:]

    /// A subject with its hash computed once by the caller (e.g. while parsing, on another
    /// thread): lookups hash 8 bytes instead of the subject's text; equality still compares text.
    public struct SubjectKey: Hashable, Sendable {
        public let subject: String
        public let precomputedHash: UInt64

        /// `precomputedHash` must be a function of `subject` alone (equal subjects, equal hashes).
        public init(subject: String, precomputedHash: UInt64) {
            self.subject = subject
            self.precomputedHash = precomputedHash
        }

        public init(_ subject: String) {
            var hasher = Hasher()
            hasher.combine(subject)
            self.init(subject: subject, precomputedHash: UInt64(bitPattern: Int64(hasher.finalize())))
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(precomputedHash) }

        public static func == (lhs: SubjectKey, rhs: SubjectKey) -> Bool {
            lhs.precomputedHash == rhs.precomputedHash && lhs.subject == rhs.subject
        }
    }

    /// Eight bytes a visit: the date packed as yyyymmdd (ordered like the date) and the ABI in
    /// hundredths, `Int32.min` when the visit has none.
    private struct Visit: Sendable {
        let packedDate: Int32
        let abi: Int32

        init(date: VisitDate, abi: Int?) {
            packedDate = Int32(date.year * 10_000 + date.month * 100 + date.day)
            self.abi = abi.map { Int32(clamping: $0) } ?? Int32.min
        }

        var hasABI: Bool { abi != Int32.min }
        var date: VisitDate? {
            let value = Int(packedDate)
            return VisitDate(year: value / 10_000, month: value / 100 % 100, day: value % 100)
        }
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
        observe(subject: SubjectKey(subject), date: date, abi: abi)
    }

    /// Records a visit of a subject whose hash is already known.
    public mutating func observe(subject: SubjectKey, date: VisitDate, abi: Int?) -> VisitChange {
        let visit = Visit(date: date, abi: abi)
        // Mutate the subject's visits in place: one hash lookup, no copy of the array.
        let (issue, previous) = Self.record(visit, in: &visitsBySubject[subject, default: []])
        var delta: Int?
        if let abi, let previous { delta = abi - Int(previous.abi) }
        let significant = delta.map { $0.magnitude >= thresholdHundredths.magnitude } ?? false
        return VisitChange(previousDate: previous?.date, previousABI: previous.map { Int($0.abi) }, deltaHundredths: delta,
                           isSignificant: significant, issue: issue)
    }

    /// Inserts `visit` into the date-sorted `visits` and returns the date issue and the baseline.
    private static func record(_ visit: Visit, in visits: inout [Visit]) -> (ScoringIssueKind?, Visit?) {
        var issue: ScoringIssueKind?
        if let latest = visits.last, visit.packedDate <= latest.packedDate {
            issue = visits.contains(where: { $0.packedDate == visit.packedDate }) ? .duplicateVisitDate : .visitDateOutOfOrder
        }
        // Kept sorted by date; a visit goes after any visit on the same date.
        var insertionIndex = visits.endIndex
        while insertionIndex > visits.startIndex && visits[insertionIndex - 1].packedDate > visit.packedDate {
            insertionIndex -= 1
        }
        var previous: Visit?
        var index = insertionIndex
        while index > visits.startIndex {
            index -= 1
            let candidate = visits[index]
            if candidate.packedDate < visit.packedDate && candidate.hasABI { previous = candidate; break }
        }
        if insertionIndex == visits.endIndex {
            visits.append(visit)  // the usual case: visits arrive in date order
        } else {
            visits.insert(visit, at: insertionIndex)
        }
        return (issue, previous)
    }

    /// Number of subjects seen.
    public var subjectCount: Int { visitsBySubject.count }
}
