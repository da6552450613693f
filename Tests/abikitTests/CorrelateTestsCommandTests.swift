import Foundation
import Testing

/// `abikit correlate` p-values, intervals and `--repeated` (rmcorr) end to end, against R
/// (cor.test, rmcorr via psych::r.con) and scipy/pingouin in the fixtures of
/// Scripts/reference/beside_reference.R and beside_reference.py (Tests/ABIStatisticsTests/Resources).
@Suite struct CorrelateTestsCommandTests {
    static func reference(_ name: String) throws -> [String: Any] {
        let url = Paths.packageRoot.appendingPathComponent("Tests/ABIStatisticsTests/Resources/\(name)")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    /// Writes columns to a temporary CSV (null -> blank cell).
    static func csv(_ columns: [(String, [Any])]) throws -> String {
        let rows = columns[0].1.count
        var text = columns.map(\.0).joined(separator: ",") + "\n"
        for row in 0..<rows {
            text += columns.map { column in
                let value = column.1[row]
                if value is NSNull { return "" }
                if let number = value as? Double { return "\(number)" }
                return "\(value)"
            }.joined(separator: ",") + "\n"
        }
        let url = try Paths.temporaryDirectory().appendingPathComponent("pair.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The long-layout row of x against y.
    static func pairRow(_ arguments: [String]) throws -> [String: String] {
        let result = try runABIKit(["correlate"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let table = parseCSV(result.stdout)
        let header = table[0]
        let row = table.dropFirst().first { $0[0] == "x" && $0[1] == "y" } ?? []
        return Dictionary(uniqueKeysWithValues: zip(header, row))
    }

    static func close(_ text: String?, _ expected: Any?, relative: Double = 1e-10) -> Bool {
        guard let text, let value = Double(text), let expected = expected as? Double else { return false }
        return abs(value - expected) <= relative * max(abs(expected), 1e-300)
    }

    @Test func pearsonMatchesRCorTest() throws {
        let cases = try Self.reference("beside_r.json")["correlation"] as! [[String: Any]]
        #expect(cases.count >= 5)
        for item in cases {
            let path = try Self.csv([("x", item["x"] as! [Any]), ("y", item["y"] as! [Any])])
            let row = try Self.pairRow([path])
            let r = item["pearson"] as! [String: Any]
            #expect(Self.close(row["correlation"], r["r"], relative: 1e-12), "\(row)")
            #expect(Self.close(row["t"], r["t"]), "t \(row["t"] ?? "-") vs \(r["t"]!)")
            #expect(Double(row["df"] ?? "") == r["df"] as? Double)
            #expect(Self.close(row["p_value"], r["p"]), "p \(row["p_value"] ?? "-") vs \(r["p"]!)")
            #expect(Self.close(row["ci_low"], r["ci_lower"]), "ci_low \(row["ci_low"] ?? "-") vs \(r["ci_lower"]!)")
            #expect(Self.close(row["ci_high"], r["ci_upper"]), "ci_high \(row["ci_high"] ?? "-") vs \(r["ci_upper"]!)")
        }
    }

    @Test func spearmanMatchesScipyAndPingouin() throws {
        let cases = try Self.reference("beside_python.json")["correlation"] as! [[String: Any]]
        for item in cases {
            let path = try Self.csv([("x", item["x"] as! [Any]), ("y", item["y"] as! [Any])])
            let row = try Self.pairRow([path, "--method", "spearman"])
            #expect(Self.close(row["correlation"], item["spearman_r"], relative: 1e-12), "\(row)")
            #expect(Self.close(row["p_value"], item["spearman_p"]), "p \(row["p_value"] ?? "-") vs \(item["spearman_p"]!)")
            #expect(Self.close(row["ci_low"], item["spearman_ci_lower"]))
            #expect(Self.close(row["ci_high"], item["spearman_ci_upper"]))
        }
    }

    @Test func repeatedMatchesRmcorr() throws {
        let cases = try Self.reference("beside_r.json")["rmcorr"] as! [[String: Any]]
        #expect(cases.count >= 4)
        for item in cases {
            let path = try Self.csv([("subject", item["subject"] as! [Any]), ("x", item["x"] as! [Any]), ("y", item["y"] as! [Any])])
            let row = try Self.pairRow([path, "--columns", "x,y", "--repeated", "subject"])
            #expect(Self.close(row["correlation"], item["r"], relative: 1e-12), "\(row)")
            #expect(Double(row["df"] ?? "") == item["df"] as? Double)
            #expect(Self.close(row["p_value"], item["p"], relative: 1e-9), "p \(row["p_value"] ?? "-") vs \(item["p"]!)")
            #expect(Self.close(row["ci_low"], item["ci_lower"]))
            #expect(Self.close(row["ci_high"], item["ci_upper"]))
            #expect(Double(row["subjects"] ?? "") == item["subjects"] as? Double)
        }
    }

    @Test func repeatedRefusesSpearmanAndCovariance() throws {
        for extra in [["--method", "spearman"], ["--covariance"]] {
            let result = try runABIKit(["correlate", Paths.fixture("regress/study.csv"), "--columns", "years,abi", "--repeated", "subject"] + extra)
            #expect(result.status == 2)
            #expect(result.stderr.contains("--repeated"))
        }
    }

    /// A subject with no variation in x within subjects (study.csv: age is constant per subject):
    /// blank r and test, and a note, never a number.
    @Test func noWithinSubjectVariationIsBlankWithANote() throws {
        let result = try runABIKit(["correlate", Paths.fixture("regress/study.csv"), "--columns", "age,abi", "--repeated", "subject"])
        #expect(result.status == 0)
        let row = parseCSV(result.stdout).first { $0.count > 2 && $0[0] == "age" && $0[1] == "abi" }
        #expect(row?[2] == "")
        #expect(row?[6] == "")
        #expect(result.stderr.contains("age ~ abi: the coefficient is undefined"))
    }
}
