import Foundation
import Testing

/// Rows of a reference CSV written by Scripts/reference/regress_cli_reference.py (statsmodels,
/// pandas), as dictionaries by column name; `#` lines name the script and versions.
func referenceRows(_ relative: String) throws -> [[String: String]] {
    let text = try String(contentsOfFile: Paths.fixture(relative), encoding: .utf8)
    let rows = parseCSV(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n") + "\n")
    let header = rows[0]
    return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}

/// Rows of abikit's CSV output as dictionaries.
func outputRows(_ result: CommandResult) -> [[String: String]] {
    let rows = parseCSV(result.stdout)
    guard let header = rows.first else { return [] }
    return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}

/// Whether `actual` (abikit's text) equals `expected` (reference text) to `relative` tolerance;
/// a blank cell matches `nan`.
func agrees(_ actual: String?, _ expected: String?, relative: Double) -> Bool {
    guard let actual, let expected else { return false }
    if expected == "nan" { return actual.isEmpty }
    guard let a = Double(actual), let e = Double(expected) else { return false }
    return abs(a - e) <= relative * max(abs(a), abs(e)) + 1e-300
}

@Suite struct RegressCommandTests {
    static let study = Paths.fixture("regress/study.csv")
    /// Quantities compared with statsmodels (same column names in both files).
    static let quantities = ["estimate", "std_error", "t", "p_value", "ci_low", "ci_high", "n", "dropped_rows", "df_resid",
                             "r_squared", "adj_r_squared", "f_statistic", "f_p_value", "residual_se", "log_likelihood", "aic", "bic"]

    /// Runs `abikit regress` and compares every coefficient row and fit statistic with the
    /// statsmodels rows of `model` at 1e-9 relative (both sides are exact algorithms; abikit uses
    /// QR with refinement, statsmodels the pseudo-inverse: they agree to about 1e-13 here).
    func compare(model: String, arguments: [String]) throws {
        let result = try runABIKit(["regress", Self.study] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try referenceRows("regress/expected_regress.csv").filter { $0["model"] == model }
        let actual = outputRows(result)
        #expect(expected.count >= 3)
        #expect(actual.count == expected.count, "one output row per coefficient")
        for (reference, row) in zip(expected, actual) {
            #expect(row["term"] == reference["term"])
            if let group = reference["group"], !group.isEmpty { #expect(row["group"] == group) }
            // statsmodels takes the condition number from the eigenvalues of X^T X, accurate only to
            // about eps * kappa^2 relative (1e-6 for kappa = 1e5), abikit from the singular values of X.
            #expect(agrees(row["condition_number"], reference["condition_number"], relative: 1e-6),
                    "\(model) condition number: abikit \(row["condition_number"] ?? "-") vs statsmodels \(reference["condition_number"] ?? "-")")
            for quantity in Self.quantities {
                #expect(agrees(row[quantity], reference[quantity], relative: 1e-9),
                        "\(model) \(reference["term"] ?? "") \(quantity): abikit \(row[quantity] ?? "-") vs statsmodels \(reference[quantity] ?? "-")")
            }
        }
    }

    @Test func factorWithReferenceLevelAndInteractionMatchesStatsmodels() throws {
        try compare(model: "factor_interaction",
                    arguments: ["--formula", "abi ~ age + site + bmi + age:bmi", "--reference", "site=B"])
    }

    @Test func hc3StandardErrorsMatchStatsmodels() throws {
        try compare(model: "factor_interaction_hc3",
                    arguments: ["--formula", "abi ~ age + site + bmi + age:bmi", "--reference", "site=B", "--robust", "hc3"])
    }

    @Test func clusterRobustBySubjectMatchesStatsmodels() throws {
        try compare(model: "cluster_subject", arguments: ["--formula", "abi ~ years + sex", "--robust", "cluster:subject"])
        let result = try runABIKit(["regress", Self.study, "--formula", "abi ~ years + sex", "--robust", "cluster:subject"])
        let first = try #require(outputRows(result).first)
        #expect(first["covariance"] == "cluster(subject; 16 clusters)")
        #expect(first["f_df_denom"] == "15", "t and F on G - 1 = 15 degrees of freedom")
    }

    @Test func rankDeficientModelNamesTheAliasedTerm() throws {
        try compare(model: "rank_deficient", arguments: ["--formula", "abi ~ age + age_months + bmi"])
        let result = try runABIKit(["regress", Self.study, "--formula", "abi ~ age + age_months + bmi"])
        let rows = outputRows(result)
        let aliased = try #require(rows.first { $0["term"] == "age_months" })
        #expect(aliased["estimate"] == "")
        #expect(aliased["notes"]?.contains("term age_months not estimable") == true)
        #expect(result.stderr.contains("term age_months not estimable"))
    }

    @Test func missingRowsAreDroppedCountedAndReported() throws {
        let result = try runABIKit(["regress", Self.study, "--formula", "abi ~ age + bmi"])
        let first = try #require(outputRows(result).first)
        // Row 5 has a blank bmi and row 17 abi = NA (see the reference script): 64 - 2 = 62.
        #expect(first["n"] == "62")
        #expect(first["dropped_rows"] == "2")
        #expect(result.stderr.contains("2 rows dropped for missing values"))
    }

    /// A transformation out of its domain names the input's data row, whatever --where, missing
    /// values and --by groups left out before it (data row 5 here: x = 0, after a filtered row
    /// and a blank x); it is a data error (exit 1), and with --by only its group fails.
    @Test func nonFiniteTransformNamesTheInputRow() throws {
        let csv = "y,x,g\n1,1,a\n2,2,b\n3,3,a\n4,,a\n5,0,a\n6,6.5,a\n7,7,a\n"
        let filtered = try runABIKit(["regress", "--formula", "y ~ log(x)", "--where", "g == 'a'"], stdin: Data(csv.utf8))
        #expect(filtered.status == 1)
        #expect(filtered.stderr.contains("column 'log(x)': value -inf in data row 5 is not finite"), "\(filtered.stderr)")
        let grouped = try runABIKit(["regress", "--formula", "y ~ log(x)", "--by", "g"], stdin: Data((csv + "8,8,b\n9,9,b\n").utf8))
        #expect(grouped.stderr.contains("group 'a': column 'log(x)': value -inf in data row 5 is not finite"), "\(grouped.stderr)")
        #expect(outputRows(grouped).contains { $0["group"] == "b" }, "the other group is still fitted")
    }

    @Test func byGroupsFitsOneModelPerGroupInFirstAppearanceOrder() throws {
        try compare(model: "by_site", arguments: ["--formula", "abi ~ age + years", "--by", "site"])
        let result = try runABIKit(["regress", Self.study, "--formula", "abi ~ age + years", "--by", "site"])
        let groups = outputRows(result).map { $0["group"] ?? "" }
        #expect(groups == ["C", "C", "C", "A", "A", "A", "B", "B", "B"])
    }

    @Test func badFormulaIsAUsageErrorPointingAtTheCharacter() throws {
        let result = try runABIKit(["regress", Self.study, "--formula", "abi ~ age + * bmi"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--formula: at character 13: expected a term"))
        #expect(result.stderr.contains("  abi ~ age + * bmi\n              ^"))
    }

    @Test func unknownColumnIsAUsageErrorListingTheHeaders() throws {
        let result = try runABIKit(["regress", Self.study, "--formula", "abi ~ age + weight"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no column 'weight'; the header has 8 columns: 'subject', 'site', 'sex', 'age'"))
        let cluster = try runABIKit(["regress", Self.study, "--formula", "abi ~ age", "--robust", "cluster:patient"])
        #expect(cluster.status == 2)
        #expect(cluster.stderr.contains("no column 'patient'"))
    }

    @Test(arguments: [["--robust", "hc9"], ["--level", "1.5"], ["--reference", "site"], ["--bootstrap", "1"], ["--threads", "0"]])
    func badOptionsExitTwo(options: [String]) throws {
        let result = try runABIKit(["regress", Self.study, "--formula", "abi ~ age"] + options)
        #expect(result.status == 2, "\(options)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func unknownReferenceLevelIsAUsageError() throws {
        let result = try runABIKit(["regress", Self.study, "--formula", "abi ~ site", "--reference", "site=Z"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("factor 'site' has no level 'Z'"))
    }

    @Test func badNumericCellsAreReportedWithFileLineAndColumn() throws {
        let path = Paths.fixture("regress/bad_cell.csv")
        let result = try runABIKit(["regress", path, "--formula", "y ~ x"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("\(path):3:3: warning: x: 'abc' is not a number"))
        #expect(result.stderr.contains("1 cell that is not a number read as missing"))
        let first = try #require(outputRows(result).first)
        #expect(first["n"] == "3", "rows 2 (x = abc) and 3 (y blank) dropped")
        #expect(first["dropped_rows"] == "2")
    }

    @Test func markdownShowsTheCoefficientTableFitStatisticsAndNotes() throws {
        let result = try runABIKit(["regress", Self.study, "--formula", "abi ~ age + age_months + bmi", "--robust", "hc3",
                                    "--format", "markdown"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "### `abi ~ age + age_months + bmi`")
        #expect(lines[2] == "| term | estimate | std. error | t | p | 2.5 % | 97.5 % |")
        #expect(lines[3] == "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        #expect(lines[4].hasPrefix("| Intercept | 0.693435 | "))
        #expect(lines[6] == "| age_months | NA | NA | NA | NA | NA | NA |")
        #expect(lines[7].hasPrefix("| bmi | 0.0158233 | "))
        #expect(result.stdout.contains("- Observations: 62 (2 dropped for missing values)"))
        #expect(result.stdout.contains("- Residual standard error: 0.07956 on 59 degrees of freedom"))
        #expect(result.stdout.contains("- R²: 0.4853, adjusted R²: 0.4678"))
        #expect(result.stdout.contains("- Covariance: HC3 heteroscedasticity-robust (MacKinnon & White 1985)"))
        #expect(result.stdout.contains("- Note: term age_months not estimable"))
    }

    @Test func bootstrapIsReproducibleForAnyThreadCountAndDependsOnTheSeed() throws {
        let base = ["regress", Self.study, "--formula", "abi ~ age + bmi", "--bootstrap", "200"]
        let one = try runABIKit(base + ["--seed", "7", "--threads", "1"])
        let two = try runABIKit(base + ["--seed", "7", "--threads", "2"])
        let other = try runABIKit(base + ["--seed", "8", "--threads", "2"])
        #expect(one.status == 0)
        #expect(one.stdout == two.stdout)
        #expect(one.stdout != other.stdout)
        for row in outputRows(one) {
            let low = try #require(Double(row["boot_ci_low"] ?? "")), high = try #require(Double(row["boot_ci_high"] ?? ""))
            let estimate = try #require(Double(row["estimate"] ?? "")), se = try #require(Double(row["std_error"] ?? ""))
            #expect(low < estimate && estimate < high)
            // The percentile interval is of the same size as the classical one (within a factor 2 here).
            #expect((high - low) > 2 * 1.96 * se / 2 && (high - low) < 2 * 1.96 * se * 2)
        }
    }

    @Test func writesTheOutputFileAtomicallyAndJSONLines() throws {
        let directory = try Paths.temporaryDirectory()
        let target = directory.appendingPathComponent("fit.json").path
        let result = try runABIKit(["regress", Self.study, "--formula", "abi ~ age", "--format", "json", "-o", target])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let lines = try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["term"] as? String == "Intercept")
        #expect(object["n"] as? Int == 63)
    }

    @Test func helpHasExamplesAndExitsZero() throws {
        for command in ["regress", "correlate"] {
            let result = try runABIKit([command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("Examples:"))
            #expect(result.stdout.contains("abikit \(command) study.csv"))
        }
        let root = try runABIKit(["--help"])
        #expect(root.stdout.contains("regress") && root.stdout.contains("correlate"))
    }

    @Test func readsDecimalCommaFilesAndFilesWithoutHeaders() throws {
        // y = 1 + 2x exactly: the fit must recover the line whatever the dialect.
        let semicolon = try runABIKit(["regress", "--formula", "y ~ x"], stdin: Data("x;y\n0,5;2\n1,5;4\n2,5;6\n4;9\n".utf8))
        #expect(semicolon.status == 0, "\(semicolon.stderr)")
        let rows = outputRows(semicolon)
        #expect(agrees(rows.first?["estimate"], "1", relative: 1e-12))
        #expect(agrees(rows.last?["estimate"], "2", relative: 1e-12))
        let bare = try runABIKit(["regress", "--no-headers", "--formula", "V2 ~ V1"], stdin: Data("0.5,2\n1.5,4\n2.5,6\n4,9\n".utf8))
        #expect(bare.status == 0, "\(bare.stderr)")
        #expect(outputRows(bare).map { $0["term"] } == ["Intercept", "V1"])
        #expect(agrees(outputRows(bare).last?["estimate"], "2", relative: 1e-12))
        let quoted = try runABIKit(["regress", "--formula", "`L PT (mmHg)` ~ age"], stdin: Data("L PT (mmHg),age\n3,1\n5,2\n7,3\n10,4.5\n".utf8))
        #expect(quoted.status == 0, "\(quoted.stderr)")
        #expect(agrees(outputRows(quoted).last?["estimate"], "2", relative: 1e-12), "a name with spaces in backticks")
    }

    @Test func edgeCases() throws {
        let empty = try runABIKit(["regress", Paths.fixture("cli/empty.csv"), "--formula", "y ~ x"])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("the input is empty"))
        // Header only, or a column with no values: no complete row, a data error.
        let headerOnly = try runABIKit(["regress", "--formula", "y ~ x"], stdin: Data("x,y\n".utf8))
        #expect(headerOnly.status == 1)
        #expect(headerOnly.stderr.contains("too few complete rows"))
        let allMissing = try runABIKit(["regress", "--formula", "y ~ x + m"], stdin: Data("x,y,m\n1,2,\n2,3,NA\n3,5,\n".utf8))
        #expect(allMissing.status == 1)
        // One row: the intercept is the value; x cannot be estimated; no degrees of freedom for inference.
        let one = try runABIKit(["regress", "--formula", "y ~ x"], stdin: Data("x,y\n1,2\n".utf8))
        #expect(one.status == 0)
        let rows = outputRows(one)
        #expect(rows.map { $0["estimate"] } == ["2", ""])
        #expect(rows[0]["std_error"] == "")
        #expect(rows[0]["notes"]?.contains("no residual degrees of freedom") == true)
        // A constant predictor is aliased with the intercept and named.
        let constant = try runABIKit(["regress", "--formula", "y ~ x + c"], stdin: Data("x,y,c\n1,2,5\n2,3,5\n3,5,5\n4,4,5\n".utf8))
        #expect(constant.status == 0)
        #expect(outputRows(constant).last?["notes"]?.contains("term c not estimable") == true)
    }
}
