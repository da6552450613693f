import ABIBatch
import Dispatch
import Testing

func bootstrapFixture() throws -> (Matrix, [Double], UInt64, Int, [String: Any]) {
    let fixture = try jsonFixture("batch_bootstrap_reference.json")
    let design = Matrix(rows: numberRows(fixture["design"]))
    let response = numbers(fixture["response"])
    let seed = try #require(fixture["seed"] as? Int)
    let replicates = try #require(fixture["replicates"] as? Int)
    return (design, response, UInt64(seed), replicates, fixture)
}

/// The script runs the same xoshiro256** stream in Python and numpy.linalg.lstsq per replicate;
/// percentiles by numpy.percentile (linear, R type 7). Exact algorithms: 1e-10 relative.
@Test func percentileIntervalsMatchTheNumpyReplication() throws {
    let (design, response, seed, replicates, fixture) = try bootstrapFixture()
    let result = try Bootstrap.regressionCoefficients(design: design, response: response, replicates: replicates, seed: seed)
    #expect(result.replicateEstimates.count == replicates)
    for (k, row) in numberRows(fixture["replicate_estimates_first3"]).enumerated() {
        expectClose(result.replicateEstimates[k], row, tolerance: 1e-10, "replicate \(k)")
    }
    let intervals = result.percentileIntervals(level: 0.95)
    expectClose(intervals.map(\.lower), numbers(fixture["percentile95_lower"]), tolerance: 1e-10, "2.5%")
    expectClose(intervals.map(\.upper), numbers(fixture["percentile95_upper"]), tolerance: 1e-10, "97.5%")
    #expect(result.standardErrors.allSatisfy { $0 > 0 && $0.isFinite })
}

@Test(arguments: [2, 3, 4])
func bootstrapIsIdenticalForAnyThreadCount(_ threads: Int) throws {
    let (design, response, seed, _, _) = try bootstrapFixture()
    let single = try Bootstrap.regressionCoefficients(design: design, response: response, replicates: 50, seed: seed, threadCount: 1)
    let parallel = try Bootstrap.regressionCoefficients(design: design, response: response, replicates: 50, seed: seed, threadCount: threads)
    #expect(single == parallel)
    let otherSeed = try Bootstrap.regressionCoefficients(design: design, response: response, replicates: 50, seed: seed + 1)
    #expect(otherSeed.replicateEstimates != single.replicateEstimates)
}

@Test func generatorReproducesItsStreamAndStaysInRange() {
    var a = Xoshiro256StarStar(seed: 7), b = Xoshiro256StarStar(seed: 7)
    let first = (0..<100).map { _ in a.next() }
    #expect(first == (0..<100).map { _ in b.next() })
    #expect(Set(first).count == 100)
    var c = Xoshiro256StarStar(seed: 7)
    let draws = (0..<10_000).map { _ in c.below(6) }
    #expect(draws.allSatisfy { $0 < 6 })
    #expect(Set(draws).count == 6)
}

@Test func bootstrapNeedsTwoReplicatesAndAThread() throws {
    let design = Matrix(rows: [[1, 0], [1, 1], [1, 2], [1, 3]])
    #expect(throws: BatchError.invalidArgument("at least 2 bootstrap replicates are needed, got 1")) {
        try Bootstrap.regressionCoefficients(design: design, response: [1, 2, 2, 4], replicates: 1, seed: 1)
    }
    #expect(throws: BatchError.invalidArgument("thread count must be at least 1, got 0")) {
        try Bootstrap.regressionCoefficients(design: design, response: [1, 2, 2, 4], replicates: 10, seed: 1, threadCount: 0)
    }
}

@Test func degenerateResamplesAreLeftOutAndCounted() throws {
    // Four rows: many resamples repeat one x value, leaving the slope aliased.
    let design = Matrix(rows: [[1, 0], [1, 1], [1, 2], [1, 3]])
    let result = try Bootstrap.regressionCoefficients(design: design, response: [1, 2, 2, 4], replicates: 200, seed: 5)
    let degenerate = result.replicateEstimates.filter { $0[1].isNaN }.count
    #expect(degenerate > 0)
    #expect(result.notes == ["\(degenerate) of 200 replicates had an aliased column; those estimates are left out"])
    #expect(result.percentileIntervals().allSatisfy { $0.lower.isFinite && $0.upper.isFinite })
}

/// The progress handler hears every replicate once, in increasing order (calls are serial even
/// from several threads), and the result is the one without a handler.
@Test(arguments: [1, 3])
func bootstrapProgressCountsEveryReplicateInOrder(_ threads: Int) throws {
    let (design, response, seed, _, _) = try bootstrapFixture()
    let counts = ProgressRecorder()
    let watched = try Bootstrap.regressionCoefficients(design: design, response: response, replicates: 50, seed: seed,
                                                       threadCount: threads, progress: counts.handler)
    let unwatched = try Bootstrap.regressionCoefficients(design: design, response: response, replicates: 50, seed: seed,
                                                         threadCount: threads)
    #expect(watched == unwatched)
    #expect(counts.calls.map(\.completed) == Array(1...50))
    #expect(counts.calls.allSatisfy { $0.total == 50 })
}

/// Records a handler's calls; the handler may run on worker threads.
final class ProgressRecorder: @unchecked Sendable {
    private var recorded: [(completed: Int, total: Int)] = []
    private let lock = DispatchSemaphore(value: 1)
    var handler: ProgressHandler {
        { [self] completed, total in
            lock.wait()
            recorded.append((completed, total))
            lock.signal()
        }
    }
    var calls: [(completed: Int, total: Int)] {
        lock.wait()
        defer { lock.signal() }
        return recorded
    }
}
