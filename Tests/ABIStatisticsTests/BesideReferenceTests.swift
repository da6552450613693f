import ABIStatistics
import Foundation
import Testing

/// Correlation tests, rmcorr, Fisher's exact test, SMDs and cohort slope intervals against R
/// (Scripts/reference/beside_reference.R: cor.test, rmcorr's definition, fisher.test, tableone's
/// SMD formulas, t.test) and Python (Scripts/reference/beside_reference.py: scipy, pingouin).
/// Same methods on both sides: 1e-10 relative unless a test says otherwise.
struct BesideR: Decodable {
    struct Pearson: Decodable { let r, t, df, p: Double; let ci_lower, ci_upper: Double? }
    struct Spearman: Decodable { let r, p: Double }
    struct Correlation: Decodable { let x, y: [Double]; let n: Int; let pearson: Pearson; let spearman: Spearman }
    struct RM: Decodable {
        let subject: [String]; let x, y: [Double?]; let r: Double; let df: Int; let p: Double
        let ci_lower, ci_upper: Double?; let subjects: Int
    }
    struct Fisher: Decodable { let table: [[Int]]; let p: Double }
    struct SMDContinuous: Decodable { let groups: [[Double?]]; let pairs: [Double]; let mean: Double }
    struct SMDCategorical: Decodable { let counts: [[Int]]; let pairs: [Double]; let mean: Double }
    struct Slope: Decodable { let slopes: [Double]; let mean, sd, ci_lower, ci_upper: Double }
    let generated_by: String
    let versions: [String: String]
    let correlation: [Correlation]
    let rmcorr: [RM]
    let fisher: [Fisher]
    let smd_continuous: [SMDContinuous]
    let smd_categorical: [SMDCategorical]
    let slopes: [Slope]
}

struct BesidePython: Decodable {
    struct Correlation: Decodable { let spearman_r, spearman_p, spearman_ci_lower, spearman_ci_upper: Double }
    struct RM: Decodable { let r: Double; let df: Int; let p: Double }
    struct Fisher: Decodable { let table: [[Int]]; let p: Double }
    let generated_by: String
    let correlation: [Correlation]
    let rmcorr: [RM]
    let fisher_2x2: [Fisher]
}

func expectRelative(_ actual: Double?, _ expected: Double?, _ tolerance: Double = 1e-10, _ what: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    guard let expected else {
        #expect(actual == nil, "\(what): expected none, got \(String(describing: actual))", sourceLocation: sourceLocation)
        return
    }
    guard let actual else { Issue.record("\(what): missing, expected \(expected)", sourceLocation: sourceLocation); return }
    #expect(relativeError(actual, expected) <= tolerance, "\(what): \(actual) vs \(expected)", sourceLocation: sourceLocation)
}

@Suite struct BesideReferenceTests {
    let r: BesideR
    let python: BesidePython

    init() throws {
        r = try ReferenceFixture.decode(BesideR.self, named: "beside_r")
        python = try ReferenceFixture.decode(BesidePython.self, named: "beside_python")
        #expect(r.generated_by == "Scripts/reference/beside_reference.R")
        #expect(python.generated_by == "Scripts/reference/beside_reference.py")
    }

    @Test func pearsonTestAndIntervalMatchRCorTest() {
        #expect(r.correlation.count >= 6)
        for (index, c) in r.correlation.enumerated() {
            let test = CorrelationInference.test(coefficient: c.pearson.r, count: c.n, kind: .pearson)
            expectRelative(test.tStatistic, c.pearson.t, 1e-12, "case \(index) t")
            #expect(Double(test.degreesOfFreedom) == c.pearson.df)
            expectRelative(test.pValue, c.pearson.p, 1e-10, "case \(index) p")
            let interval = test.confidenceInterval(level: 0.95)
            expectRelative(interval?.lower, c.pearson.ci_lower, 1e-12, "case \(index) CI lower")
            expectRelative(interval?.upper, c.pearson.ci_upper, 1e-12, "case \(index) CI upper")
        }
    }

