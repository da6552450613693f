import Testing
@testable import ABIAnalysis

/// `plot trajectories --time` reads times as `trend` does: numbers as given, ISO dates as years
/// (365.25 days) since each subject's first visit.
@Suite struct TrajectoryTimeTests {
    @Test func numbersAreUsedAsGiven() {
        let (times, label, resolution) = TrajectoriesFigure.times(["0", "6", "12.5", "1,5", "", "x"],
                                                                  subjects: Array(repeating: "A", count: 6), column: "week")
        #expect(times[0...3] == [0, 6, 12.5, 1.5])
        #expect(times[4].isNaN && times[5].isNaN)
        #expect(label == "week")
        #expect(resolution == nil)
    }

    @Test func datesBecomeYearsSinceEachSubjectsFirstVisit() {
        // B's rows come out of order: its first visit is its earliest date, not its first row.
        let cells = ["2024-01-01", "2024-07-01", "2025-01-01", "2023-03-01", "2022-03-01", "12", "2024-02-29T12:00"]
        let subjects = ["A", "A", "A", "B", "B", "B", "A"]
        let (times, label, resolution) = TrajectoriesFigure.times(cells, subjects: subjects, column: "visit_date")
        // Hand calculation: 2024 is a leap year (182 days to 1 July, 366 to 2025-01-01); 2022-03-01
        // to 2023-03-01 is 365 days; 2024-02-29 12:00 is 59.5 days after 2024-01-01.
        #expect(times[0] == 0)
        #expect(abs(times[1] - 182 / 365.25) < 1e-15)
        #expect(abs(times[2] - 366 / 365.25) < 1e-15)
        #expect(abs(times[3] - 365 / 365.25) < 1e-15)
        #expect(times[4] == 0)
        #expect(times[5].isNaN)  // a number among dates is not a time: left out with a note
        #expect(abs(times[6] - 59.5 / 365.25) < 1e-15)
        #expect(label == "years since first visit (visit_date)")
        #expect(resolution?.step == 1.0 / 12)
    }

    /// `--date-format dd/mm/yyyy` reads day-first dates (3 April to 3 May 2025 is 30 days); without
    /// it such a date is found as invalid, for an error, never guessed or silently left out.
    @Test func dateFormatReadsDayFirstDates() {
        let cells = ["03/04/2025", "03/05/2025", "31.12.2024"]
        let subjects = ["A", "A", "B"]
        let (times, label, _) = TrajectoriesFigure.times(cells, subjects: subjects, column: "visit", format: .dayMonthYear)
        #expect(times[0] == 0 && abs(times[1] - 30 / 365.25) < 1e-15 && times[2] == 0)
        #expect(label == "years since first visit (visit)")
        let invalid = TrajectoriesFigure.firstInvalidDate(cells, format: .iso)
        #expect(invalid?.row == 0 && invalid?.cell == "03/04/2025")
        #expect(invalid?.reason.contains("--date-format") == true)
        #expect(TrajectoriesFigure.firstInvalidDate(cells, format: .dayMonthYear) == nil)
        #expect(TrajectoriesFigure.firstInvalidDate(["31/02/2025"], format: .dayMonthYear)?.row == 0, "no 31 February")
        #expect(TrajectoriesFigure.firstInvalidDate(["0", "6", "", "2025-01-01"], format: .iso) == nil)
    }

    @Test func meansAtRoundedTimesPoolVisitsOfTheSameMonth() {
        // Three subjects seen at 0 and about 6 months (180, 183 and 185 days): one mean at 0.5 years.
        let times = [0, 180 / 365.25, 0, 183 / 365.25, 0, 185 / 365.25]
        let result = TrajectoriesFigure.compute(subjects: ["A", "A", "B", "B", "C", "C"], times: times,
                                                values: [1, 2, 3, 4, 5, 6], groups: nil, measure: "abi",
                                                timeLabel: "years", meanResolution: (1.0 / 12, "month"))
        let means = result.groups[0].means
        #expect(means.map(\.time) == [0, 0.5])
        #expect(means.map(\.mean.mean) == [3, 4])
        #expect(result.notes.contains(.meansAtRoundedTimes(unit: "month")))
        let exact = TrajectoriesFigure.compute(subjects: ["A", "A", "B", "B", "C", "C"], times: times,
                                               values: [1, 2, 3, 4, 5, 6], groups: nil, measure: "abi", timeLabel: "years")
        #expect(exact.groups[0].means.count == 4)
    }
}
