import Dispatch

/// xoshiro256** pseudo-random generator seeded through SplitMix64 (Blackman & Vigna 2021,
/// "Scrambled linear pseudorandom number generators", ACM TOMS 47:36). Small, fast, and the same
/// stream on every platform, so resampling results are reproducible.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Seeds the four state words from SplitMix64 started at `seed`.
    public init(seed: UInt64) {
        var s = seed
        var words: [UInt64] = []
        for _ in 0..<4 {
            let (next, value) = Xoshiro256StarStar.splitMix64(s)
            s = next
            words.append(value)
        }
        state = (words[0], words[1], words[2], words[3])
    }

    /// One SplitMix64 step: the advanced state and the output.
    static func splitMix64(_ state: UInt64) -> (UInt64, UInt64) {
        let next = state &+ 0x9E37_79B9_7F4A_7C15
        var z = next
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (next, z ^ (z >> 31))
    }

    /// The seed of replicate `index` derived from a run seed: independent streams per replicate,
    /// so results do not depend on how replicates are spread over threads.
    public static func replicateSeed(_ seed: UInt64, index: Int) -> UInt64 {
        splitMix64(seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03)).1
    }

    /// Next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) .rotatedLeft(by: 7)) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3.rotatedLeft(by: 45)
        return result
    }

    /// Uniform integer in 0..<bound by Lemire's multiply-shift with rejection (unbiased).
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        while true {
            let (high, low) = next().multipliedFullWidth(by: bound)
            if low >= bound { return high }
            let threshold = (0 &- bound) % bound
            if low >= threshold { return high }
        }
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(by k: UInt64) -> UInt64 { (self << k) | (self >> (64 - k)) }
}

/// Percentile bootstrap confidence intervals for regression coefficients.
public struct BootstrapResult: Sendable, Equatable {
    /// Coefficients of the fit to the original data.
    public let estimates: [Double]
    /// Replicate estimates, replicate by replicate (`replicates.count` rows of p values); NaN where
    /// a resample left a column aliased.
    public let replicateEstimates: [[Double]]
    /// Seed of the run.
    public let seed: UInt64
    /// Method, for reports.
    public let method: String
    /// Non-fatal findings (replicates with aliased columns).
    public let notes: [String]

    /// Bootstrap standard errors: SD (divisor B - 1) of the finite replicate estimates.
    public var standardErrors: [Double] {
        estimates.indices.map { j in
            let values = replicateEstimates.map { $0[j] }.filter { !$0.isNaN }
            guard values.count > 1 else { return .nan }
            let mean = values.reduce(0, +) / Double(values.count)
            return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        }
    }

    /// Percentile intervals (Efron & Tibshirani 1993, ch. 13): the (1 - level)/2 and (1 + level)/2
    /// quantiles of the finite replicate estimates, linear interpolation between order statistics
    /// (R type 7, numpy's default).
    /// - Precondition: 0 < level < 1.
    public func percentileIntervals(level: Double = 0.95) -> [(lower: Double, upper: Double)] {
        precondition(level > 0 && level < 1, "confidence level must lie in (0, 1)")
        return estimates.indices.map { j in
            let values = replicateEstimates.map { $0[j] }.filter { !$0.isNaN }.sorted()
            return (Bootstrap.quantile(values, (1 - level) / 2), Bootstrap.quantile(values, (1 + level) / 2))
        }
    }
}

