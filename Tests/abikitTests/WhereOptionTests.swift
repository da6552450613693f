import Foundation
import Testing

/// `--where` on every command, end to end. The reference is the same command run on a file that
/// holds only the rows the filter should keep (selected here by a plain predicate on the fields):
/// the output must be byte-identical, so the filter removes exactly those rows and nothing else.
@Suite struct WhereOptionTests {
    /// Writes `header` and the data lines of `fixture` for which `keep` holds (fields split on ',',
    /// which the fixtures used here never quote) to a temporary file.
    func prefiltered(_ fixture: String, keep: ([String: String]) -> Bool) throws -> String {
        let text = try String(contentsOfFile: Paths.fixture(fixture), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var kept = [lines[0]]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if keep(Dictionary(uniqueKeysWithValues: zip(header, fields))) { kept.append(line) }
        }
        #expect(kept.count > 2 && kept.count < lines.count, "the filter should keep some rows and remove some")
        let url = try Paths.temporaryDirectory().appendingPathComponent("kept.csv")
        try (kept.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let columnCommands: [(String, [String], String, String, @Sendable ([String: String]) -> Bool)] = [
        ("describe", ["--by", "arm", "--columns", "age,abi"], "describe/cohort.csv", "sex == 'F' and age >= 60",
         { $0["sex"] == "F" && Double($0["age"]!)! >= 60 }),
        ("describe", ["--by", "arm", "--table1"], "describe/cohort.csv", "site in ('Leeds', 'York')",
         { ["Leeds", "York"].contains($0["site"]!) }),
        // A missing cell fails every comparison, != included (as SQL's NULL): the row with no sex goes too.
        ("regress", ["--formula", "abi ~ age + bmi"], "regress/study.csv", "sex != 'male'", { $0["sex"] != "male" && $0["sex"] != "" }),
        ("correlate", ["--columns", "age,bmi,abi"], "regress/study.csv", "abi <= 1.0 or site == 'C'",
         { (Double($0["abi"]!) ?? .nan) <= 1.0 || $0["site"] == "C" }),
    ]

    @Test(arguments: 0..<columnCommands.count)
    func columnCommandEqualsThePrefilteredFile(case index: Int) throws {
        let (command, options, fixture, filter, keep) = Self.columnCommands[index]
        let kept = try prefiltered(fixture, keep: keep)
        let filtered = try runABIKit([command, Paths.fixture(fixture), "--where", filter] + options)
        let reference = try runABIKit([command, kept] + options)
        #expect(filtered.status == 0, "\(filtered.stderr)")
        #expect(reference.status == 0, "\(reference.stderr)")
        #expect(filtered.stdout == reference.stdout)
        // The removal is never silent, with --quiet too.
        let quiet = try runABIKit([command, Paths.fixture(fixture), "--where", filter, "--quiet"] + options)
        #expect(quiet.stderr.contains("abikit \(command): --where \(filter): "))
        #expect(quiet.stderr.contains(" rows removed, "))
    }

    @Test func scoreWritesOnlyKeptRowsAndSaysHowManyWereRemoved() throws {
        let keep: ([String: String]) -> Bool = { $0["Method"] == "Doppler" }
        let kept = try prefiltered("demo/clinic.csv", keep: keep)
        let filtered = try runABIKit(["score", Paths.fixture("demo/clinic.csv"), "--where", "Method == 'Doppler'", "--threads", "1"])
        let reference = try runABIKit(["score", kept, "--threads", "1"])
        #expect(filtered.status == 0)
        let filteredRows = parseCSV(filtered.stdout), referenceRows = parseCSV(reference.stdout)
        // Same rows and results; message columns may differ only by the line numbers they cite.
        #expect(filteredRows.count == referenceRows.count)
        #expect(filteredRows.map { $0.dropLast() } == referenceRows.map { $0.dropLast() })
        let total = try String(contentsOfFile: Paths.fixture("demo/clinic.csv"), encoding: .utf8)
            .split(separator: "\n").count - 1
        let removed = total - (filteredRows.count - 1)
        #expect(filtered.stderr.contains("abikit score: --where Method == 'Doppler': \(removed) of \(total) rows removed, \(total - removed) kept"))
    }

    /// A message about a row keeps the row's line in the input, not its place among the kept rows.
    @Test func validateKeepsTheInputLineNumbers() throws {
        let all = try runABIKit(["validate", Paths.fixture("cli/ragged_bom_crlf.csv"), "--quiet"])
        let filtered = try runABIKit(["validate", Paths.fixture("cli/ragged_bom_crlf.csv"), "--where", "subject != 'P1'", "--quiet"])
        let problems = all.stdout.split(separator: "\n").filter { !$0.contains(":2:") && !$0.contains(":2: ") }
        #expect(!problems.isEmpty)
        for line in problems { #expect(filtered.stdout.contains(line), "\(line)") }
        #expect(filtered.stderr.contains("1 of "))
    }

    @Test func trendOnKeptSubjectsEqualsThePrefilteredFile() throws {
        let keep: ([String: String]) -> Bool = { $0["subject_id"]! < "T010" }
        let kept = try prefiltered("trend/visits.csv", keep: keep)
        let options = ["--subject", "subject_id", "--time", "visit_date", "--measure", "abi,plantar_temp", "--method", "ols,theil-sen"]
        let filtered = try runABIKit(["trend", Paths.fixture("trend/visits.csv"), "--where", "subject_id < 'T010'"] + options)
        let reference = try runABIKit(["trend", kept] + options)
        #expect(filtered.status == 0, "\(filtered.stderr)")
        #expect(filtered.stdout == reference.stdout)
    }

    @Test(arguments: [
        (["describe", "describe/cohort.csv"], "agee > 60", "no column 'agee'"),
        (["score", "demo/clinic.csv"], "Method == 'Doppler' and methd == 1", "no column 'methd'"),
        (["trend", "trend/visits.csv", "--subject", "subject_id", "--time", "visit_date", "--measure", "abi"], "x == 1", "no column 'x'"),
        (["correlate", "regress/study.csv", "--columns", "age,abi"], "age >", "expected"),
    ])
    func unknownColumnOrBadSyntaxIsAUsageErrorWithACaret(arguments: [String], filter: String, message: String) throws {
        let result = try runABIKit([arguments[0], Paths.fixture(arguments[1])] + arguments.dropFirst(2) + ["--where", filter])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message))
        #expect(result.stderr.contains("  \(filter)\n"))
        #expect(result.stderr.contains("^"))
        #expect(result.stdout.isEmpty)
    }
}
