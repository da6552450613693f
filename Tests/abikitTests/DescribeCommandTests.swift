import Foundation
import Testing

/// End-to-end `abikit describe` and `--table1` against numpy and scipy.stats
/// (Scripts/reference/describe_cli_reference.py on Fixtures/describe/cohort.csv).
@Suite struct DescribeCommandTests {
    /// Relative 1e-9: mean, SD and quantiles are exact algorithms on both sides; the p-values come
    /// from our t, F, chi-square and normal distributions, checked elsewhere to about 1e-12.
    static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * max(abs(a), abs(b)) || abs(a - b) <= 1e-14
    }

    @Test func describeByGroupMatchesNumpyAndScipy() throws {
        let result = try runABIKit(["describe", Paths.fixture("describe/cohort.csv"), "--by", "arm",
                                    "--columns", "age,diabetes,abi,ankle_blood_flow"])
        #expect(result.status == 0, "\(result.stderr)")
        let actual = TrendCommandTests.records(result.stdout)
        let expected = try TrendCommandTests.expected("../describe/expected_describe.csv")
        #expect(actual.count == expected.count && actual.count == 8)
        var checked = 0
        for reference in expected {
            let row = try #require(actual.first { $0["arm"] == reference["arm"] && $0["column"] == reference["column"] })
            for (column, want) in reference where column != "arm" && column != "column" {
                if want.isEmpty { #expect(row[column] == "", "\(column) blank"); continue }
                let got = Double(row[column] ?? "") ?? .nan
                #expect(Self.close(got, Double(want)!), "\(reference["arm"]!) \(reference["column"]!) \(column): \(got) vs \(want)")
                checked += 1
            }
        }
        #expect(checked >= 90)
    }

    /// Table 1 rows by variable and level, with the footnote letters resolved to test names.
    func table1(by: String) throws -> (rows: [[String: String]], tests: [String: String], headers: [String]) {
        let result = try runABIKit(["describe", Paths.fixture("describe/cohort.csv"), "--table1", "--by", by,
                                    "--columns", "age,sex,diabetes,abi,ankle_blood_flow,rare",
                                    "--categorical", "diabetes", "--nonnormal", "ankle_blood_flow"])
        #expect(result.status == 0, "\(result.stderr)")
        var tests: [String: String] = [:]
        for line in result.stderr.split(separator: "\n") where line.hasPrefix("abikit describe: test ") {
            let text = line.dropFirst("abikit describe: test ".count)
            let parts = text.split(separator: ":", maxSplits: 1)
            tests[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return (TrendCommandTests.records(result.stdout), tests, parseCSV(result.stdout).first ?? [])
    }

    @Test(arguments: ["arm", "site"])
    func table1PValuesTestsAndPercentagesMatchScipy(by: String) throws {
        let (rows, tests, headers) = try table1(by: by)
        let expected = try TrendCommandTests.expected("../describe/expected_table1.csv").filter { $0["by"] == by }
        #expect(expected.count > 10)
        for reference in expected {
            let row = try #require(rows.first { $0["variable"] == reference["variable"] && $0["level"] == reference["level"] },
                                   "\(reference["variable"]!) \(reference["level"]!)")
            if let p = reference["p_value"], !p.isEmpty {
                let got = Double(row["p_value"] ?? "") ?? .nan
                #expect(Self.close(got, Double(p)!), "\(reference["variable"]!): p \(got) vs \(p)")
                #expect(tests[row["test"] ?? ""] == reference["test"], "\(reference["variable"]!): test")
            } else {
                // Group columns in order of first appearance in the file, as the reference writes them.
                let ordered = headers.filter { $0.contains("(n = ") && !$0.hasPrefix("overall") }
                #expect(ordered.map { row[$0] ?? "" }.joined(separator: " | ") == reference["cells"])
            }
        }
    }

    @Test func table1CountsMissingAndRendersFootnotesInMarkdown() throws {
        let result = try runABIKit(["describe", Paths.fixture("describe/cohort.csv"), "--table1", "--by", "arm",
                                    "--columns", "abi,rare", "--format", "markdown"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("| abi | missing |"))
        #expect(result.stdout.contains("a: Welch two-sample t test"))
        #expect(result.stdout.contains("b: Fisher's exact test"))
    }

    @Test func emptyInputsOneRowAndUnknownColumns() throws {
        let unknown = try runABIKit(["describe", Paths.fixture("describe/cohort.csv"), "--columns", "weight"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--columns 'weight': no such column"))
        let empty = try runABIKit(["describe", Paths.fixture("cli/empty.csv")])
        #expect(empty.status == 2)
        let one = try runABIKit(["describe", "--columns", "x"], stdin: Data("x,y\n2.5,a\n".utf8))
        #expect(one.status == 0)
        let row = try #require(TrendCommandTests.records(one.stdout).first)
        #expect(row["n"] == "1" && row["mean"] == "2.5" && row["median"] == "2.5")
        #expect(row["sd"] == "", "SD of one value is undefined, not 0 or NaN")
        let constant = try runABIKit(["describe"], stdin: Data("x\n3\n3\nNA\n3\n".utf8))
        let c = try #require(TrendCommandTests.records(constant.stdout).first)
        #expect(c["n"] == "3" && c["n_missing"] == "1" && c["sd"] == "0" && c["iqr"] == "0")
    }
}
