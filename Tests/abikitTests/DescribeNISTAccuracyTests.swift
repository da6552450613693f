import Foundation
import Testing

/// `abikit describe` on each NIST StRD univariate dataset written as a one-column CSV
/// (Fixtures/nist, certified mean and SD with n - 1). The loader subtracts the column's first value
/// in exact decimal arithmetic before rounding to binary, so mean and SD keep at least 14 correct
/// digits (LRE, McCullough 1998) even for NumAcc4 (values 10000000.2 +- 0.1), where moments of
/// the parsed doubles have only 8.3.
@Suite struct DescribeNISTAccuracyTests {
    static let names = ["PiDigits", "Lottery", "Lew", "Mavro", "Michelso", "NumAcc1", "NumAcc2", "NumAcc3", "NumAcc4"]

    /// The certified mean and SD and the data values as written, from a StRD univariate file.
    static func dataset(_ name: String) throws -> (mean: Double, sd: Double, texts: [String]) {
        let text = try String(contentsOfFile: Paths.fixture("nist/\(name).dat"), encoding: .utf8)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        func certified(_ label: String) throws -> Double {
            let line = try #require(lines.first { $0.hasPrefix(label) }, "\(name): no '\(label)' line")
            let afterColon = try #require(line.split(separator: ":").last)
            let token = try #require(afterColon.split(separator: " ").first)
            return try #require(Double(token), "\(name): '\(token)'")
        }
        let dataStart = try #require(lines.lastIndex { $0.hasPrefix("Data:") }) + 1
        let texts = lines[dataStart...].filter { !$0.hasPrefix("-") }.flatMap { $0.split(separator: " ").map(String.init) }
        return (try certified("Sample Mean"), try certified("Sample Standard Deviation"), texts)
    }

    /// Correct significant digits, capped at 15 as NIST's tables are.
    static func logRelativeError(_ estimate: Double, _ certified: Double) -> Double {
        guard estimate.isFinite else { return 0 }
        if estimate == certified { return 15 }
        let error = certified == 0 ? abs(estimate) : abs(estimate - certified) / abs(certified)
        return max(0, min(15, -log10(error)))
    }

    @Test(arguments: names)
    func describeReachesFourteenDigits(_ name: String) throws {
        let (mean, sd, texts) = try Self.dataset(name)
        #expect(texts.count >= 3)
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("\(name).csv")
        try ("y\n" + texts.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try runABIKit(["describe", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = TrendCommandTests.records(result.stdout)
        let row = try #require(rows.first)
        #expect(rows.count == 1 && row["column"] == "y" && row["n"] == String(texts.count))
        let meanDigits = Self.logRelativeError(Double(row["mean"] ?? "") ?? .nan, mean)
        let sdDigits = Self.logRelativeError(Double(row["sd"] ?? "") ?? .nan, sd)
        #expect(meanDigits >= 14, "\(name) mean \(row["mean"] ?? ""): \(meanDigits) digits")
        #expect(sdDigits >= 14, "\(name) sd \(row["sd"] ?? ""): \(sdDigits) digits")
    }

    /// The same file in chunks of a few hundred bytes: later chunks are re-based on the first
    /// chunk's shift, and the digits must survive that.
    @Test func describeKeepsDigitsAcrossChunks() throws {
        let (mean, sd, texts) = try Self.dataset("NumAcc4")
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("numacc4.csv")
        // Padding with a second, unused column makes the file (5 MB) span three 2 MiB chunks.
        let padding = String(repeating: "x", count: 5000)
        try ("y,pad\n" + texts.map { "\($0),\(padding)" }.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try runABIKit(["describe", file.path, "--columns", "y", "--threads", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let row = try #require(TrendCommandTests.records(result.stdout).first)
        #expect(Self.logRelativeError(Double(row["mean"] ?? "") ?? .nan, mean) >= 14, "mean \(row["mean"] ?? "")")
        #expect(Self.logRelativeError(Double(row["sd"] ?? "") ?? .nan, sd) >= 14, "sd \(row["sd"] ?? "")")
    }
}
