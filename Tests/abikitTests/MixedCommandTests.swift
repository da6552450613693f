import Foundation
import Testing

/// `abikit mixed` end to end on the fixtures of Scripts/reference/mixed_reference.R.
@Suite("abikit mixed")
struct MixedCommandTests {
    static let resources = Paths.packageRoot.appendingPathComponent("Tests/ABIBatchTests/Resources")
    static func resource(_ name: String) -> String { resources.appendingPathComponent(name).path }

    static func reference(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: resources.appendingPathComponent("mixed_reference.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let fits = try #require(object["fits"] as? [[String: Any]])
        return try #require(fits.first { $0["name"] as? String == name })
    }

    /// CSV output as rows of cells (no quoted commas in these outputs).
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func sleepstudyMatchesLme4() throws {
        let run = try runABIKit(["mixed", Self.resource("mixed_sleepstudy.csv"), "--formula", "Reaction ~ Days + (Days | Subject)", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let table = Self.rows(run.stdout)
        let header = try #require(table.first)
        #expect(header == ["kind", "factor", "term", "estimate", "variance", "std_error", "df", "num_df", "t", "f", "p_value", "ci_low",
                           "ci_high", "n", "groups", "dropped_rows", "criterion", "reml_criterion", "deviance", "log_likelihood", "aic",
                           "bic", "residual_sd", "singular", "level", "ddf_method", "notes"])
        let column = { (name: String) in header.firstIndex(of: name)! }
        let reference = try Self.reference("sleep_slope_reml")
        let fixef = try #require(reference["fixef"] as? [String: Any])
        let estimates = try #require(fixef["estimate"] as? [Double]), dfs = try #require(fixef["df"] as? [Double])
        let fixed = table.filter { $0[0] == "fixed" }
        #expect(fixed.map { $0[column("term")] } == ["(Intercept)", "Days"])
        for (j, row) in fixed.enumerated() {
            let estimate = try #require(Double(row[column("estimate")]))
            let df = try #require(Double(row[column("df")]))
            #expect(abs(estimate - estimates[j]) <= 1e-6 * abs(estimates[j]))
            #expect(abs(df - dfs[j]) <= 1e-4 * dfs[j])
        }
        let sds = table.filter { $0[0] == "sd" }
        #expect(sds.map { $0[column("factor")] } == ["Subject", "Subject", "Residual"])
        #expect(table.filter { $0[0] == "correlation" }.count == 1)
        let logLik = try #require(reference["loglik"] as? Double)
        #expect(abs(try #require(Double(table[1][column("log_likelihood")])) - logLik) <= 1e-6)
        #expect(table[1][column("singular")] == "false")
    }

    @Test func testRanefMarkdownAndMissingRows() throws {
        let dir = try Paths.temporaryDirectory()
        let ranef = dir.appendingPathComponent("blups.csv").path
        let run = try runABIKit(["mixed", Self.resource("mixed_trial.csv"), "--formula", "abi ~ arm * weeks + (1 + weeks | subject)",
                                 "--test", "arm:weeks", "--ranef", ranef, "--format", "markdown"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("| arm:weeks | 2.294 | 1 | 48.10 | 0.1364 |"))
        #expect(run.stdout.contains("3 rows dropped for missing values"))
        #expect(run.stdout.contains("- Missing abi: 3 rows"))
        #expect(run.stderr.contains("missing: abi 3"))
        let blups = Self.rows(try String(contentsOfFile: ranef, encoding: .utf8))
        #expect(blups.first == ["subject", "(Intercept)", "weeks"])
        #expect(blups.count == 61)
        let reference = try Self.reference("trial_slope_reml")
        let values = try #require((reference["ranef"] as? [String: Any])?["values"] as? [String: Any])
        let intercepts = try #require(values["(Intercept)"] as? [Double])
        #expect(abs(try #require(Double(blups[1][1])) - intercepts[0]) <= 1e-6 * (intercepts.map(abs).max() ?? 1))
    }

    @Test func singularFitIsANote() throws {
        let run = try runABIKit(["mixed", Self.resource("mixed_singular.csv"), "--formula", "y ~ time + (1 + time | id)", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"singular\":\"true\""))
        #expect(run.stderr.contains("boundary (singular) fit"))
    }

    @Test func byFitsOneModelPerGroupAndMLFlag() throws {
        let run = try runABIKit(["mixed", Self.resource("mixed_trial.csv"), "--formula", "abi ~ weeks + (1 | subject)", "--by", "arm",
                                 "--ml", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let table = Self.rows(run.stdout)
        #expect(table[0].first == "group")
        #expect(Set(table.dropFirst().map { $0[0] }) == ["control", "treated"])
        #expect(table.dropFirst().allSatisfy { $0.contains("ML") })
    }

    @Test(arguments: [
        ["--formula", "abi ~ weeks + (1 | subjct)"],
        ["--formula", "abi ~ weeks"],
        ["--formula", "abi ~ weeks + (1 | site/subject)"],
        ["--formula", "abi ~ arm * weeks + (1 | subject)", "--test", "weeks"],
        ["--formula", "abi ~ weeks + (1 | subject)", "--level", "1.5"],
    ])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let run = try runABIKit(["mixed", Self.resource("mixed_trial.csv")] + arguments)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(!run.stderr.isEmpty)
        #expect(run.stdout.isEmpty)
    }

    @Test func kenwardRogerOption() throws {
        let run = try runABIKit(["mixed", Self.resource("mixed_trial.csv"), "--formula", "abi ~ arm * weeks + (1 + weeks | subject)",
                                 "--ddf", "kenward-roger", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let table = Self.rows(run.stdout)
        let header = try #require(table.first)
        let kr = try #require((try Self.reference("trial_slope_reml"))["kenward_roger"] as? [String: Any])
        let se = try #require(kr["std_error"] as? [Double]), df = try #require(kr["df"] as? [Double])
        let fixed = table.filter { $0[0] == "fixed" }
        for (j, row) in fixed.enumerated() {
            #expect(abs(try #require(Double(row[header.firstIndex(of: "std_error")!])) - se[j]) <= 1e-6 * se[j])
            #expect(abs(try #require(Double(row[header.firstIndex(of: "df")!])) - df[j]) <= 1e-4 * df[j])
            #expect(row[header.firstIndex(of: "ddf_method")!] == "Kenward-Roger")
        }
        let ml = try runABIKit(["mixed", Self.resource("mixed_trial.csv"), "--formula", "abi ~ weeks + (1 | subject)", "--ddf", "kenward-roger", "--ml"])
        #expect(ml.status == 2, "\(ml.stderr)")
    }

    /// A nested term through the CLI: lme4's estimates, the SDs of both levels, the F test, both
    /// levels' conditional modes in the --ranef file; Kenward-Roger is refused for it (exit 2).
    @Test func nestedSitesAndSubjectsMatchLme4() throws {
        let ranefPath = try Paths.temporaryDirectory().appendingPathComponent("nested-ranef.csv").path
        let run = try runABIKit(["mixed", Self.resource("mixed_nested_trial.csv"), "--formula", "abi ~ arm * weeks + (1 | site/subject)",
                                 "--test", "arm:weeks", "--ranef", ranefPath, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let table = Self.rows(run.stdout)
        let header = try #require(table.first)
        let column = { (name: String) in header.firstIndex(of: name)! }
        let reference = try Self.reference("nested_trial_reml")
        let fixef = try #require(reference["fixef"] as? [String: Any])
        let estimates = try #require(fixef["estimate"] as? [Double])
        let fixed = table.filter { $0[0] == "fixed" }
        #expect(fixed.count == estimates.count)
        for (row, expected) in zip(fixed, estimates) {
            let estimate = try #require(Double(row[column("estimate")]))
            #expect(abs(estimate - expected) <= 1e-6 * abs(expected), "\(row)")
        }
        let sds = table.filter { $0[0] == "sd" }
        #expect(sds.map { $0[column("factor")] } == ["subject:site", "site", "Residual"])
        let varcorr = try #require(reference["varcorr"] as? [String: Any])
        let expectedSDs = try #require(varcorr["sdcor"] as? [Double])
        for (row, expected) in zip(sds, expectedSDs) {
            let sd = try #require(Double(row[column("estimate")]))
            #expect(abs(sd - expected) <= 1e-6 * expected, "\(row)")
        }
        let test = try #require(table.first { $0[0] == "test" })
        let anova = try #require((reference["anova"] as? [[String: Any]])?.first)
        let f = try #require(Double(test[column("f")])), expectedF = try #require(anova["f"] as? Double)
        #expect(abs(f - expectedF) <= 1e-6 * expectedF)
        let ranef = Self.rows(try String(contentsOfFile: ranefPath, encoding: .utf8))
        #expect(ranef.first == ["factor", "level", "(Intercept)"])
        let subjects = ranef.filter { $0[0] == "subject:site" }, sites = ranef.filter { $0[0] == "site" }
        #expect(subjects.count == 61 && sites.count == 8)
        let outer = try #require(reference["ranef_outer"] as? [String: Any])
        #expect(sites.map { $0[1] } == (outer["levels"] as? [String]))
        let kr = try runABIKit(["mixed", Self.resource("mixed_nested_trial.csv"), "--formula", "abi ~ weeks + (1 | site/subject)",
                                "--ddf", "kenward-roger"])
        #expect(kr.status == 2 && kr.stderr.contains("one grouping factor"), "\(kr.stderr)")
    }

    @Test func headerOnlyInputIsADataError() throws {
        let run = try runABIKit(["mixed", "--formula", "y ~ t + (1 | g)"], stdin: Data("y,t,g\n".utf8))
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("too few complete rows") || run.stderr.contains("no rows"))
    }
}
