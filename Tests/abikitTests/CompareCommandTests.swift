import Foundation
import Testing

/// `abikit compare` end to end on Fixtures/compare/ against the rows of
/// Scripts/reference/compare_cli_reference.py (scipy, pingouin, statsmodels, multipletests).
@Suite struct CompareCommandTests {
    static let trial = Paths.fixture("compare/trial.csv")
    static let legs = Paths.fixture("compare/legs.csv")
    static let quantities = ["n", "estimate", "ci_low", "ci_high", "statistic", "df", "p", "p_adjusted", "rank_statistic", "rank_p",
                             "rank_p_adjusted", "effect_size", "effect_size_2"]

    /// Every reference row has exactly one output row with the same measure, comparison, group and
    /// versus, and every quantity the reference gives agrees to 1e-9 relative.
    func check(_ input: String, _ arguments: [String], expected file: String, only: Set<String>? = nil,
               comparisons: Set<String>? = nil) throws -> CommandResult {
        let result = try runABIKit(["compare", input] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let actual = outputRows(result)
        let expected = try referenceRows(file).filter { comparisons == nil || comparisons!.contains($0["comparison"] ?? "") }
        #expect(!expected.isEmpty)
        for reference in expected {
            let key = ["measure", "comparison", "group", "versus"].map { reference[$0] ?? "" }
            let matches = actual.filter { row in ["measure", "comparison", "group", "versus"].map { row[$0] ?? "" } == key }
            #expect(matches.count == 1, "\(key): \(matches.count) rows")
            guard let row = matches.first else { continue }
            for quantity in only ?? Set(Self.quantities) {
                guard let value = reference[quantity], !value.isEmpty else { continue }
                #expect(agrees(row[quantity], value, relative: 1e-9), "\(key) \(quantity): abikit \(row[quantity] ?? "-") vs reference \(value)")
            }
        }
        return result
    }

    @Test func pairedWithGroupsAndANCOVAMatchScipyPingouinStatsmodels() throws {
        let result = try check(Self.trial, ["--subject", "id", "--time", "week", "--from", "0", "--to", "12", "--measure", "abi,ankle_blood_flow",
                                "--by", "arm", "--adjust", "baseline"], expected: "compare/expected_paired.csv")
        // Missing visits are counted and named, never dropped silently.
        #expect(result.stderr.contains("abi: 2 subjects without a value at both times left out: S05, S08"))
        #expect(result.stderr.contains("ankle_blood_flow: 3 subjects without a value at both times left out: S03, S05, S08"))
        let rows = outputRows(result)
        #expect(rows.count == 8)
        #expect(rows.allSatisfy { $0["notes"]?.contains("family(") == true })
    }

    @Test func threeIndependentGroupsWithWhereMatchScipyAndPingouin() throws {
        let result = try check(Self.trial, ["--group", "site", "--measure", "abi,ankle_blood_flow", "--where", "week == 0"],
                               expected: "compare/expected_groups.csv")
        #expect(result.stderr.contains("from 15 of 46 rows"))
    }

    @Test func legsAreClusteredOrAggregated() throws {
        // Two legs per subject: the ANCOVA uses cluster-robust SE by subject (statsmodels cluster, use_t).
        let clustered = try check(Self.legs, ["--subject", "id", "--time", "week", "--from", "0", "--to", "8", "--measure", "abi", "--by", "arm",
                                   "--adjust", "baseline"], expected: "compare/expected_legs.csv",
                                  only: ["estimate", "ci_low", "ci_high", "statistic", "p"], comparisons: ["ancova"])
        let within = outputRows(clustered).filter { $0["comparison"] == "within" }
        #expect(within.count == 2 && within.allSatisfy { $0["notes"]?.contains("clustered_pairs(10 values from 5 subjects)") == true })
        #expect(clustered.stderr.contains("--aggregate mean"))
        // --aggregate mean: one pair per subject (the within rows of the reference).
        let aggregated = try runABIKit(["compare", Self.legs, "--subject", "id", "--time", "week", "--from", "0", "--to", "8",
                                        "--measure", "abi", "--by", "arm", "--aggregate", "mean"])
        #expect(aggregated.status == 0)
        let expected = try referenceRows("compare/expected_legs.csv").filter { $0["comparison"] == "within" }
        let rows = outputRows(aggregated).filter { $0["comparison"] == "within" }
        #expect(rows.count == 2 && expected.count == 2)
        for (row, reference) in zip(rows, expected) {
            #expect(row["group"] == reference["group"] && row["n"] == "5")
            for quantity in ["estimate", "ci_low", "ci_high", "statistic", "p", "effect_size"] {
                #expect(agrees(row[quantity], reference[quantity], relative: 1e-9), "\(quantity)")
            }
            #expect(row["notes"]?.contains("clustered") == false)
        }
    }

    @Test func independentGroupsWithLegsAreFlaggedAndStudentIsAnOption() throws {
        let result = try runABIKit(["compare", Self.legs, "--group", "arm", "--measure", "abi", "--subject", "id", "--where", "week == 0",
                                    "--student", "--p-adjust", "bh"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = outputRows(result)
        let row = try #require(rows.first)
        #expect(rows.count == 1 && row["comparison"] == "between")
        #expect(row["notes"]?.contains("clustered_pairs(20 values from 10 subjects)") == true)
        #expect(row["test"] == "Student two-sample t test" && row["df"] == "18")
        #expect(row["notes"]?.contains("family(between: 1 tests, bh)") == true)
    }

    @Test func wideDataEqualsLongData() throws {
        // The same pairs as wide columns give the same within rows.
        let directory = try Paths.temporaryDirectory()
        let wide = directory.appendingPathComponent("wide.csv")
        try "id,arm,abi_w0,abi_w12\nA,x,0.80,0.85\nB,x,0.90,0.99\nC,x,0.70,0.70\nD,x,1.00,1.10\nE,y,0.75,0.74\nF,y,0.88,0.90\nG,y,0.66,\n"
            .write(to: wide, atomically: true, encoding: .utf8)
        let result = try runABIKit(["compare", wide.path, "--pre", "abi_w0", "--post", "abi_w12", "--by", "arm", "--subject", "id"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = outputRows(result)
        let x = try #require(rows.first { $0["comparison"] == "within" && $0["group"] == "x" })
        #expect(x["n"] == "4" && x["measure"] == "abi_w0->abi_w12")
        let changes: [Double] = [0.85 - 0.80, 0.99 - 0.90, 0.70 - 0.70, 1.10 - 1.00]
        let mean = changes.reduce(0, +) / 4
        #expect(agrees(x["estimate"], String(mean), relative: 1e-12))
        #expect(result.stderr.contains("1 subject without a value at both times left out: G"))
    }

    @Test func usageErrorsAndWhereCaret() throws {
        let missing = try runABIKit(["compare", Self.trial, "--measure", "abi"])
        #expect(missing.status == 2 && missing.stderr.contains("--subject"))
        let bad = try runABIKit(["compare", Self.trial, "--group", "site", "--measure", "abi", "--where", "week = 0"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--where: at character 6: expected '==' (a single '=' is not a comparison)"))
        #expect(bad.stderr.contains("  week = 0\n       ^"))
        let unknown = try runABIKit(["compare", Self.trial, "--group", "site", "--measure", "abi", "--where", "visit == 0"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no column 'visit'"))
        let column = try runABIKit(["compare", Self.trial, "--group", "site", "--measure", "nope"])
        #expect(column.status == 2 && column.stderr.contains("nope"))
        let adjust = try runABIKit(["compare", Self.trial, "--group", "site", "--measure", "abi", "--adjust", "baseline"])
        #expect(adjust.status == 2)
    }

    @Test func everyFormatReParses() throws {
        let arguments = ["compare", Self.trial, "--subject", "id", "--time", "week", "--from", "0", "--to", "12", "--measure", "abi", "--by", "arm"]
        let json = try runABIKit(arguments + ["--format", "json"])
        #expect(json.status == 0)
        let lines = json.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["measure"] as? String == "abi")
        }
        let markdown = try runABIKit(arguments + ["--format", "markdown"])
        #expect(markdown.status == 0 && markdown.stdout.hasPrefix("| measure | comparison |"))
        let tsv = try runABIKit(arguments + ["--format", "tsv"])
        #expect(tsv.stdout.split(separator: "\n").allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 33 })
    }
}
