import Foundation
import Testing

/// `abikit agree` end to end on Fixtures/agree (written by Scripts/reference/agree_reference.R),
/// compared with that script's R values (Tests/ABIStatisticsTests/Resources/agree_r.json) at 1e-10.
@Suite struct AgreeCommandTests {
    static let methods = Paths.fixture("agree/methods.csv")
    static let raters = Paths.fixture("agree/raters.csv")

    static func reference() throws -> [String: Any] {
        let url = Paths.packageRoot.appendingPathComponent("Tests/ABIStatisticsTests/Resources/agree_r.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The output row for (analysis, quantity, ci_method).
    func row(_ rows: [[String: String]], _ analysis: String, _ quantity: String, _ method: String? = nil,
             column: String? = nil) -> [String: String]? {
        rows.first { $0["analysis"] == analysis && $0["quantity"] == quantity && (method == nil || $0["ci_method"] == method)
            && (column == nil || $0["column"] == column) }
    }

    func expectValue(_ text: String?, _ expected: Any?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let e = (expected as? NSNumber)?.doubleValue
        #expect(e != nil && agrees(text, e.map { "\($0)" }, relative: 1e-10), "\(what): \(text ?? "-") vs \(e.map { "\($0)" } ?? "-")",
                sourceLocation: sourceLocation)
    }

    @Test func methodComparisonMatchesR() throws {
        let result = try runABIKit(["agree", Self.methods, "--a", "abi_osc", "--b", "abi_dop", "--subject", "id", "--cutoff", "le-0.90"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = outputRows(result)
        let ref = try Self.reference()
        let abi = try #require(ref["abi"] as? [String: Any])
        // Unusable cells counted per column and reason; nothing dropped silently.
        #expect(row(rows, "data", "rows")?["estimate"] == "85")
        #expect(row(rows, "data", "usable_pairs")?["estimate"] == "80")
        #expect(row(rows, "data", "excluded_pairs")?["estimate"] == "5")
        #expect(row(rows, "data", "unusable_noncompressible", column: "abi_osc")?["estimate"] == "1")
        #expect(row(rows, "data", "unusable_device_error", column: "abi_osc")?["estimate"] == "1")
        #expect(row(rows, "data", "unusable_blank", column: "abi_osc")?["estimate"] == "1")
        #expect(row(rows, "data", "unusable_noncompressible", column: "abi_dop")?["estimate"] == "1")
        #expect(row(rows, "data", "unusable_blank", column: "abi_dop")?["estimate"] == "1")
        #expect(row(rows, "data", "unusable_device_error", column: "abi_dop") == nil)
        #expect(result.stderr.contains("80 usable pairs, 5 excluded"))
        #expect(result.stderr.contains("methods.csv: data row 83, column abi_osc: warning: 'error'"), "the device error named with its place")

        expectValue(row(rows, "bland_altman", "bias")?["estimate"], abi["bias"], "bias")
        expectValue(row(rows, "bland_altman", "bias")?["ci_lower"], (abi["bias_ci"] as? [Any])?[0], "bias CI")
        expectValue(row(rows, "bland_altman", "sd_differences")?["estimate"], abi["sd"], "sd")
        let approx = row(rows, "bland_altman", "upper_limit", "approximate_bland_altman_1999")
        expectValue(approx?["estimate"], abi["upper"], "upper limit")
        expectValue(approx?["ci_lower"], (abi["upper_ci"] as? [Any])?[0], "upper limit CI lower")
        expectValue(approx?["ci_upper"], (abi["upper_ci"] as? [Any])?[1], "upper limit CI upper")
        let exact = row(rows, "bland_altman", "lower_limit", "exact_carkeet_2015")
        let pair = row(rows, "bland_altman", "upper_limit", "exact_pair_carkeet_2015")
        let python = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Paths.packageRoot
            .appendingPathComponent("Tests/ABIStatisticsTests/Resources/agree_python.json"))) as? [String: Any])
        let pairReference = try #require((python["exact_limits"] as? [String: Any])?["upper_exact_pair"] as? [Double])
        #expect(agrees(pair?["ci_lower"], "\(pairReference[0])", relative: 1e-10) && agrees(pair?["ci_upper"], "\(pairReference[1])", relative: 1e-10),
                "pair interval (mpmath): \(pair ?? [:])")
        #expect(agrees(exact?["ci_lower"], "\((abi["lower_exact"] as? [Double])?[0] ?? 0)", relative: 1e-8), "exact (R qt ncp ~1e-11)")
        expectValue(row(rows, "bland_altman", "proportional_bias_slope")?["p_value"], abi["slope_p"], "slope p")
        expectValue(row(rows, "bland_altman", "shapiro_wilk_w")?["p_value"], abi["shapiro_p"], "Shapiro p")

