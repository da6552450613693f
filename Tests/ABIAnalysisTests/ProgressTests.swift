import ABIAnalysis
import ABIBatch
import ABIIO
import Dispatch
import Testing

/// The engines' progress callbacks (`regress --bootstrap`, `correlate`): counts that increase to
/// the total, and results that do not depend on whether anyone listens.
@Suite struct ProgressTests {
    /// Records the calls of a ``ProgressHandler`` (which may come from worker threads).
    final class Calls: @unchecked Sendable {
        private var recorded: [(completed: Int, total: Int)] = []
        private let lock = DispatchSemaphore(value: 1)
        var handler: ProgressHandler {
            { [self] completed, total in
                lock.wait()
                recorded.append((completed, total))
                lock.signal()
            }
        }
        var all: [(completed: Int, total: Int)] {
            lock.wait()
            defer { lock.signal() }
            return recorded
        }

        /// Counts strictly increase, the total never changes and the last call is complete.
        func checkComplete(total: Int, sourceLocation: SourceLocation = #_sourceLocation) {
            let calls = all
            #expect(!calls.isEmpty, sourceLocation: sourceLocation)
            #expect(calls.allSatisfy { $0.total == total }, sourceLocation: sourceLocation)
            #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.completed < $1.completed }, sourceLocation: sourceLocation)
            #expect(calls.last?.completed == total, sourceLocation: sourceLocation)
        }
    }

    static func source(_ text: String) throws -> ColumnSource {
        try ColumnSource.open(try CSVChunkReader(bytes: Array(text.utf8)), displayName: "test.csv")
    }

    /// y depends on x with scatter, in three sites; site C has two rows only, too few for y ~ x + z.
    static let regressionText: String = {
        var text = "x,z,y,site\n"
        for row in 0..<60 {
            let x = Double(row % 17), z = Double((row * 7) % 11)
            text += "\(x),\(z),\(1 + 0.5 * x - 0.2 * z + Double((row * 13) % 7) / 5),\(row % 2 == 0 ? "A" : "B")\n"
        }
        text += "1,2,3,C\n2,3,4,C\n"
        return text
    }()

    static func describe(_ report: RegressionReport) -> String {
        String(describing: report.models.map { ($0.group, $0.result, $0.bootstrap) }) + String(describing: report.failures)
    }

    @Test(arguments: [1, 3])
    func bootstrapCountsEveryReplicateOfEveryGroup(threads: Int) throws {
        let analysis = RegressionAnalysis(formula: "y ~ x + z", by: ["site"], covariance: try #require(RegressionCovarianceChoice("hc3")),
                                          bootstrap: 40, seed: 3, threads: threads)
        let calls = Calls()
        let watched = try analysis.run(try Self.source(Self.regressionText), warn: { _ in }, progress: calls.handler)
        let unwatched = try analysis.run(try Self.source(Self.regressionText), warn: { _ in })
        // A and B are fitted; C cannot be fitted and counts as done: 3 x 40 replicates.
        #expect(watched.models.map(\.group) == ["A", "B"] && watched.failures.count == 1)
        calls.checkComplete(total: 120)
        #expect(calls.all.count == 81, "one call per replicate of A and B, one for C")
        #expect(Self.describe(watched) == Self.describe(unwatched))
    }

    @Test func regressionWithoutBootstrapIsSilent() throws {
        let analysis = RegressionAnalysis(formula: "y ~ x", covariance: try #require(RegressionCovarianceChoice("classical")))
        let calls = Calls()
        _ = try analysis.run(try Self.source(Self.regressionText), warn: { _ in }, progress: calls.handler)
        #expect(calls.all.isEmpty)
    }

    /// Four columns with missing cells, and a subject column for rmcorr.
    static let correlationText: String = {
        var text = "subject,a,b,c,d\n"
        for row in 0..<30 {
            var cells: [String] = []
            for j in 0..<4 {
                let missing = (row * (j + 3)) % 11 == 4
                let value = Double((row * (j * 5 + 7)) % 19) + Double(j) * 0.5
                cells.append(missing ? "" : String(value))
            }
            text += "S\(row % 6),\(cells.joined(separator: ","))\n"
        }
        return text
    }()

    static func describe(_ report: CorrelationReport) -> String {
        String(describing: report.result) + String(describing: report.tests)
    }

    @Test(arguments: [
        (CorrelationAnalysis.Method.spearman, CorrelationAnalysis.Missing.pairwise, nil as String?, 6),
        (.pearson, .pairwise, nil, 1), (.spearman, .listwise, nil, 1), (.pearson, .pairwise, "subject", 6),
    ])
    func correlationCountsPairs(method: CorrelationAnalysis.Method, missing: CorrelationAnalysis.Missing, repeated: String?,
                                callCount: Int) throws {
        var analysis = CorrelationAnalysis(columns: ["a", "b", "c", "d"], method: method, missing: missing)
        analysis.repeatedSubject = repeated
        let calls = Calls()
        let watched = try analysis.run(try Self.source(Self.correlationText), warn: { _ in }, progress: calls.handler)
        let unwatched = try analysis.run(try Self.source(Self.correlationText), warn: { _ in })
        // 4 columns: 6 pairs, one by one where each pair is computed on its own, else at once.
        calls.checkComplete(total: 6)
        #expect(calls.all.count == callCount)
        #expect(Self.describe(watched) == Self.describe(unwatched))
    }

    @Test func oneColumnHasNoPairs() throws {
        let calls = Calls()
        _ = try CorrelationAnalysis(columns: ["a"], method: .spearman).run(try Self.source(Self.correlationText), warn: { _ in },
                                                                           progress: calls.handler)
        #expect(calls.all.map(\.completed) == [0] && calls.all.map(\.total) == [0])
    }
}
