/// Visit-to-visit ABI change per subject: |delta ABI| >= 0.15 is clinically significant
/// (docs/clinical-rules.md; configurable; Doppler minimal detectable change is 0.08-0.11, oscillometric
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
    private var subjects = SubjectTable<PackedSubjectState>()
    /// What ``SubjectTable/touchHomeSlots(ofKeysIn:)`` read, kept so that its reads are made.
    private var touchedSlots: UInt32 = 0
    /// The exact state of the (in practice no) subjects whose ABI does not fit a packed word, by
    /// entry index.
    private var overflow: [Int: SubjectState] = [:]

    /// What one subject needs: its latest date, the last ABI on that date, and the latest visit
    /// with an ABI dated before it. Dates as codes (year - 1) * 372 + (month - 1) * 31 + (day - 1),
    /// ordered like the dates and at most 3,719,627 (22 bits); `none` = no such visit or no ABI.
    struct SubjectState: Sendable {
        static let none = Int32.min
        var latestDate: Int32
        var latestDateABI: Int32
        var baselineDate: Int32 = none
        var baselineABI: Int32 = none
    }

    @inline(__always)
    private static func pack(_ date: VisitDate) -> Int32 { Int32((date.year - 1) * 372 + (date.month - 1) * 31 + date.day - 1) }

    /// A subject's state in 8 bytes, what the table keeps (16 bytes unpacked: 8 MB more at a million
    /// subjects). Each word is a visit: bits 0-21 the date code (0x3FFFFF for none), bits 22-31 the ABI
    /// in hundredths (0-1021), 1023 for none, or 1022 when it does not fit: the exact state is then
    /// in the tracker's overflow table, so nothing is clamped.
    struct PackedSubjectState: Sendable {
        var latest: UInt32
        var baseline: UInt32

        static let noDate: UInt32 = 0x3F_FFFF
        static let noABI: UInt32 = 1023
        static let overflowABI: UInt32 = 1022

        /// The packed state, or nil when an ABI is outside 0...1021.
        @inline(__always)
        init?(_ state: SubjectState) {
            guard let latest = Self.word(date: state.latestDate, abi: state.latestDateABI),
                  let baseline = Self.word(date: state.baselineDate, abi: state.baselineABI) else { return nil }
            self.latest = latest
            self.baseline = baseline
        }

        /// The marker of a state kept in the overflow table.
        init(overflowMarkerFor state: SubjectState) {
            latest = Self.dateCode(state.latestDate) | Self.overflowABI << 22
            baseline = Self.noDate | Self.overflowABI << 22
        }

        var isOverflowMarker: Bool { latest >> 22 == Self.overflowABI }

        @inline(__always)
        var unpacked: SubjectState {
            SubjectState(latestDate: Self.date(latest), latestDateABI: Self.abi(latest),
                         baselineDate: Self.date(baseline), baselineABI: Self.abi(baseline))
        }

        @inline(__always)
        private static func dateCode(_ code: Int32) -> UInt32 { code == SubjectState.none ? noDate : UInt32(code) }

        @inline(__always)
        private static func word(date: Int32, abi: Int32) -> UInt32? {
            let abiField: UInt32
            if abi == SubjectState.none {
                abiField = noABI
            } else if abi >= 0 && abi < Int32(overflowABI) {
                abiField = UInt32(abi)
            } else {
                return nil
            }
            return dateCode(date) | abiField << 22
        }

        @inline(__always)
        private static func date(_ word: UInt32) -> Int32 {
            let code = word & noDate
            return code == noDate ? SubjectState.none : Int32(code)
        }

        @inline(__always)
        private static func abi(_ word: UInt32) -> Int32 {
            let field = word >> 22
            return field == noABI ? SubjectState.none : Int32(field)
        }
    }

    /// Stores `state` as entry `index`'s value: packed, or in `overflow` behind a marker.
    private static func store(_ state: SubjectState, at index: Int, in table: inout SubjectTable<PackedSubjectState>,
                              overflow: inout [Int: SubjectState]) {
        if let packed = PackedSubjectState(state) {
            table.withValue(at: index) { $0 = packed }
            if !overflow.isEmpty { overflow[index] = nil }
        } else {
            table.withValue(at: index) { $0 = PackedSubjectState(overflowMarkerFor: state) }
            overflow[index] = state
        }
    }

    /// Entry `index`'s state.
    private static func load(at index: Int, from table: inout SubjectTable<PackedSubjectState>, overflow: [Int: SubjectState]) -> SubjectState {
        let packed = table.withValue(at: index) { $0 }
        return packed.isOverflowMarker ? overflow[index]! : packed.unpacked
    }

    static func unpack(_ packed: Int32) -> VisitDate? {
        guard packed != SubjectState.none else { return nil }
        let value = Int(packed), rest = value % 372
        return VisitDate(validYear: value / 372 + 1, month: rest / 31 + 1, day: rest % 31 + 1)
    }

    /// A subject and its hash (``VisitChangeTracker/subjectHash(_:)`` of its UTF-8), computed once.
    public struct SubjectKey: Hashable, Sendable {
        public let subject: String
        public let precomputedHash: UInt64

        public init(_ subject: String) {
            var text = subject
            self.subject = subject
            precomputedHash = text.withUTF8 { VisitChangeTracker.subjectHash($0) }
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(precomputedHash) }

        public static func == (lhs: SubjectKey, rhs: SubjectKey) -> Bool {
            lhs.precomputedHash == rhs.precomputedHash && lhs.subject == rhs.subject
        }
    }

    /// The hash subjects are filed under: 8 bytes at a time, then a full avalanche (MurmurHash3's
    /// finaliser) so the table can use the low bits. Callers may compute it ahead, on other threads.
    @inlinable
    public static func subjectHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        // The length multiplied in first, so that it cannot cancel against the data's low bits
        // ("3" and "03" read alike in the short-key tail below).
        var hash: UInt64 = (0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: bytes.count)) &* 0xFF51_AFD7_ED55_8CCD
        var index = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 29
                index += 8
            }
        }
        // The last 0-7 bytes in at most two loads (two overlapping 4-byte words, or first, middle
        // and last byte), as wyhash reads short keys: a byte loop here cost more than the rest.
        var tail: UInt64 = 0
        let remaining = bytes.count - index
        if remaining >= 4, let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let low = UInt64(raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: index + remaining - 4, as: UInt32.self))
            tail = low | high << 32
        } else if remaining > 0 {
            tail = UInt64(bytes[index]) | UInt64(bytes[index + remaining / 2]) << 8 | UInt64(bytes[index + remaining - 1]) << 16
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        return hash
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
        var text = subject.subject
        return text.withUTF8 { observe(subjectUTF8: $0, hash: subject.precomputedHash, date: date, abi: abi) }
    }

    /// Records a visit of the subject spelt by `subjectUTF8`, whose ``subjectHash(_:)`` is `hash`
    /// (no String is made).
    public mutating func observe(subjectUTF8: UnsafeBufferPointer<UInt8>, hash: UInt64, date: VisitDate,
                                 abi: Int?) -> VisitChange {
        observePacked(subjectUTF8: subjectUTF8, hash: hash, date: date, abi: abi).change
    }

    /// A ``VisitChange`` with the previous visit's date still packed: batch scoring needs that date
    /// only with an issue, and unpacking it for every row cost three divisions.
    package struct PackedChange: Sendable, Equatable {
        package static let none = PackedChange(packedPreviousDate: SubjectState.none, previousABI: nil,
                                               deltaHundredths: nil, isSignificant: false, issue: nil)
        var packedPreviousDate: Int32
        package var previousABI: Int?
        package var deltaHundredths: Int?
        package var isSignificant: Bool
        package var issue: ScoringIssueKind?

        /// Date of the visit compared against, if any.
        package var previousDate: VisitDate? { VisitChangeTracker.unpack(packedPreviousDate) }

        package var change: VisitChange {
            VisitChange(previousDate: previousDate, previousABI: previousABI, deltaHundredths: deltaHundredths,
                        isSignificant: isSignificant, issue: issue)
        }
    }

    /// ``observe(subjectUTF8:hash:date:abi:)`` with the change's previous date left packed (the hot
    /// path of batch scoring).
    package mutating func observePacked(subjectUTF8: UnsafeBufferPointer<UInt8>, hash: UInt64, date: VisitDate,
                                        abi: Int?) -> PackedChange {
        let packedDate = Self.pack(date)
        let packedABI = abi.map { Int32(clamping: $0) } ?? SubjectState.none
        let first = SubjectState(latestDate: packedDate, latestDateABI: packedABI)
        let (index, inserted) = subjects.findOrInsert(subjectUTF8, hash: hash) {
            PackedSubjectState(first) ?? PackedSubjectState(overflowMarkerFor: first)
        }
        if inserted {
            if PackedSubjectState(first) == nil { overflow[index] = first }
            return .none
        }
        // The usual case in one access: packed before and after.
        let threshold = thresholdHundredths
        var change = PackedChange.none
        let packedAfter: Bool = subjects.withValue(at: index) { packed in
            guard !packed.isOverflowMarker else { return false }
            var state = packed.unpacked
            change = Self.record(date: packedDate, abi: packedABI, in: &state, threshold: threshold)
            guard let repacked = PackedSubjectState(state) else { return false }
            packed = repacked
            return true
        }
        return packedAfter ? change : observeOverflow(index: index, date: packedDate, abi: packedABI)
    }

    /// `observe` for a subject whose state is, or becomes, too large to pack.
    private mutating func observeOverflow(index: Int, date: Int32, abi: Int32) -> PackedChange {
        // The fast path left a packed state unchanged, so this starts from the same state.
        var state = Self.load(at: index, from: &subjects, overflow: overflow)
        let change = Self.record(date: date, abi: abi, in: &state, threshold: thresholdHundredths)
        Self.store(state, at: index, in: &subjects, overflow: &overflow)
        return change
    }

    /// One subject's visits observed on their own, from no earlier visit, without a table: what a
    /// worker thread computes for a run of one subject's rows, so that the tracker can take the
    /// state over (``insertNew(subjectUTF8:hash:history:)``) when the subject turns out to be new,
    /// instead of observing every row again. Gives the same changes as ``VisitChangeTracker``
    /// observing the same visits of a subject it has not seen before.
    public struct SubjectHistory: Sendable {
        fileprivate var state: SubjectState?
        public let thresholdHundredths: Int

        /// No visit yet; changes at or above `thresholdHundredths` (inclusive) are significant.
        public init(thresholdHundredths: Int) {
            precondition(thresholdHundredths >= 0, "threshold must be non-negative")
            self.thresholdHundredths = thresholdHundredths
        }

        /// Whether any visit has been observed.
        public var isEmpty: Bool { state == nil }

        /// Records a visit as ``observe(date:abi:)`` does and returns only whether its change is
        /// significant and whether it has an issue: what `trend` counts, without building the change.
        @inline(__always)
        public mutating func observeSignificance(date: VisitDate, abi: Int?) -> (isSignificant: Bool, hasIssue: Bool) {
            let packedDate = VisitChangeTracker.pack(date)
            let packedABI = abi.map { Int32(clamping: $0) } ?? SubjectState.none
            guard state != nil else {
                state = SubjectState(latestDate: packedDate, latestDateABI: packedABI)
                return (false, false)
            }
            let step = VisitChangeTracker.advance(date: packedDate, abi: packedABI, in: &state!)
            let significant = step.issue != .visitDateOutOfOrder
                && VisitChangeTracker.delta(from: step.previousABI, to: packedABI)
                    .map { VisitChangeTracker.isSignificant($0, threshold: thresholdHundredths) } == true
            return (significant, step.issue != nil)
        }

        /// Records a visit and returns its change against the previous one, as the tracker does.
        public mutating func observe(date: VisitDate, abi: Int?) -> VisitChange {
            let packedDate = VisitChangeTracker.pack(date)
            let packedABI = abi.map { Int32(clamping: $0) } ?? SubjectState.none
            guard state != nil else {
                state = SubjectState(latestDate: packedDate, latestDateABI: packedABI)
                return VisitChange(previousDate: nil, previousABI: nil, deltaHundredths: nil, isSignificant: false, issue: nil)
            }
            return VisitChangeTracker.record(date: packedDate, abi: packedABI, in: &state!, threshold: thresholdHundredths).change
        }
    }

    /// Takes over `history` as the state of the subject spelt by `subjectUTF8` (hash `hash`, as in
    /// ``observe(subjectUTF8:hash:date:abi:)``) if the tracker has not seen that subject; returns
    /// false, changing nothing, if it has (then its visits must be observed one by one) or if
    /// `history` is empty.
    public mutating func insertNew(subjectUTF8: UnsafeBufferPointer<UInt8>, hash: UInt64, history: SubjectHistory) -> Bool {
        precondition(history.thresholdHundredths == thresholdHundredths, "the history's threshold differs from the tracker's")
        guard let state = history.state else { return false }
        let (index, inserted) = subjects.findOrInsert(subjectUTF8, hash: hash) {
            PackedSubjectState(state) ?? PackedSubjectState(overflowMarkerFor: state)
        }
        if inserted && PackedSubjectState(state) == nil { overflow[index] = state }
        return inserted
    }

    /// Forgets every subject, keeping the memory for reuse.
    public mutating func removeAll() {
        subjects.removeAll()
        overflow.removeAll()
    }

    @inline(__always)
    private static func record(date: Int32, abi: Int32, in state: inout SubjectState, threshold: Int) -> PackedChange {
        let step = advance(date: date, abi: abi, in: &state)
        guard step.issue != .visitDateOutOfOrder else {
            return PackedChange(packedPreviousDate: SubjectState.none, previousABI: nil, deltaHundredths: nil,
                                isSignificant: false, issue: .visitDateOutOfOrder)
        }
        let previous = step.previousABI == SubjectState.none ? nil : Int(step.previousABI)
        let delta = delta(from: step.previousABI, to: abi)
        let significant = delta.map { isSignificant($0, threshold: threshold) } ?? false
        return PackedChange(packedPreviousDate: previous == nil ? SubjectState.none : step.previousDate,
                            previousABI: previous, deltaHundredths: delta, isSignificant: significant, issue: step.issue)
    }

    /// The change in hundredths between two packed ABIs, nil when either is missing.
    @inline(__always)
    private static func delta(from previous: Int32, to current: Int32) -> Int? {
        previous == SubjectState.none || current == SubjectState.none ? nil : Int(current) - Int(previous)
    }

    /// docs/clinical-rules.md: a change is significant at or beyond the threshold, either way.
    @inline(__always)
    private static func isSignificant(_ delta: Int, threshold: Int) -> Bool { delta.magnitude >= threshold.magnitude }

    /// Moves `state` on by one visit: the visit it is compared with (`none` for none) and its issue.
    @inline(__always)
    private static func advance(date: Int32, abi: Int32, in state: inout SubjectState)
        -> (previousDate: Int32, previousABI: Int32, issue: ScoringIssueKind?) {
        var current = state
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
            return (SubjectState.none, SubjectState.none, .visitDateOutOfOrder)
        }
        state = current
        return (previousDate, previousABI, issue)
    }

    /// Number of subjects seen.
    public var subjectCount: Int { subjects.count }

    /// Takes over the subjects of `later` (a tracker that saw the rows following this tracker's)
    /// that this tracker has not seen, with the state `later` left them in, and returns the
    /// subjects both have seen: their rows in `later`'s part must be observed again by this
    /// tracker, because `later` compared them without this tracker's earlier visits.
    public mutating func absorbNewSubjects(from later: VisitChangeTracker) -> [SubjectKey] {
        var shared: [SubjectKey] = []
        subjects.reserve(additional: later.subjects.count)
        touchedSlots = subjects.touchHomeSlots(ofKeysIn: later.subjects)
        var laterIndex = 0
        later.subjects.forEach { subject, hash, packed in
            defer { laterIndex += 1 }
            let exact = packed.isOverflowMarker ? later.overflow[laterIndex] : nil
            let (index, inserted) = subjects.findOrInsert(subject, hash: hash) { packed }
            if !inserted { shared.append(SubjectKey(String(decoding: subject, as: UTF8.self))) } else if let exact { overflow[index] = exact }
        }
        return shared
    }
}