        let repeated = try #require(ref["repeated"] as? [String: Any])
        expectValue(row(rows, "repeated_measures", "lower_limit")?["estimate"], repeated["lower"], "RM lower")
        expectValue(row(rows, "repeated_measures", "within_subject_variance")?["estimate"], repeated["within"], "RM within")
        let ba2007 = try #require(ref["ba2007_mover"] as? [String: Any])
        let rmLower = row(rows, "repeated_measures", "lower_limit", "mover_anova_zou_2013")
        expectValue(rmLower?["ci_lower"], (ba2007["lower_ci"] as? [Any])?[0], "RM lower CI lower")
        expectValue(rmLower?["ci_upper"], (ba2007["lower_ci"] as? [Any])?[1], "RM lower CI upper")
        let zou = try #require(ref["zou"] as? [String: Any])
        let zouUpper = row(rows, "repeated_measures_zou", "upper_limit", "mover_zou_2013")
        expectValue(zouUpper?["estimate"], zou["upper"], "Zou upper")
        expectValue(zouUpper?["ci_lower"], (zou["upper_ci"] as? [Any])?[0], "Zou upper CI lower")
        expectValue(zouUpper?["ci_upper"], (zou["upper_ci"] as? [Any])?[1], "Zou upper CI upper")

        let ccc = try #require(ref["ccc"] as? [String: Any])
        expectValue(row(rows, "concordance", "lin_ccc")?["estimate"], ccc["estimate"], "CCC")
        expectValue(row(rows, "concordance", "lin_ccc")?["ci_upper"], ccc["upper"], "CCC upper")

        let diagnostic = try #require(ref["diagnostic"] as? [String: Any])
        #expect(row(rows, "diagnostic_le-0.90", "true_positives")?["estimate"] == "\(diagnostic["tp"] as? Int ?? -1)")
        #expect(row(rows, "diagnostic_le-0.90", "false_positives")?["estimate"] == "\(diagnostic["fp"] as? Int ?? -1)")
        let sensitivity = try #require(diagnostic["sensitivity"] as? [String: Any])
        expectValue(row(rows, "diagnostic_le-0.90", "sensitivity", "wilson")?["ci_lower"], (sensitivity["wilson"] as? [Any])?[0], "Wilson")
        expectValue(row(rows, "diagnostic_le-0.90", "sensitivity", "clopper_pearson")?["ci_upper"],
                    (sensitivity["clopper_pearson"] as? [Any])?[1], "Clopper-Pearson")
        expectValue(row(rows, "diagnostic_le-0.90", "mcnemar_corrected")?["p_value"], (diagnostic["mcnemar_corrected"] as? [Any])?[1], "McNemar")
        expectValue(row(rows, "diagnostic_le-0.90", "kappa")?["ci_lower"], (diagnostic["kappa"] as? [Any])?[1], "kappa")

