import Foundation
import Testing

/// `trend --summary`: the cohort slope summary per `--by` group against R's `t.test(slopes)`
/// (Scripts/reference/beside_reference.R, Tests/ABIStatisticsTests/Resources/beside_r.json), and
/// the short-series note on Theil-Sen and Mann-Kendall significance.
@Suite struct TrendCohortSlopeTests {
    static func reference() throws -> [[String: Any]] {
        let url = Paths.packageRoot.appendingPathComponent("Tests/ABIStatisticsTests/Resources/beside_r.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return json["slopes"] as! [[String: Any]]
    }

    static func close(_ text: String?, _ expected: Any?, relative: Double = 1e-10) -> Bool {
        guard let text, let value = Double(text), let expected = expected as? Double else { return false }
        return abs(value - expected) <= relative * max(abs(expected), 1e-12)
    }

    /// Each subject of group gK lies exactly on a line with the K-th reference slope set's slopes
    /// (times 0, 1, 2), so its OLS and Theil-Sen slopes are those slopes.
    @Test func cohortSlopesPerGroupMatchRTTest() throws {
        let cases = try Self.reference()
        var text = "id,group,time,value\n"
        for (k, item) in cases.enumerated() {
            for (i, slope) in (item["slopes"] as! [Double]).enumerated() {
                for t in 0..<3 { text += "s\(k)_\(i),g\(k),\(t),\(Double(t) * slope)\n" }
            }
        }
        let directory = try Paths.temporaryDirectory()
        let input = directory.appendingPathComponent("lines.csv").path
        let summary = directory.appendingPathComponent("summary.csv").path
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let result = try runABIKit(["trend", input, "--subject", "id", "--time", "time", "--measure", "value", "--by", "group",
                                    "--method", "ols,theil-sen", "--summary", summary, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let table = parseCSV(try String(contentsOfFile: summary, encoding: .utf8))
        let header = table[0]
        #expect(header == ["group", "measure", "method", "subjects", "without_slope", "mean_slope", "sd", "se", "ci_low", "ci_high", "level"])
        let rows = table.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        #expect(rows.count == 2 * cases.count)
        for (k, item) in cases.enumerated() {
            for method in ["ols", "theil-sen"] {
                let row = try #require(rows.first { $0["group"] == "g\(k)" && $0["method"] == method })
                #expect(row["subjects"] == String((item["slopes"] as! [Double]).count))
                // OLS on exact lines carries rounding of order 1e-17 per slope: compared absolutely.
                for (column, key) in [("mean_slope", "mean"), ("sd", "sd"), ("ci_low", "ci_lower"), ("ci_high", "ci_upper")] {
                    let got = Double(row[column] ?? "") ?? .nan
                    #expect(abs(got - (item[key] as! Double)) <= 1e-12, "g\(k) \(method) \(column): \(got) vs \(item[key]!)")
                }
            }
        }
    }

    /// Three or four points: Theil-Sen and Mann-Kendall rows say their significance is not meaningful.
    @Test func shortSeriesCarryTheSignificanceNote() throws {
        let text = "id,time,value\na,0,1\na,1,2\na,2,3\nb,0,1\nb,1,2\nb,2,4\nb,3,5\nb,4,7\n"
        let input = try Paths.temporaryDirectory().appendingPathComponent("short.csv").path
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        let result = try runABIKit(["trend", input, "--subject", "id", "--time", "time", "--measure", "value",
                                    "--method", "theil-sen,mann-kendall", "--quiet"])
        #expect(result.status == 0)
        let rows = TrendCommandTests.records(result.stdout)
        let a = try #require(rows.first { $0["subject_id"] == "a" || $0["id"] == "a" })
        let b = try #require(rows.first { $0["subject_id"] == "b" || $0["id"] == "b" })
        #expect(a["notes"]?.contains("theil-sen: 3 points: Mann-Kendall and Theil-Sen significance is not meaningful below 5 points") == true)
        #expect(a["notes"]?.contains("mann-kendall: 3 points") == true)
        #expect(b["notes"]?.contains("not meaningful") != true)
    }
}
