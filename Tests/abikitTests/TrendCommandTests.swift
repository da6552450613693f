import Foundation
import Testing

/// End-to-end `abikit trend` against references from Scripts/reference/trend_cli_reference.py
/// (statsmodels OLS, scipy theilslopes, pymannkendall, statsmodels on the segmented design) on
/// the seeded fixtures in Fixtures/trend (Scripts/reference/make_trend_fixture.py).
@Suite struct TrendCommandTests {
    /// Rows of a CSV text as dictionaries keyed by header; lines starting with '#' are comments.
    static func records(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }
        let rows = parseCSV(lines.joined(separator: "\n"))
        guard let header = rows.first else { return [] }
        return rows.dropFirst().filter { $0 != [""] }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func expected(_ name: String) throws -> [[String: String]] {
        records(try String(contentsOfFile: Paths.fixture("trend/" + name), encoding: .utf8))
    }

    /// Relative 1e-9 (both sides are exact algorithms in double precision; the reference prints
    /// repr, abikit the shortest round-trip form), with an absolute floor of 1e-12 for quantities
    /// that are zero up to rounding (a Theil-Sen slope of 0, a t of a zero estimate).
    static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * max(abs(a), abs(b)) || abs(a - b) <= 1e-12
    }

    /// Least-squares slope by the textbook formula (an independent hand calculation).
    static func slope(_ t: [Double], _ y: [Double]) -> Double {
        let n = Double(t.count)
        let mt = t.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        for (ti, yi) in zip(t, y) {
            sxy += (ti - mt) * (yi - my)
            sxx += (ti - mt) * (ti - mt)
        }
        return sxy / sxx
    }

    static let statisticPrefixes = ["ols_", "ts_", "mk_", "its_"]

    /// Compares every reference cell with abikit's; returns the number of numeric cells checked.
    @discardableResult
    static func compare(_ expected: [[String: String]], _ actual: [[String: String]], keys: [String],
                        columns: (String) -> Bool = { _ in true }) -> Int {
        var checked = 0
        #expect(expected.count == actual.count, "one output row per reference row")
        for reference in expected {
            let match = actual.first { row in keys.allSatisfy { row[$0] == reference[$0] } && row["measure"] == reference["measure"] }
            guard let row = match else {
                Issue.record("no output row for \(keys.map { reference[$0] ?? "" }) \(reference["measure"] ?? "")")
                continue
            }
            let label = keys.map { reference[$0] ?? "" }.joined(separator: "/") + " " + (reference["measure"] ?? "")
            for (column, want) in reference where columns(column) {
                guard let got = row[column] else { Issue.record("\(label): no column \(column)"); continue }
                if want.isEmpty {
                    continue  // the reference has no value here (e.g. no pymannkendall value for tied times)
                }
                if let w = Double(want), let g = Double(got) {
                    #expect(close(w, g), "\(label) \(column): abikit \(got), reference \(want)")
                    checked += 1
                } else {
                    #expect(got == want, "\(label) \(column): abikit '\(got)', reference '\(want)'")
                }
            }
            // A series too short for the methods has no statistics at all, never a partial row.
            if row["status"] == "insufficient_data" {
                for (column, value) in row where statisticPrefixes.contains(where: column.hasPrefix) && !column.hasSuffix("_status") {
                    #expect(value.isEmpty, "\(label) \(column) should be blank, is '\(value)'")
                }
            }
        }
        return checked
    }

    static let visitsArguments = ["trend", Paths.fixture("trend/visits.csv"), "--subject", "subject_id",
                                  "--time", "visit_date", "--measure", "abi,ankle_blood_flow,plantar_temp"]

    @Test func everyMethodMatchesStatsmodelsScipyAndPymannkendallOnIrregularVisits() throws {
        let result = try runABIKit(Self.visitsArguments + ["--method", "ols,theil-sen,mann-kendall,its",
                                                           "--intervention-column", "intervention_date"])
        #expect(result.status == 0, "\(result.stderr)")
        let actual = Self.records(result.stdout)
        let checked = Self.compare(try Self.expected("expected_visits.csv"), actual, keys: ["subject_id"])
        #expect(checked > 2000, "numeric cells compared: \(checked)")
        // Statuses the fixture was built to produce, none silently dropped.
        let t005 = try #require(actual.first { $0["subject_id"] == "T005" && $0["measure"] == "plantar_temp" })
        #expect(t005["ols_status"] == "constant_time")
        let t001 = try #require(actual.first { $0["subject_id"] == "T001" && $0["measure"] == "abi" })
        #expect(t001["status"] == "insufficient_data")
        #expect(t001["notes"]?.contains("1 usable point, fewer than --min-points 3") == true)
        #expect(result.stderr.contains("24 subjects"))
    }

    @Test func neweyWestInterruptedTimeSeriesMatchesStatsmodelsHAC() throws {
        let result = try runABIKit(Self.visitsArguments + ["--method", "its", "--intervention-column", "intervention_date",
                                                           "--newey-west-lags", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let checked = Self.compare(try Self.expected("expected_visits_newey_west.csv"), Self.records(result.stdout),
                                   keys: ["subject_id"])
        #expect(checked > 500, "numeric cells compared: \(checked)")
    }

    @Test func olsOnlyStreamingAccumulatorsMatchStatsmodels() throws {
        let result = try runABIKit(Self.visitsArguments + ["--method", "ols"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try Self.expected("expected_visits.csv").map { row in
            row.filter { !$0.key.hasPrefix("ts_") && !$0.key.hasPrefix("mk_") && !$0.key.hasPrefix("its_") }
        }
        let checked = Self.compare(expected, Self.records(result.stdout), keys: ["subject_id"])
        #expect(checked > 700, "numeric cells compared: \(checked)")
    }

    @Test func numericTimesAroundTheYear2000UseTheGivenAxis() throws {
        let result = try runABIKit(["trend", Paths.fixture("trend/decimal_years.csv"), "--subject", "subject_id",
                                    "--time", "year", "--measure", "abi"])
        #expect(result.status == 0, "\(result.stderr)")
        let checked = Self.compare(try Self.expected("expected_decimal_years.csv"), Self.records(result.stdout),
                                   keys: ["subject_id"])
        #expect(checked > 100)
    }

    @Test func groupsByLimbGiveOneSeriesPerSubjectAndLimb() throws {
        let result = try runABIKit(["trend", Paths.fixture("trend/limbs.csv"), "--subject", "subject_id",
                                    "--time", "session", "--by", "limb", "--measure", "plantar_temp",
                                    "--method", "ols,theil-sen,mann-kendall"])
        #expect(result.status == 0, "\(result.stderr)")
        let actual = Self.records(result.stdout)
        let checked = Self.compare(try Self.expected("expected_limbs.csv"), actual, keys: ["subject_id", "limb"])
        #expect(checked > 300)
        #expect(actual.filter { $0["limb"] == "left" }.count == 8)
    }

    @Test func computedABIEqualsTheABIOfScoreAndCountsItsSignificantChanges() throws {
        let directory = try Paths.temporaryDirectory()
        let scored = directory.appendingPathComponent("scored.csv").path
        let score = try runABIKit(["score", Paths.fixture("trend/visits.csv"), "-o", scored])
        #expect(score.status == 0)
        let arguments = ["--subject", "subject_id", "--time", "visit_date", "--measure", "abi",
                         "--method", "ols,theil-sen,mann-kendall"]
        let computed = try runABIKit(["trend", Paths.fixture("trend/visits.csv")] + arguments)
        let fromColumn = try runABIKit(["trend", scored] + arguments)
        #expect(computed.status == 0 && fromColumn.status == 0)
        #expect(!computed.stdout.isEmpty)
        #expect(computed.stdout == fromColumn.stdout, "ABI from pressures and from score's abi column give identical trends")
        // Per subject, the visits score flags abi_change_significant.
        let scoredRows = Self.records(try String(contentsOfFile: scored, encoding: .utf8))
        var flagged: [String: Int] = [:]
        for row in scoredRows where row["flags"]?.split(separator: ";").contains("abi_change_significant") == true {
            flagged[row["subject_id"]!, default: 0] += 1
        }
        #expect(flagged.values.reduce(0, +) > 0, "the fixture has significant changes")
        for row in Self.records(computed.stdout) {
            #expect(Int(row["abi_significant_changes"] ?? "") == flagged[row["subject_id"]!] ?? 0, "\(row["subject_id"]!)")
        }
        // OLS alone streams per-subject sums, and counts changes per table entry: the same counts
        // when every subject's visits are split over chunks of a few records.
        for chunk in ["200", "1000000"] {
            let streamed = try runABIKit(["trend", scored, "--subject", "subject_id", "--time", "visit_date", "--measure", "abi",
                                          "--method", "ols", "--chunk-bytes", chunk, "--threads", "2"])
            #expect(streamed.status == 0, "\(streamed.stderr)")
            let rows = Self.records(streamed.stdout)
            #expect(rows.count == Set(scoredRows.compactMap { $0["subject_id"] }).count)
            for row in rows {
                #expect(Int(row["abi_significant_changes"] ?? "") == flagged[row["subject_id"]!] ?? 0, "chunk \(chunk): \(row["subject_id"]!)")
            }
        }
    }

    @Test func aDayMonthDateWithoutDateFormatIsAUsageErrorNamingLineAndColumn() throws {
        let csv = "id,date,flow\nA,2024-01-05,1\nA,03/04/2024,2\n"
        let result = try runABIKit(["trend", "--subject", "id", "--time", "date", "--measure", "flow"], stdin: Data(csv.utf8))
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("<stdin>:3:3: date '03/04/2024'"))
        #expect(result.stderr.contains("--date-format"))
    }

    @Test func dateFormatReadsDayFirstAndMonthFirstDatesLikeTheirISOSpelling() throws {
        let iso = "id,date,flow\nA,2024-01-05,1\nA,2024-04-03,2.5\nA,2024-12-31,2\n"
        let dayFirst = "id,date,flow\nA,05/01/2024,1\nA,03.04.2024,2.5\nA,31/12/2024,2\n"
        let monthFirst = "id,date,flow\nA,01/05/2024,1\nA,04/03/2024,2.5\nA,12/31/2024,2\n"
        let arguments = ["trend", "--subject", "id", "--time", "date", "--measure", "flow"]
        let a = try runABIKit(arguments, stdin: Data(iso.utf8))
        let b = try runABIKit(arguments + ["--date-format", "dd/mm/yyyy"], stdin: Data(dayFirst.utf8))
        let c = try runABIKit(arguments + ["--date-format", "mm/dd/yyyy"], stdin: Data(monthFirst.utf8))
        #expect(a.status == 0 && b.status == 0 && c.status == 0, "\(a.stderr) \(b.stderr) \(c.stderr)")
        #expect(a.stdout == b.stdout && a.stdout == c.stdout)
        // Slope by hand: t = (0, 89, 361) days / 365.25; statsmodels gives this to 1e-15 (same formula).
        let row = try #require(Self.records(a.stdout).first)
        let t: [Double] = [0.0 / 365.25, 89.0 / 365.25, 361.0 / 365.25]
        let slope = Self.slope(t, [1.0, 2.5, 2])
        #expect(Self.close(Double(row["ols_slope"] ?? "") ?? .nan, slope))
        // A day that does not exist in the declared order is an error, not a swap.
        let bad = try runABIKit(arguments + ["--date-format", "dd/mm/yyyy"], stdin: Data(monthFirst.utf8))
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("<stdin>:4:3:"))
    }

    @Test func isoDatetimesAreFractionalDaysAndOffsetsAreUTC() throws {
        let csv = "id,t,flow\nA,2024-01-01T00:00:00Z,1\nA,2024-01-01T12:00+02:00,2\nA,2024-01-02 06:00,4\n"
        let result = try runABIKit(["trend", "--subject", "id", "--time", "t", "--measure", "flow", "--time-unit", "days"],
                                   stdin: Data(csv.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let row = try #require(Self.records(result.stdout).first)
        // Times 0, 10/24, 30/24 days.
        let slope = Self.slope([0.0, 10.0 / 24, 30.0 / 24], [1.0, 2, 4])
        #expect(Self.close(Double(row["ols_slope"] ?? "") ?? .nan, slope))
        #expect(row["first_time"] == "2024-01-01")
        #expect(row["last_time"] == "2024-01-02T06:00:00Z")
    }

    @Test func unknownColumnsAndEmptyInputsAreUsageErrors() throws {
        let unknown = try runABIKit(["trend", Paths.fixture("trend/visits.csv"), "--subject", "subject_id", "--time", "visit_date",
                                     "--measure", "flow_rate"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--measure 'flow_rate': no such column"))
        #expect(unknown.stderr.contains("'ankle_blood_flow'"))
        let empty = try runABIKit(["trend", Paths.fixture("cli/empty.csv"), "--subject", "a", "--time", "b", "--measure", "c"])
        #expect(empty.status == 2)
        let noIntervention = try runABIKit(Self.visitsArguments + ["--method", "its"])
        #expect(noIntervention.status == 2)
        #expect(noIntervention.stderr.contains("--intervention"))
    }

    @Test func mismatchedInterventionAndUnreadableValuesAreReported() throws {
        let numeric = "id,session,flow\nA,1,1\nA,2,2\nA,3,oops\nA,4,3\n"
        let mismatch = try runABIKit(["trend", "--subject", "id", "--time", "session", "--measure", "flow",
                                      "--method", "its", "--intervention", "2024-01-01"], stdin: Data(numeric.utf8))
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("--intervention is a date but the time column holds numbers"))
        let text = try runABIKit(["trend", "--subject", "id", "--time", "session", "--measure", "flow"], stdin: Data(numeric.utf8))
        #expect(text.status == 0)
        #expect(text.stderr.contains("<stdin>:4:5: warning: flow 'oops': not a number; counted as missing"))
        let row = try #require(Self.records(text.stdout).first)
        #expect(row["n"] == "3" && row["n_missing"] == "1")
        // Numeric times are used as given: slope of (1, 2, 4) -> (1, 2, 3) by hand.
        #expect(Self.close(Double(row["ols_slope"] ?? "") ?? .nan, Self.slope([1, 2, 4], [1, 2, 3])))
    }

    @Test(arguments: [
        ("id,date,flow\n", 0),                                    // header only: no rows, not an error
        ("id,date,flow\nA,2024-01-01,1\n", 1),                     // one row
        ("id,date,flow\nA,2024-01-01,NaN\nA,2024-02-01,\nA,2024-03-01,NA\n", 1),  // every value missing
    ])
    func shortInputsGiveRowsWithAStatusNeverAnOmission(csv: String, rows: Int) throws {
        let result = try runABIKit(["trend", "--subject", "id", "--time", "date", "--measure", "flow",
                                    "--method", "ols,theil-sen,mann-kendall"], stdin: Data(csv.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let records = Self.records(result.stdout)
        #expect(records.count == rows)
        for row in records {
            #expect(row["status"] == "insufficient_data")
            #expect(row["ols_status"] == "insufficient_data")
            #expect(row["ols_slope"] == "")
        }
        #expect(parseCSV(result.stdout).first?.first == "id", "the header is written")
    }

    @Test func identicalTimesAndConstantValuesAreReportedNotFitted() throws {
        let csv = "id,date,flow\nA,2024-01-01,1\nA,2024-01-01,2\nA,2024-01-01,3\nB,2024-01-01,5\nB,2024-02-01,5\nB,2024-03-01,5\n"
        for method in ["ols", "ols,theil-sen"] {
            let result = try runABIKit(["trend", "--subject", "id", "--time", "date", "--measure", "flow", "--method", method],
                                       stdin: Data(csv.utf8))
            #expect(result.status == 0)
            let rows = Self.records(result.stdout)
            #expect(rows.first { $0["id"] == "A" }?["ols_status"] == "constant_time")
            let b = try #require(rows.first { $0["id"] == "B" })
            #expect(b["ols_status"] == "ok")
            #expect(b["ols_slope"] == "0")
            #expect(b["ols_slope_se"] == "0")
            #expect(b["ols_slope_p"] == "", "no t test on an exact fit")
            #expect(b["ols_r_squared"] == "", "R^2 undefined for constant values")
        }
    }

    @Test func markdownCarriesTheCohortSummaryAndStderrAlwaysDoes() throws {
        let result = try runABIKit(Self.visitsArguments + ["--format", "markdown", "--digits", "3"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("| subject_id | measure | n |"))
        #expect(result.stdout.contains("Cohort summary"))
        #expect(result.stdout.contains("| abi | ols |"))
        #expect(result.stderr.contains("abi ols: 24 series"))
    }

    @Test func resultsDoNotDependOnThreadsOrChunkSize() throws {
        let arguments = Self.visitsArguments + ["--method", "ols,theil-sen,mann-kendall,its", "--intervention", "2022-09-01"]
        let one = try runABIKit(arguments + ["--threads", "1"])
        let many = try runABIKit(arguments + ["--threads", "3", "--chunk-bytes", "97"])
        #expect(one.status == 0)
        #expect(!one.stdout.isEmpty)
        #expect(one.stdout == many.stdout)
    }

    /// `--measure abi` from pressures scores each visit as `abikit score` does and says why a visit
    /// has no ABI (an invalid cell, no brachial pressure): nothing is dropped silently. P2's slope is
    /// the textbook least-squares slope of score's ABIs (0.92, 0.91, 0.91) on years since the first
    /// visit (0, 121 and 244 days; 2024 is a leap year).
    @Test func abiFromPressuresReportsWhyAVisitHasNoABI() throws {
        let result = try runABIKit(["trend", Paths.fixture("trend/pressures_messy.csv"), "--subject", "subject",
                                    "--time", "visit_date", "--measure", "abi", "--method", "ols"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("pressures_messy.csv:3:19: warning: brachial_right 'abc': invalid pressure: not a pressure or a known status word; abi not computed (as abikit score), counted as missing"))
        #expect(result.stderr.contains("pressures_messy.csv:4: warning: abi not computed: no usable brachial pressure"))
        let rows = Self.records(result.stdout)
        let p1 = try #require(rows.first { $0["subject"] == "P1" })
        #expect(p1["n"] == "2" && p1["n_missing"] == "2")
        let p2 = try #require(rows.first { $0["subject"] == "P2" })
        #expect(p2["n"] == "3" && p2["n_missing"] == "0")
        let expected = Self.slope([0, 121 / 365.25, 244 / 365.25], [0.92, 0.91, 0.91])
        let slope = try #require(p2["ols_slope"].flatMap(Double.init))
        #expect(Self.close(slope, expected), "ols_slope \(slope), hand calculation \(expected)")
    }
}
