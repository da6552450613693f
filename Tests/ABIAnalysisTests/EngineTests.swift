import ABIAnalysis
import ABIBatch
import ABIIO
import ABIStatistics
import Testing

/// The engines called as a library: options and a table source in, a result value out.
struct EngineTests {
    static func source(_ text: String) throws -> ColumnSource {
        try ColumnSource.open(try CSVChunkReader(bytes: Array(text.utf8)), displayName: "test.csv")
    }

    @Test(arguments: [
        ("classical", MultipleRegressionResult.CovarianceType.classical, nil as String?),
        ("NONE", .classical, nil), ("hc0", .hc0, nil), ("HC3", .hc3, nil), (" cluster:subject ", .cluster, "subject"),
    ])
    func covarianceChoicesParse(_ text: String, _ type: MultipleRegressionResult.CovarianceType, _ cluster: String?) throws {
        let choice = try #require(RegressionCovarianceChoice(text))
        #expect(choice.type == type && choice.clusterColumn == cluster)
    }

    @Test(arguments: ["hc4", "cluster:", "robust", ""])
    func otherCovarianceTextsAreRefused(_ text: String) {
        #expect(RegressionCovarianceChoice(text) == nil)
    }

    /// y = 1 + 2x exactly in each group; two `by` columns give one model per combination, in order
    /// of first appearance, and rows with a blank group value are counted, not fitted.
    @Test func regressionGroupsByEveryCombinationOfTheByColumns() throws {
        var text = "x,y,site,sex\n"
        for (site, sex) in [("B", "f"), ("A", "m"), ("B", "m")] {
            for x in 1...4 { text += "\(x),\(1 + 2 * x),\(site),\(sex)\n" }
        }
        text += "5,11,,m\n"
        let analysis = RegressionAnalysis(formula: "y ~ x", by: ["site", "sex"],
                                          covariance: try #require(RegressionCovarianceChoice("classical")))
        let report = try analysis.run(try Self.source(text), warn: { _ in })
        #expect(report.models.map(\.group) == ["B / f", "A / m", "B / m"])
        #expect(report.ungroupedRows == 1 && report.failures.isEmpty)
        for model in report.models {
            let estimates = model.result.coefficientTable(level: 0.95).map(\.estimate)
            #expect(estimates.count == 2)
            #expect(abs(estimates[0] - 1) < 1e-12 && abs(estimates[1] - 2) < 1e-12)
        }
        #expect(RegressionRenderer.headers(report).first == "group")
    }

    /// A model that cannot be fitted is a usage or data failure (no groups), never a crash.
    @Test func regressionOnAMissingColumnIsAUsageFailure() throws {
        let analysis = RegressionAnalysis(formula: "y ~ nope", covariance: try #require(RegressionCovarianceChoice("hc1")))
        let source = try Self.source("x,y\n1,2\n2,3\n3,5\n")
        let failure = try #require(throws: AnalysisFailure.self) { try analysis.run(source, warn: { _ in }) }
        #expect(failure.kind == .usage && failure.exitCode == 2)
        #expect(failure.message == "test.csv: no column 'nope'; the header has 2 columns: 'x', 'y'")
    }

    /// Constant columns are named by header, from the typed note (not by taking a sentence apart).
    @Test func correlationNamesConstantColumnsFromTheTypedNote() throws {
        let report = try CorrelationAnalysis().run(try Self.source("a,b,c\n1,5,2\n2,5,1\n3,5,4\n4,5,3\n"), warn: { _ in })
        #expect(report.result.notes == [.constantColumns([1])])
        #expect(report.noteTexts == ["column 'b' constant, or with fewer than 2 values: correlations undefined (blank)"])
        // Pearson r of (1,2,3,4) and (2,1,4,3): 0.6 (hand calculation).
        #expect(abs(report.result.values[0, 2] - 0.6) < 1e-15)
    }

    @Test func correlationRefusesAColumnGivenTwice() throws {
        let analysis = CorrelationAnalysis(columns: ["a", "a"])
        #expect(throws: AnalysisFailure.usage("--columns: 'a' is given twice")) {
            try analysis.run(try Self.source("a,b\n1,2\n2,3\n"), warn: { _ in })
        }
    }

    @Test(arguments: [(AnalysisFailure.Kind.usage, Int32(2)), (.data, 1), (.inputOutput, 3), (.brokenPipe, 0)])
    func failureKindsMapToTheDocumentedExitCodes(_ kind: AnalysisFailure.Kind, _ code: Int32) {
        #expect(AnalysisFailure(kind: kind, message: "m").exitCode == code)
    }

    @Test func emptyInputIsAUsageFailure() throws {
        #expect(throws: AnalysisFailure.self) { try Self.source("") }
    }
}