    @Test func spearmanTestMatchesScipyAndIntervalMatchesPingouin() {
        for (index, (c, p)) in zip(r.correlation, python.correlation).enumerated() {
            expectRelative(c.spearman.r, p.spearman_r, 1e-13, "case \(index) rho R vs scipy")
            let test = CorrelationInference.test(coefficient: p.spearman_r, count: c.n, kind: .spearman)
            expectRelative(test.pValue, p.spearman_p, 1e-10, "case \(index) scipy p")
            expectRelative(test.pValue, c.spearman.p, 1e-10, "case \(index) R p (exact = FALSE)")
            let interval = test.confidenceInterval(level: 0.95)
            expectRelative(interval?.lower, p.spearman_ci_lower, 1e-12, "case \(index) pingouin CI lower")
            expectRelative(interval?.upper, p.spearman_ci_upper, 1e-12, "case \(index) pingouin CI upper")
        }
    }

    @Test func repeatedMeasuresCorrelationMatchesRmcorrAndPingouin() {
        #expect(r.rmcorr.count == 4)
        for (index, (c, p)) in zip(r.rmcorr, python.rmcorr).enumerated() {
            let result = RepeatedMeasuresCorrelation.compute(subjects: c.subject, x: c.x.map { $0 ?? .nan }, y: c.y.map { $0 ?? .nan })
            expectRelative(result.coefficient, c.r, 1e-12, "case \(index) r")
            expectRelative(result.coefficient, p.r, 1e-12, "case \(index) r vs pingouin")
            #expect(result.degreesOfFreedom == c.df && result.degreesOfFreedom == p.df)
            #expect(result.subjectCount == c.subjects)
            expectRelative(result.pValue, c.p, 1e-10, "case \(index) p (drop1 F test)")
            expectRelative(result.pValue, p.p, 1e-10, "case \(index) p vs pingouin")
            let interval = result.confidenceInterval(level: 0.95)
            expectRelative(interval?.lower, c.ci_lower, 1e-12, "case \(index) CI lower (psych::r.con)")
            expectRelative(interval?.upper, c.ci_upper, 1e-12, "case \(index) CI upper (psych::r.con)")
        }
        let last = RepeatedMeasuresCorrelation.compute(subjects: r.rmcorr[3].subject, x: r.rmcorr[3].x.map { $0 ?? .nan },
                                                       y: r.rmcorr[3].y.map { $0 ?? .nan })
        #expect(last.notes.contains(.subjectsWithOneObservation(count: 1)))
    }

    @Test func fisherExactMatchesRFisherTest() {
        #expect(r.fisher.count >= 10)
        for (index, c) in r.fisher.enumerated() {
            guard case .computed(let result) = GroupComparison.fisherExact(contingencyTable: c.table) else {
                Issue.record("case \(index): not computed")
                continue
            }
            expectRelative(result.pValue, c.p, 1e-10, "case \(index) \(c.table)")
        }
        for c in python.fisher_2x2 {
            expectRelative(GroupComparison.fisherExact(c.table)?.pValue, c.p, 1e-10, "scipy 2 x 2 \(c.table)")
        }
    }

    @Test func standardizedMeanDifferencesMatchTableoneFormulas() {
        for (index, c) in r.smd_continuous.enumerated() {
            let result = StandardizedDifference.continuous(c.groups.map { $0.map { $0 ?? .nan } })
            #expect(result.pairs.count == c.pairs.count)
            for (pair, expected) in zip(result.pairs, c.pairs) { expectRelative(pair.value, expected, 1e-12, "continuous \(index)") }
            expectRelative(result.value, c.mean, 1e-12, "continuous \(index) mean")
        }
        for (index, c) in r.smd_categorical.enumerated() {
            let result = StandardizedDifference.categorical(c.counts)
            #expect(result.pairs.count == c.pairs.count)
            for (pair, expected) in zip(result.pairs, c.pairs) { expectRelative(pair.value, expected, 1e-10, "categorical \(index)") }
            expectRelative(result.value, c.mean, 1e-10, "categorical \(index) mean")
        }
    }

    @Test func cohortSlopeIntervalMatchesRTTest() {
        for (index, c) in r.slopes.enumerated() {
            let summary = CohortSlopeSummary.summarize(c.slopes + [.nan])
            #expect(summary.count == c.slopes.count && summary.missingCount == 1)
            expectRelative(summary.meanSlope, c.mean, 1e-13, "case \(index) mean")
            expectRelative(summary.standardDeviation, c.sd, 1e-12, "case \(index) sd")
            let interval = summary.confidenceInterval(level: 0.95)
            expectRelative(interval?.lower, c.ci_lower, 1e-10, "case \(index) lower")
            expectRelative(interval?.upper, c.ci_upper, 1e-10, "case \(index) upper")
        }
    }
}