/// Case-resampling (pairs) bootstrap of least-squares coefficients (Efron & Tibshirani 1993,
/// *An Introduction to the Bootstrap*, sec. 9.5).
public enum Bootstrap {
    /// Resamples the rows of (design, response) `replicates` times and refits.
    ///
    /// Replicate r draws its rows from `Xoshiro256StarStar(seed: replicateSeed(seed, r))`, so the
    /// result is identical for any `threadCount`. NaN in the input throws (drop missing rows first).
    /// - Parameters:
    ///   - design: the design matrix, one row per case (include the intercept column).
    ///   - response: the response, one value per design row.
    ///   - replicates: the number of bootstrap samples (at least 2).
    ///   - seed: the seed from which every replicate's generator is derived.
    ///   - threadCount: replicates run on this many threads (1 = the calling thread).
    ///   - progress: told the number of replicates done (of `replicates`) after each one.
    /// - Throws: `BatchError` for bad input or when `replicates < 2`.
    public static func regressionCoefficients(design: Matrix, response: [Double], replicates: Int, seed: UInt64,
                                              threadCount: Int = 1, progress: ProgressHandler? = nil) throws -> BootstrapResult {
        guard replicates >= 2 else { throw BatchError.invalidArgument("at least 2 bootstrap replicates are needed, got \(replicates)") }
        guard threadCount >= 1 else { throw BatchError.invalidArgument("thread count must be at least 1, got \(threadCount)") }
        var settings = LeastSquaresOptions()
        settings.covarianceRefinement = .never
        let options = settings
        let original = try LeastSquares.fit(design: design, response: response, options: options)
        let n = design.rowCount, p = design.columnCount
        let results = ReplicateStore(count: replicates, width: p, progress: progress)
        let chunks = min(threadCount, replicates)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var replicate = chunk
            while replicate < replicates {
                var generator = Xoshiro256StarStar(seed: Xoshiro256StarStar.replicateSeed(seed, index: replicate))
                let rows = (0..<n).map { _ in Int(generator.below(UInt64(n))) }
                var elements = [Double](repeating: 0, count: n * p)
                for j in 0..<p {
                    let column = design.column(j)
                    let base = column.startIndex
                    for (k, i) in rows.enumerated() { elements[k + j * n] = column[base + i] }
                }
                let y = rows.map { response[$0] }
                do {
                    let fit = try LeastSquares.fit(design: Matrix(rowCount: n, columnCount: p, columnMajorElements: elements),
                                                   response: y, options: options)
                    results.set(replicate, fit.coefficients, failed: false)
                } catch {
                    results.set(replicate, [Double](repeating: .nan, count: p), failed: true)
                }
                replicate += chunks
            }
        }
        let estimates = results.rows
        let failed = results.failures
        let degenerate = estimates.filter { $0.contains(where: \.isNaN) }.count - failed
        var notes: [String] = []
        if degenerate > 0 { notes.append("\(degenerate) of \(replicates) replicates had an aliased column; those estimates are left out") }
        if failed > 0 { notes.append("\(failed) of \(replicates) replicates could not be fitted (LAPACK error); left out") }
        return BootstrapResult(estimates: original.coefficients, replicateEstimates: estimates, seed: seed,
                               method: "case resampling, \(replicates) replicates, xoshiro256** seeded per replicate, percentile intervals",
                               notes: notes)
    }

    /// Quantile of sorted values by linear interpolation (R type 7). NaN when empty.
    static func quantile(_ sorted: [Double], _ probability: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = probability * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
    }
}

/// Per-replicate slots written by disjoint indices from several threads.
private final class ReplicateStore: @unchecked Sendable {
    // Each index is written by exactly one thread and read only after concurrentPerform returns.
    private var storage: [[Double]]
    private var failed: [Bool]
    private var completed = 0
    private let progress: ProgressHandler?
    private let lock = ReplicateLock()

    init(count: Int, width: Int, progress: ProgressHandler?) {
        storage = [[Double]](repeating: [Double](repeating: .nan, count: width), count: count)
        failed = [Bool](repeating: false, count: count)
        self.progress = progress
    }

    /// Stores replicate `index`; the progress handler is called under the lock, so its calls are
    /// serial and their counts increase.
    func set(_ index: Int, _ value: [Double], failed didFail: Bool) {
        lock.withLock {
            storage[index] = value
            failed[index] = didFail
            completed += 1
            progress?(completed, storage.count)
        }
    }

    var rows: [[Double]] { lock.withLock { storage } }
    var failures: Int { lock.withLock { failed.filter { $0 }.count } }
}

/// A minimal mutex over DispatchSemaphore (Foundation-free).
private final class ReplicateLock: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 1)
    func withLock<T>(_ body: () -> T) -> T {
        semaphore.wait()
        defer { semaphore.signal() }
        return body()
    }
}
