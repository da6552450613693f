import ABIAnalysis
import ABIIO
import Foundation
import Testing

/// The code of Sources/ABIAnalysis/ABIAnalysis.docc/RunningAnEngine.md, kept here so it cannot
/// rot: if this file changes, change the article with it.
struct DocumentationExampleTests {
    @Test func runningAnEngineAndRenderingItsResult() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("abikit-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csvPath = directory.appendingPathComponent("regression.csv").path
        let markdownPath = directory.appendingPathComponent("regression.md").path

        // Two sites and a row without a site.
        let text = "x,y,site\n1,3.1,A\n2,4.9,A\n3,7.2,A\n4,8.8,A\n1,3.4,B\n2,4.1,B\n3,4.4,B\n4,5.1,B\n9,9,\n"
        let source = try ColumnSource.open(try CSVChunkReader(bytes: Array(text.utf8)), displayName: "sites.csv")

        let analysis = RegressionAnalysis(formula: "y ~ x", by: ["site"],
                                          covariance: RegressionCovarianceChoice("classical")!)
        var warnings: [String] = []
        let report = try analysis.run(source, warn: { warnings.append($0) })
        #expect(warnings.isEmpty)
        #expect(report.models.map(\.group) == ["A", "B"])
        #expect(report.ungroupedRows == 1)
        #expect(report.failures.isEmpty)
        // statsmodels 0.15 OLS on each site: slopes 1.94 and 0.54, standard errors
        // 0.09055385138137381 and 0.056568542494923685.
        let slopes = report.models.map { $0.result.estimates[1] }
        let errors = report.models.map { $0.result.standardErrors[1] }
        #expect(abs(slopes[0] - 1.94) < 1e-12 && abs(slopes[1] - 0.54) < 1e-12)
        #expect(abs(errors[0] - 0.09055385138137381) < 1e-12 && abs(errors[1] - 0.056568542494923685) < 1e-12)
        #expect(report.summaryLines == ["9 rows read; 2 models fitted by site; covariance classical",
                                        "1 rows without a value in 'site' left out"])

        // CSV (or .tsv, .json, .markdown): the writer commits the file when the table is done.
        var writer = TableFormat.csv.makeWriter(sink: try OutputSink.atomicFile(path: csvPath))
        try RegressionRenderer.writeTable(report, level: 0.95, to: &writer)

        // The Markdown summary, one table per model as R's summary(lm) lays it out.
        let sink = try OutputSink.atomicFile(path: markdownPath)
        var buffer = OutputBuffer(sink: sink)
        RegressionRenderer.writeMarkdown(report, level: 0.95, into: &buffer)
        try buffer.flush()
        try sink.commit()

        let csv = try String(contentsOfFile: csvPath, encoding: .utf8)
        #expect(csv.split(separator: "\n").first.map(String.init) == "group,term,estimate,std_error,t,p_value,ci_low,ci_high,n,dropped_rows,df_model,df_resid,"
            + "r_squared,adj_r_squared,f_statistic,f_df_num,f_df_denom,f_p_value,residual_se,log_likelihood,aic,bic,"
            + "condition_number,covariance,level,notes")
        #expect(csv.split(separator: "\n").count == 5)
        let markdown = try String(contentsOfFile: markdownPath, encoding: .utf8)
        // Six significant digits for people; p-values as R prints them (statsmodels: 0.0434916, 0.00217167).
        #expect(markdown.hasPrefix("""
            ### `y ~ x` — site = A

            | term | estimate | std. error | t | p | 2.5 % | 97.5 % |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: |
            | Intercept | 1.15 | 0.247992 | 4.637 | 0.04349 | 0.0829768 | 2.21702 |
            | x | 1.94 | 0.0905539 | 21.42 | 0.002172 | 1.55038 | 2.32962 |
            """))
    }
}
