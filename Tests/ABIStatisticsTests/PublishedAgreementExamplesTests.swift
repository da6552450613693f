import ABIStatistics
import Foundation
import Testing
import TestSupport

/// Bland-Altman analyses against the values the papers print, on the papers' own data
/// (Fixtures/agree, provenance in Tests/ABIStatisticsTests/Resources/README.md), and the exact
/// intervals for the limits as a pair against Carkeet's (2015) table of two-sided factors and
/// against 20-digit mpmath (Scripts/reference/agree_reference.py).
@Suite struct PublishedAgreementExamplesTests {
    /// A numeric CSV with a header: columns by name.
    static func table(_ name: String) throws -> [String: [Double]] {
        let text = try String(contentsOfFile: fixturePath("agree/" + name), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = try #require(lines.first)
        var columns: [String: [Double]] = [:]
        for line in lines.dropFirst() {
            #expect(line.count == header.count, "\(name): \(line)")
            for (key, cell) in zip(header, line) { columns[key, default: []].append(try #require(Double(cell), "\(name): \(cell)")) }
        }
        return columns
    }

    /// x rounded to `places` decimals, as the paper prints it.
    func printed(_ x: Double?, _ places: Int) -> Double? {
        x.map { ($0 * Double.pow(10, places)).rounded() / Double.pow(10, places) }
    }

    /// Bland & Altman 1999 (Stat Methods Med Res 8:135-160), section 2, Table 1: the first systolic
    /// blood pressure reading of observer J against machine S in 85 subjects. The paper prints
    /// bias -16.29, SD 19.61, limits -54.7 and 22.1, the bias CI -20.5 to -12.1 (p. 141), and
    /// (p. 142) the limits' CIs -61.9 to -47.5 and 14.9 to 29.3; without subjects 78 and 80 the
    /// limits are -43.6 and 15.0 (p. 139).
    @Test func blandAltman1999BloodPressure() throws {
        let data = try Self.table("bland_altman_1999_blood_pressure.csv")
        let j1 = try #require(data["j1"]), s1 = try #require(data["s1"]), subject = try #require(data["subject"])
        #expect(j1.count == 85 && subject == (1...85).map(Double.init))
        let result = try #require(BlandAltman.analyse(j1, s1))
        #expect(result.count == 85)
        #expect(printed(result.bias.estimate, 2) == -16.29)
        #expect(printed(result.standardDeviation, 2) == 19.61)
        #expect(printed(result.lowerLimit.estimate, 1) == -54.7)
        #expect(printed(result.upperLimit.estimate, 1) == 22.1)
        #expect(printed(result.bias.interval?.lower, 1) == -20.5)
        #expect(printed(result.bias.interval?.upper, 1) == -12.1)
        // The paper's intervals are its rounded limits -+ a rounded half-width of 7.2; ours are
        // the unrounded limits -+ t(84) SD sqrt(1/n + z^2 / (2(n - 1))) = 1.989 * 3.650 = 7.26, so
        // an end may differ from the printed one by up to 0.1 plus the printing's 0.05.
        let published: [(ConfidenceInterval?, [Double])] = [(result.lowerLimit.interval, [-61.9, -47.5]),
                                                            (result.upperLimit.interval, [14.9, 29.3])]
        for (interval, expected) in published {
            let ci = try #require(interval)
            #expect(abs(ci.lower - expected[0]) <= 0.15 && abs(ci.upper - expected[1]) <= 0.15, "\(ci) vs \(expected)")
        }
        #expect(abs((result.upperLimit.interval?.upper ?? 0) - result.upperLimit.estimate - 7.26) < 0.005)
        let kept = subject.indices.filter { subject[$0] != 78 && subject[$0] != 80 }
        let excluded = try #require(BlandAltman.analyse(kept.map { j1[$0] }, kept.map { s1[$0] }))
        #expect(excluded.count == 83)
        #expect(printed(excluded.lowerLimit.estimate, 1) == -43.6)
        #expect(printed(excluded.upperLimit.estimate, 1) == 15.0)
        // Every exact interval contains its limit.
        for (limit, each, pair) in [(result.lowerLimit.estimate, result.lowerLimitExact, result.lowerLimitExactPair),
                                    (result.upperLimit.estimate, result.upperLimitExact, result.upperLimitExactPair)] {
            let e = try #require(each), p = try #require(pair)
            #expect(e.lower < limit && limit < e.upper && p.lower < limit && limit < p.upper)
        }
    }

    /// Bland & Altman 2007 (J Biopharm Stat 17:571-582), section 5, true value varying within the
    /// subject: cardiac output by radionuclide ventriculography (RV) and impedance cardiography
    /// (IC), 12 subjects with 3 to 6 paired readings (the data of Bland & Altman 1999, Table 4).
    /// The paper prints bias 0.6021667, SD 0.99062408 and limits -1.3394565 to 2.5437899.
    @Test func blandAltman2007CardiacOutput() throws {
        let data = try Self.table("bland_altman_2007_cardiac_output.csv")
        let rv = try #require(data["rv"]), ic = try #require(data["ic"])
        let subjects = try #require(data["subject"]).map { Int($0) }
        #expect(rv.count == 60 && Set(subjects).count == 12)
        let differences = zip(rv, ic).map { $0 - $1 }
        let result = try #require(BlandAltman.repeatedMeasures(subjects: subjects, differences: differences))
        #expect(result.subjectCount == 12 && result.pairCount == 60)
        // The paper's limits are bias -+ 1.96 SD, printed to 7 decimals; its SD, 0.99062408, is
        // the one those limits imply (the unrounded SD is 0.990624108).
        #expect(abs(result.bias - 0.6021667) <= 0.5e-7)
        #expect(abs(result.standardDeviation - 0.99062408) <= 0.5e-7)
        #expect(abs(result.bias - 1.96 * result.standardDeviation - -1.3394565) <= 1e-7)
        #expect(abs(result.bias + 1.96 * result.standardDeviation - 2.5437899) <= 1e-7)
        // abikit's multiplier is the exact normal quantile 1.959964.
        #expect(abs(result.upperLimit.estimate - (result.bias + 1.959963984540054 * result.standardDeviation)) <= 1e-14)
    }

    /// Carkeet (Optom Vis Sci 2015;92:e71-e80) tabulates the two-sided factors k(gamma) for 95%
    /// coverage at gamma = 0.025, 0.05, 0.5, 0.95, 0.975 and nu = 1 to 314 degrees of freedom, to 4
    /// decimals (Fixtures/agree/carkeet_2015_two_sided_factors.csv). Every nu up to 40, then every
    /// 13th: each factor within half a unit of the 4th decimal plus 1e-6, the table's own numerical
    /// error (nu = 17, gamma = 0.5 is printed 2.0501; the integral, here and in scipy's QUADPACK,
    /// gives 2.0500497).
    @Test func carkeetTwoSidedFactorTable() throws {
        let table = try Self.table("carkeet_2015_two_sided_factors.csv")
        let nus = try #require(table["v"])
        #expect(nus.count == 314 && nus.first == 1 && nus.last == 314)
        let gammas = ["0.025", "0.05", "0.5", "0.95", "0.975"]
        var checked = 0
        for (row, nu) in nus.enumerated() where nu <= 40 || Int(nu) % 13 == 0 {
            for gamma in gammas {
                let printedFactor = try #require(table[gamma])[row]
                let k = NormalToleranceFactor.twoSided(sampleSize: Int(nu) + 1, degreesOfFreedom: nu, coverage: 0.95,
                                                       confidence: try #require(Double(gamma)))
                #expect(abs(k - printedFactor) <= 0.5e-4 + 1e-6, "nu \(nu), gamma \(gamma): \(k) vs \(printedFactor)")
                checked += 1
            }
        }
        #expect(checked == (40 + 21) * 5)
    }

    /// The two-sided factors and the pair intervals of the `abi` data against 20-digit mpmath.
    @Test func twoSidedFactorsAgainstMpmath() throws {
        let py = try #require(try JSONSerialization.jsonObject(with: ReferenceFixture.data(named: "agree_python")) as? [String: Any])
        let rows = try #require(py["tolerance_factors_two_sided"] as? [[String: Any]])
        #expect(rows.count == 54)
        for row in rows {
            let n = try #require(row["n"] as? Int), df = try #require(row["df"] as? Double)
            let p = try #require(row["coverage"] as? Double), g = try #require(row["confidence"] as? Double)
            let expected = try #require(row["k"] as? Double)
            let k = NormalToleranceFactor.twoSided(sampleSize: n, degreesOfFreedom: df, coverage: p, confidence: g)
            #expect(relativeError(k, expected) <= 1e-10, "n \(n) p \(p) gamma \(g): \(k) vs \(expected)")
        }
        let limits = try #require(py["exact_limits"] as? [String: Any])
        let r = try #require(try JSONSerialization.jsonObject(with: ReferenceFixture.data(named: "agree_r")) as? [String: Any])
        let abi = try #require(r["abi"] as? [String: Any])
        let a = try #require(abi["a"] as? [Double]), b = try #require(abi["b"] as? [Double])
        let result = try #require(BlandAltman.analyse(a, b))
        for (interval, key) in [(result.upperLimitExactPair, "upper_exact_pair"), (result.lowerLimitExactPair, "lower_exact_pair")] {
            let expected = try #require(limits[key] as? [Double]), ci = try #require(interval)
            #expect(relativeError(ci.lower, expected[0]) <= 1e-10 && relativeError(ci.upper, expected[1]) <= 1e-10, "\(key): \(ci) vs \(expected)")
        }
    }

    /// The factor increases with gamma, tends to z_{(1+p)/2} = 1.96 as n grows, and stays finite
    /// (if large) at n = 2.
    @Test func twoSidedFactorShape() {
        let gammas = [0.001, 0.025, 0.5, 0.975, 0.999]
        let k = gammas.map { NormalToleranceFactor.twoSided(sampleSize: 20, degreesOfFreedom: 19, coverage: 0.95, confidence: $0) }
        #expect(zip(k, k.dropFirst()).allSatisfy { $0 < $1 }, "\(k)")
        let large = NormalToleranceFactor.twoSided(sampleSize: 1_000_000, degreesOfFreedom: 999_999, coverage: 0.95, confidence: 0.5)
        #expect(abs(large - 1.959964) < 1e-3, "\(large)")
        // n = 2 (nu = 1): finite and large at high confidence.
        let tiny = NormalToleranceFactor.twoSided(sampleSize: 2, degreesOfFreedom: 1, coverage: 0.95, confidence: 0.975)
        #expect(tiny.isFinite && tiny > 50)
    }
}
