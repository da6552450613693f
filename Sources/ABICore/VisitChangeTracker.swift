/// Visit-to-visit ABI change per subject: |delta ABI| >= 0.15 is clinically significant
/// (CLINICAL.md; configurable; Doppler minimal detectable change is 0.08-0.11, oscillometric
/// about 0.20). Deltas are on the reported 2-decimal values.
///
/// Memory is constant per subject (a few words), whatever the number of visits, so a file of
/// any length streams in memory bounded by its number of subjects. The tracker never guesses:
/// - a visit is compared with the subject's latest earlier-dated visit that has an ABI (on that
///   date, the last one seen);
/// - a second visit on the latest date is reported as `.duplicateVisitDate` and compared with the
///   latest visit dated before it, like the first;
/// - a visit dated before the subject's latest visit (unsorted rows) is reported as
///   `.visitDateOutOfOrder` and gets no change: which visit came before it cannot be known without
///   keeping every visit, so the caller is asked to sort by subject and date instead;
/// - a visit without an ABI is remembered for the date checks but is never a baseline.
public struct VisitChangeTracker: Sendable {
    /// The inclusive threshold, in hundredths.
    public let thresholdHundredths: Int
    private var subjects: [SubjectKey: SubjectState] = [:]

    /// What one subject needs: its latest date, the last ABI on that date, and the latest visit
    /// with an ABI dated before it. Dates packed as yyyymmdd (ordered like the dates); `none` =
    /// no such visit or no ABI.
    private struct SubjectState: Sendable {
        static let none = Int32.min
        var latestDate: Int32
        var latestDateABI: Int32
        var baselineDate: Int32 = none
        var baselineABI: Int32 = none
    }

    private static func pack(_ date: VisitDate) -> Int32 { Int32(date.year * 10_000 + date.month * 100 + date.day) }

    private static func unpack(_ packed: Int32) -> VisitDate? {
        guard packed != SubjectState.none else { return nil }
        let value = Int(packed)
        return VisitDate(year: value / 10_000, month: value / 100 % 100, day: value % 100)
    }

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
        let packedDate = Self.pack(date)
        let packedABI = abi.map { Int32(clamping: $0) } ?? SubjectState.none
        // One hash lookup; the state is updated in place.
        return Self.record(date: packedDate, abi: packedABI, in: &subjects[subject],
                           threshold: thresholdHundredths)
    }

    private static func record(date: Int32, abi: Int32, in state: inout SubjectState?, threshold: Int) -> VisitChange {
        guard var current = state else {
            state = SubjectState(latestDate: date, latestDateABI: abi)
            return VisitChange(previousDate: nil, previousABI: nil, deltaHundredths: nil, isSignificant: false, issue: nil)
        }
        let issue: ScoringIssueKind?
        let previousDate: Int32, previousABI: Int32
        if date > current.latestDate {
            issue = nil
            if current.latestDateABI != SubjectState.none {
                (previousDate, previousABI) = (current.latestDate, current.latestDateABI)
            } else {
                (previousDate, previousABI) = (current.baselineDate, current.baselineABI)
            }
            current = SubjectState(latestDate: date, latestDateABI: abi, baselineDate: previousDate, baselineABI: previousABI)
        } else if date == current.latestDate {
            issue = .duplicateVisitDate
            (previousDate, previousABI) = (current.baselineDate, current.baselineABI)
            if abi != SubjectState.none { current.latestDateABI = abi }  // the last one seen on the date
        } else {
            state = current
            return VisitChange(previousDate: nil, previousABI: nil, deltaHundredths: nil, isSignificant: false,
                               issue: .visitDateOutOfOrder)
        }
        state = current
        let previous = previousABI == SubjectState.none ? nil : Int(previousABI)
        var delta: Int?
        if abi != SubjectState.none, let previous { delta = Int(abi) - previous }
        let significant = delta.map { $0.magnitude >= threshold.magnitude } ?? false
        return VisitChange(previousDate: previous == nil ? nil : unpack(previousDate), previousABI: previous,
                           deltaHundredths: delta, isSignificant: significant, issue: issue)
    }

    /// Number of subjects seen.
    public var subjectCount: Int { subjects.count }

    /// Takes over the subjects of `later` (a tracker that saw the rows following this tracker's)
    /// that this tracker has not seen, with the state `later` left them in, and returns the
    /// subjects both have seen: their rows in `later`'s part must be observed again by this
    /// tracker, because `later` compared them without this tracker's earlier visits.
    public mutating func absorbNewSubjects(from later: VisitChangeTracker) -> [SubjectKey] {
        var shared: [SubjectKey] = []
        subjects.reserveCapacity(subjects.count + later.subjects.count)
        for (subject, state) in later.subjects {
            if subjects[subject] == nil {
                subjects[subject] = state
            } else {
                shared.append(subject)
            }
        }
        return shared
    }
}
