import Testing
@testable import ABICore

/// |delta ABI| >= 0.15 between visits is clinically significant (docs/clinical-rules.md), inclusive.
struct VisitChangeTrackerTests {
    static func date(_ text: String) -> VisitDate {
        guard let date = VisitDate.parse(text) else {
            Issue.record("bad fixture date \(text)")
            return VisitDate(year: 2000, month: 1, day: 1)!
        }
        return date
    }

    @Test func hasNoBaselineAtTheFirstVisit() {
        var tracker = VisitChangeTracker()
        let change = tracker.observe(subject: "A", date: Self.date("2024-01-01"), abi: 90)
        #expect(change == VisitChange(previousDate: nil, previousABI: nil, deltaHundredths: nil,
                                      isSignificant: false, issue: nil))
    }

    @Test(arguments: [(100, 85, -15, true), (100, 86, -14, false), (85, 100, 15, true), (90, 104, 14, false),
                      (90, 90, 0, false)])
    func countsAChangeOf015AsSignificant(_ first: Int, _ second: Int, _ delta: Int, _ significant: Bool) {
        var tracker = VisitChangeTracker()
        _ = tracker.observe(subject: "A", date: Self.date("2024-01-01"), abi: first)
        let change = tracker.observe(subject: "A", date: Self.date("2024-06-01"), abi: second)
        #expect(change.deltaHundredths == delta)
        #expect(change.isSignificant == significant)
        #expect(change.previousABI == first)
        #expect(change.previousDate == Self.date("2024-01-01"))
        #expect(change.issue == nil)
    }

    @Test func keepsSubjectsApart() {
        var tracker = VisitChangeTracker()
        _ = tracker.observe(subject: "A", date: Self.date("2024-01-01"), abi: 100)
        let other = tracker.observe(subject: "B", date: Self.date("2024-02-01"), abi: 50)
        #expect(other.previousABI == nil)
        #expect(tracker.subjectCount == 2)
    }

    @Test func warnsAboutAnOutOfOrderVisitAndComputesNoChangeForIt() {
        var tracker = VisitChangeTracker()
        _ = tracker.observe(subject: "A", date: Self.date("2024-01-01"), abi: 100)
        _ = tracker.observe(subject: "A", date: Self.date("2024-12-01"), abi: 70)
        let middle = tracker.observe(subject: "A", date: Self.date("2024-06-01"), abi: 80)
        #expect(middle == VisitChange(previousDate: nil, previousABI: nil, deltaHundredths: nil,
                                      isSignificant: false, issue: .visitDateOutOfOrder))
        // The out-of-order visit changes nothing: a later visit compares with 2024-12-01.
        let next = tracker.observe(subject: "A", date: Self.date("2025-01-01"), abi: 70)
        #expect(next.previousDate == Self.date("2024-12-01"))
        #expect(next.deltaHundredths == 0)
        #expect(next.issue == nil)
    }

    @Test func usesTheLastABIOnALatestDateSeenTwiceAsTheNextBaseline() {
        var tracker = VisitChangeTracker()
        _ = tracker.observe(subject: "A", date: Self.date("2024-01-01"), abi: 100)
        _ = tracker.observe(subject: "A", date: Self.date("2024-02-01"), abi: 98)
        _ = tracker.observe(subject: "A", date: Self.date("2024-02-01"), abi: 90)  // duplicate date
        _ = tracker.observe(subject: "A", date: Self.date("2024-02-01"), abi: nil) // no ABI: not a baseline
        let next = tracker.observe(subject: "A", date: Self.date("2024-03-01"), abi: 75)
        #expect(next.previousDate == Self.date("2024-02-01"))
        #expect(next.previousABI == 90)
        #expect(next.deltaHundredths == -15)
        #expect(next.isSignificant)
    }

    @Test func memoryDoesNotGrowWithVisits() {
        var tracker = VisitChangeTracker()
        for day in 1...28 {
            _ = tracker.observe(subject: "A", date: Self.date("2024-02-\(day < 10 ? "0" : "")\(day)"), abi: 100 - day)
        }
        #expect(tracker.subjectCount == 1)
        let last = tracker.observe(subject: "A", date: Self.date("2024-03-01"), abi: 50)
        #expect(last.previousABI == 72)
        #expect(last.deltaHundredths == -22)
    }

    @Test func warnsAboutADuplicateDateAndComparesWithTheEarlierDay() {
        var tracker = VisitChangeTracker()
        _ = tracker.observe(subject: "A", date: Self.date("2024-01-01"), abi: 100)
        _ = tracker.observe(subject: "A", date: Self.date("2024-02-01"), abi: 90)
        let duplicate = tracker.observe(subject: "A", date: Self.date("2024-02-01"), abi: 80)
        #expect(duplicate.issue == .duplicateVisitDate)
        #expect(duplicate.previousDate == Self.date("2024-01-01"))
        #expect(duplicate.deltaHundredths == -20)
    }

    @Test func skipsVisitsWithoutABIAsBaselines() {
        var tracker = VisitChangeTracker()
        _ = tracker.observe(subject: "A", date: Self.date("2024-01-01"), abi: 100)
        let missing = tracker.observe(subject: "A", date: Self.date("2024-02-01"), abi: nil)
        #expect(missing.deltaHundredths == nil)
        #expect(missing.previousABI == 100)
        #expect(!missing.isSignificant)
        let next = tracker.observe(subject: "A", date: Self.date("2024-03-01"), abi: 84)
        #expect(next.previousDate == Self.date("2024-01-01"))
        #expect(next.deltaHundredths == -16)
        #expect(next.isSignificant)
    }

    @Test func takesItsThresholdFromScoringOptions() {
        #expect(VisitChangeTracker(options: ScoringOptions()).thresholdHundredths == 15)
        #expect(VisitChangeTracker(options: ScoringOptions(significantChangeHundredths: 20)).thresholdHundredths == 20)
    }

    @Test func honoursAConfiguredThreshold() {
        var tracker = VisitChangeTracker(thresholdHundredths: 20)
        _ = tracker.observe(subject: "A", date: Self.date("2024-01-01"), abi: 100)
        #expect(!tracker.observe(subject: "A", date: Self.date("2024-02-01"), abi: 81).isSignificant) // -0.19
        #expect(tracker.observe(subject: "A", date: Self.date("2024-03-01"), abi: 101).isSignificant)  // +0.20
    }

    /// A history observed on its own gives the tracker's changes visit for visit (hand-made sequence
    /// with a rise, a duplicate date, a visit without an ABI, an out-of-order date), and once taken
    /// over the tracker continues from it as if it had observed those visits.
    @Test func subjectHistoryMatchesTheTrackerAndIsTakenOver() {
        let visits: [(String, Int?)] = [("2024-01-01", 100), ("2024-02-01", 84), ("2024-02-01", 70), ("2024-03-01", nil),
                                        ("2024-01-15", 90), ("2024-04-01", 86)]
        var tracker = VisitChangeTracker()
        var history = VisitChangeTracker.SubjectHistory(thresholdHundredths: 15)
        #expect(history.isEmpty)
        for (day, abi) in visits {
            let expected = tracker.observe(subject: "A", date: Self.date(day), abi: abi)
            #expect(history.observe(date: Self.date(day), abi: abi) == expected)
        }
        #expect(!history.isEmpty)
        var other = VisitChangeTracker()
        let inserted = "A".utf8.withContiguousStorageIfAvailable {
            other.insertNew(subjectUTF8: $0, hash: VisitChangeTracker.subjectHash($0), history: history)
        }
        #expect(inserted == true)
        let next = other.observe(subject: "A", date: Self.date("2024-05-01"), abi: 60)
        #expect(next == tracker.observe(subject: "A", date: Self.date("2024-05-01"), abi: 60))
        #expect(next.previousABI == 86 && next.deltaHundredths == -26 && next.isSignificant)
        // A subject the tracker already has is not replaced; an empty history is not inserted.
        let again = "A".utf8.withContiguousStorageIfAvailable {
            other.insertNew(subjectUTF8: $0, hash: VisitChangeTracker.subjectHash($0), history: history)
        }
        #expect(again == false)
        let empty = "B".utf8.withContiguousStorageIfAvailable {
            other.insertNew(subjectUTF8: $0, hash: VisitChangeTracker.subjectHash($0),
                            history: VisitChangeTracker.SubjectHistory(thresholdHundredths: 15))
        }
        #expect(empty == false)
        #expect(other.subjectCount == 1)
    }

    /// The table keeps 8 bytes a subject: dates from 0001-01-01 to 9999-12-31 and ABIs 0-10.21 are
    /// packed exactly; any other ABI (negative, 10.22 and above) is kept exactly beside the table,
    /// never clamped. Hand-computed deltas.
    @Test(arguments: [0, 1, 99, 1018, 1019, 1021, 1022, 1023, 5000, -3, Int(Int32.max) - 3])
    func packedStateKeepsEveryDateAndABIExactly(abi: Int) {
        var tracker = VisitChangeTracker()
        let days = ["0001-01-01", "1999-12-31", "2024-02-29", "9999-12-31"]
        var previous: (VisitDate, Int)? = nil
        for (k, day) in days.enumerated() {
            let value = abi + k
            let change = tracker.observe(subject: "S", date: Self.date(day), abi: value)
            if let (date, before) = previous {
                #expect(change.previousDate == date, "abi \(abi): \(day)")
                #expect(change.previousABI == before && change.deltaHundredths == value - before)
            } else {
                #expect(change.previousDate == nil)
            }
            previous = (Self.date(day), value)
        }
        // A visit without an ABI keeps the last ABI as the baseline, through the packing too.
        let blank = tracker.observe(subject: "S", date: Self.date("9999-12-31"), abi: nil)
        #expect(blank.issue == .duplicateVisitDate)
    }

    /// Subjects whose ABI does not pack travel with their exact state when a later tracker's
    /// subjects are taken over, and `removeAll` forgets them.
    @Test func overflowStatesSurviveAbsorbAndRemoveAll() {
        var early = VisitChangeTracker(), later = VisitChangeTracker()
        _ = early.observe(subject: "A", date: Self.date("2024-01-01"), abi: 90)
        _ = later.observe(subject: "B", date: Self.date("2024-01-01"), abi: 4000)
        _ = later.observe(subject: "C", date: Self.date("2024-01-01"), abi: 95)
        _ = later.observe(subject: "A", date: Self.date("2024-02-01"), abi: 2000)
        let shared = early.absorbNewSubjects(from: later)
        #expect(shared.map(\.subject) == ["A"])
        let b = early.observe(subject: "B", date: Self.date("2024-03-01"), abi: 3990)
        #expect(b.previousABI == 4000 && b.deltaHundredths == -10)
        let c = early.observe(subject: "C", date: Self.date("2024-03-01"), abi: 80)
        #expect(c.previousABI == 95 && c.deltaHundredths == -15 && c.isSignificant)
        early.removeAll()
        #expect(early.subjectCount == 0)
        let fresh = early.observe(subject: "B", date: Self.date("2024-04-01"), abi: 10)
        #expect(fresh.previousABI == nil)
    }

    /// `observeSignificance` (what trend counts) agrees with `observe` on random visit sequences:
    /// ascending, repeated and out-of-order dates, missing ABIs, thresholds 0, 15 and 30.
    @Test func significanceAloneMatchesTheFullChange() {
        var seed: UInt64 = 0x9E37_79B9
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for threshold in [0, 15, 30] {
            for _ in 0..<2_000 {
                var full = VisitChangeTracker.SubjectHistory(thresholdHundredths: threshold)
                var counted = VisitChangeTracker.SubjectHistory(thresholdHundredths: threshold)
                var day = 1
                for _ in 0..<(1 + next(8)) {
                    day = max(1, day + [-3, 0, 1, 5, 40][next(5)])
                    let date = VisitDate(year: 2020 + day / 300, month: 1 + day / 25 % 12, day: 1 + day % 25)!
                    let abi: Int? = next(6) == 0 ? nil : 20 + next(130)
                    let change = full.observe(date: date, abi: abi)
                    let significance = counted.observeSignificance(date: date, abi: abi)
                    #expect(significance.isSignificant == change.isSignificant && significance.hasIssue == (change.issue != nil),
                            "\(date) \(String(describing: abi)) threshold \(threshold)")
                }
            }
        }
    }
}