        let roc = try #require(ref["roc"] as? [String: Any])
        expectValue(row(rows, "roc", "auc")?["estimate"], roc["auc"], "AUC")
        expectValue(row(rows, "roc", "auc")?["ci_lower"], roc["lower"], "AUC DeLong lower")
        #expect(result.stderr.contains("repeated-measures"))
    }

    /// The papers' own data through the CLI: Bland & Altman 2007's cardiac output (true value
    /// varying within 12 subjects; printed bias 0.6021667, limits with 1.96 SD -1.3394565 to
    /// 2.5437899) and Bland & Altman 1999's Table 1 (J1 vs S1: bias -16.29, SD 19.61).
    @Test func publishedExamplesThroughTheCLI() throws {
        let cardiac = try runABIKit(["agree", Paths.fixture("agree/bland_altman_2007_cardiac_output.csv"), "--a", "rv", "--b", "ic",
                                     "--subject", "subject", "--quiet"])
        #expect(cardiac.status == 0, "\(cardiac.stderr)")
        let rows = outputRows(cardiac)
        let bias = try #require(Double(row(rows, "repeated_measures", "bias")?["estimate"] ?? ""))
        let sd = try #require(Double(row(rows, "repeated_measures", "sd_differences")?["estimate"] ?? ""))
        #expect(abs(bias - 0.6021667) <= 0.5e-7)
        #expect(abs(bias - 1.96 * sd - -1.3394565) <= 1e-7 && abs(bias + 1.96 * sd - 2.5437899) <= 1e-7)
        #expect(row(rows, "repeated_measures", "subjects")?["estimate"] == "12")
        let pressure = try runABIKit(["agree", Paths.fixture("agree/bland_altman_1999_blood_pressure.csv"), "--a", "j1", "--b", "s1", "--quiet"])
        #expect(pressure.status == 0, "\(pressure.stderr)")
        let baRows = outputRows(pressure)
        let baBias = try #require(Double(row(baRows, "bland_altman", "bias")?["estimate"] ?? ""))
        let baSD = try #require(Double(row(baRows, "bland_altman", "sd_differences")?["estimate"] ?? ""))
        #expect((baBias * 100).rounded() == -1629 && (baSD * 100).rounded() == 1961)
    }

    @Test func iccMatchesPsych() throws {
        let result = try runABIKit(["agree", Self.raters, "--raters", "obs1,obs2,obs3", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let rows = outputRows(result)
        let ref = try #require((try Self.reference())["raters"] as? [String: Any])
        let types = try #require(ref["type"] as? [String])
        for (i, type) in types.enumerated() {
            let r = row(rows, "icc", type)
            #expect(r?["column"] == "obs1;obs2;obs3")
            expectValue(r?["estimate"], (ref["estimate"] as? [Any])?[i], "\(type)")
            expectValue(r?["ci_lower"], (ref["lower"] as? [Any])?[i], "\(type) lower")
            expectValue(r?["ci_upper"], (ref["upper"] as? [Any])?[i], "\(type) upper")
            expectValue(r?["statistic"], (ref["F"] as? [Any])?[i], "\(type) F")
        }
    }

    @Test func markdownIsAResultsSection() throws {
        let result = try runABIKit(["agree", Self.methods, "--a", "abi_osc", "--b", "abi_dop", "--cutoff", "le-0.90", "--icc",
                                    "--format", "markdown", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        for phrase in ["## Results", "Carkeet 2015", "Bland & Altman 1999", "Wilson", "Clopper-Pearson", "DeLong",
                       "Recommended form: ICC(2,1)", "Koo & Li", "| abi_osc | 1 | 1 | 1 |", "Lin's concordance"] {
            #expect(result.stdout.contains(phrase), "missing '\(phrase)'")
        }
    }

    @Test func jsonLinesAndROCPointsReparse() throws {
        let directory = try Paths.temporaryDirectory()
        let points = directory.appendingPathComponent("roc.csv").path
        let result = try runABIKit(["agree", Self.methods, "--a", "abi_osc", "--b", "abi_dop", "--cutoff", "le-0.90",
                                    "--format", "json", "--roc-points", points])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count > 40)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["analysis"] != nil)
        }
        let curve = parseCSV(try String(contentsOfFile: points, encoding: .utf8))
        let roc = try #require((try Self.reference())["roc"] as? [String: Any])
        #expect(curve.first == ["threshold", "sensitivity", "specificity"])
        #expect(curve.count - 1 == (roc["thresholds"] as? [Any])?.count)
        #expect(curve[1] == ["", "0", "1"], "threshold -inf: nothing positive; blank, never '-Inf")
    }

    @Test(arguments: [
        (["--a", "abi_osc"], "needs its partner"),
        ([String](), "nothing to compare"),
        (["--a", "abi_osc", "--b", "nope"], "nope"),
        (["--a", "abi_osc", "--b", "abi_dop", "--cutoff", "le-0.80"], "le-0.90, lt-0.90"),
        (["--raters", "abi_osc"], "at least 2"),
        (["--a", "abi_osc", "--b", "abi_osc"], "given twice"),
        (["--a", "abi_osc", "--b", "abi_dop", "--roc-points", "x.csv"], "needs --cutoff"),
        (["--a", "abi_osc", "--b", "abi_dop", "--cutoff", "le-0.90", "--roc-points", Paths.fixture("agree/methods.csv")], "the input or the output"),
    ])
    func usageErrorsExitTwo(arguments: [String], message: String) throws {
        let result = try runABIKit(["agree", Self.methods] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func tinyAndEmptyInputs() throws {
        let one = try runABIKit(["agree", "--a", "x", "--b", "y"], stdin: Data("x,y\n0.9,1.0\n".utf8))
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stderr.contains("only 1 usable pair"))
        #expect(!one.stdout.contains("bland_altman"))
        let allBad = try runABIKit(["agree", "--a", "x", "--b", "y", "--cutoff", "le-0.90"], stdin: Data("x,y\nNC,1.0\nerror,\n,0.8\n".utf8))
        #expect(allBad.status == 0)
        let rows = outputRows(allBad)
        #expect(row(rows, "data", "excluded_pairs")?["estimate"] == "3")
        #expect(row(rows, "data", "unusable_device_error", column: "x")?["estimate"] == "1")
        #expect(row(rows, "data", "unusable_blank", column: "y")?["estimate"] == "1")
        let empty = try runABIKit(["agree", "--a", "x", "--b", "y"], stdin: Data())
        #expect(empty.status == 2)
    }

    /// A semicolon file with decimal commas gives the same numbers as the point file.
    @Test func decimalCommaInputMatches() throws {
        let text = try String(contentsOfFile: Self.methods, encoding: .utf8)
        let semicolon = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: ".", with: ",") }.joined(separator: "\n")
        let converted = try runABIKit(["agree", "--a", "abi_osc", "--b", "abi_dop", "--quiet"], stdin: Data(semicolon.utf8))
        let original = try runABIKit(["agree", Self.methods, "--a", "abi_osc", "--b", "abi_dop", "--quiet"])
        #expect(converted.status == 0 && original.status == 0, "\(converted.stderr)")
        #expect(converted.stdout == original.stdout)
    }

    @Test func relativeDifferencesMatchR() throws {
        let result = try runABIKit(["agree", Self.methods, "--a", "abi_osc", "--b", "abi_dop", "--relative", "--quiet"])
        #expect(result.status == 0)
        let rows = outputRows(result)
        let ref = try #require((try Self.reference())["abi_relative"] as? [String: Any])
        expectValue(row(rows, "bland_altman_percent", "bias")?["estimate"], ref["bias"], "relative bias")
        expectValue(row(rows, "bland_altman_percent", "upper_limit", "approximate_bland_altman_1999")?["ci_upper"],
                    (ref["upper_ci"] as? [Any])?[1], "relative upper CI")
        #expect(row(rows, "bland_altman", "bias") == nil)
    }

    @Test func iccOfTwoMethodsCountsExcludedRows() throws {
        let result = try runABIKit(["agree", Self.methods, "--a", "abi_osc", "--b", "abi_dop", "--icc"])
        #expect(result.status == 0)
        let rows = outputRows(result)
        #expect(row(rows, "icc", "ICC2")?["n"] == "80")
        #expect(row(rows, "icc", "ICC2")?["column"] == "abi_osc;abi_dop")
        #expect(result.stderr.contains("ICC over 80 complete rows of abi_osc, abi_dop; 5 rows without every rating left out"))
    }

    @Test func blankSubjectIdsAreSubjectsOfTheirOwn() throws {
        let csv = "id,a,b\n1,0.9,0.95\n1,1.0,1.02\n,0.8,0.85\n,0.7,0.71\n2,1.1,1.0\n2,1.2,1.25\n"
        let result = try runABIKit(["agree", "--a", "a", "--b", "b", "--subject", "id"], stdin: Data(csv.utf8))
        #expect(result.status == 0)
        #expect(row(outputRows(result), "repeated_measures", "subjects")?["estimate"] == "4")
        #expect(result.stderr.contains("6 pairs from 4 subjects"))
    }

    /// Beyond 5000 pairs Shapiro-Wilk is undefined: a note, and the exact limits still computed
    /// (the noncentral t summed from its Poisson mode).
    @Test func largeInputNotesUntestedNormality() throws {
        var csv = "a,b\n"
        for i in 0..<5001 { csv += "\(0.5 + Double(i % 97) / 100),\(0.52 + Double((i * 7) % 89) / 100)\n" }
        let result = try runABIKit(["agree", "--a", "a", "--b", "b"], stdin: Data(csv.utf8))
        #expect(result.status == 0)
        #expect(result.stderr.contains("normality of the 5001 differences not tested"))
        let exact = row(outputRows(result), "bland_altman", "upper_limit", "exact_carkeet_2015")
        let lower = Double(exact?["ci_lower"] ?? ""), upper = Double(exact?["ci_upper"] ?? ""), estimate = Double(exact?["estimate"] ?? "")
        #expect(lower != nil && upper != nil && estimate != nil)
        if let lower, let upper, let estimate { #expect(lower < estimate && estimate < upper) }
    }

    /// Both columns hold score's category words: kappa on the ordered categories. Hand check:
    /// table (index rows, reference columns; abnormal, borderline, normal, noncompressible)
    /// [[1,1,0,0],[0,0,1,0],[0,0,2,0],[0,0,1,0]]: p_o = 3/6, p_e = (2*1 + 1*1 + 2*4 + 1*0)/36 = 11/36,
    /// kappa = (1/2 - 11/36) / (1 - 11/36) = 7/25 = 0.28; the NC row is counted, not compared.
    @Test func categoryWordsGiveKappa() throws {
        let csv = "a,b\nnormal,normal\nabnormal,abnormal\nborderline,normal\nnormal,normal\nnoncompressible,normal\nabnormal,borderline\nNC,normal\n"
        let result = try runABIKit(["agree", "--a", "a", "--b", "b"], stdin: Data(csv.utf8))
        #expect(result.status == 0)
        let rows = outputRows(result)
        #expect(agrees(row(rows, "category_kappa", "kappa_unweighted")?["estimate"], "0.28", relative: 1e-12))
        #expect(row(rows, "data", "unusable_noncompressible", column: "a")?["estimate"] == "1")
        #expect(row(rows, "diagnostic_le-0.90", "true_positives")?["estimate"] == "1")
        #expect(row(rows, "diagnostic_le-0.90", "false_positives")?["estimate"] == "1")
        #expect(row(rows, "bland_altman", "bias") == nil, "no numbers, no Bland-Altman")
    }
}
