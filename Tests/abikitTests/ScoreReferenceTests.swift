import Foundation
import Testing

/// `abikit score` against the independent reference scorer (Scripts/reference/score_reference.py,
/// exact fractions, written from CLINICAL.md). Fixture and expected output are committed; regenerate
/// with `python3 Scripts/reference/make_score_fixture.py`. Tolerance: none (exact text equality of
/// every result column, flags compared as sets).
@Suite struct ScoreReferenceTests {
    static let compared = ["abi_left", "abi_right", "abi", "category", "severity", "tbi_left", "tbi_right",
                           "wifi_ischemia", "interarm_diff", "abi_change", "status"]

    @Test func everyRowMatchesTheExactDecimalReferenceScorer() throws {
        let result = try runABIKit(["score", Paths.fixture("reference/score_input.csv")])
        #expect(result.status == 0)
        let output = parseCSV(result.stdout)
        let expectedText = try String(contentsOfFile: Paths.fixture("reference/score_expected.csv"), encoding: .utf8)
        let expected = parseCSV(expectedText.split(separator: "\n", maxSplits: 1).last.map(String.init) ?? "")
        try #require(output.count > 2000)
        try #require(output.count == expected.count, "one output row per input row")
        let header = output[0], expectedHeader = expected[0]
        var mismatches: [String] = []
        for rowIndex in 1..<output.count {
            let row = output[rowIndex], reference = expected[rowIndex]
            let line = reference[0]
            for name in Self.compared {
                let ours = try #require(header.firstIndex(of: name)).self
                let theirs = try #require(expectedHeader.firstIndex(of: "ref_" + name))
                if row[ours] != reference[theirs] {
                    mismatches.append("line \(line) \(name): abikit '\(row[ours])', reference '\(reference[theirs])'")
                }
            }
            let flagsIndex = try #require(header.firstIndex(of: "flags"))
            let referenceFlagsIndex = try #require(expectedHeader.firstIndex(of: "ref_flags"))
            let ours = Set(row[flagsIndex].split(separator: ";")), theirs = Set(reference[referenceFlagsIndex].split(separator: ";"))
            if ours != theirs { mismatches.append("line \(line) flags: abikit \(ours.sorted()), reference \(theirs.sorted())") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differences, first: \(mismatches.prefix(10).joined(separator: "\n"))")
    }
}

/// Chunking and threads change nothing: tiny chunks (records split across reads, many rounds, visit
/// change crossing chunk boundaries) on 3 threads give the bytes of one chunk on one thread.
@Test func outputIsIdenticalForAnyThreadCountAndChunkSize() throws {
    let input = Paths.fixture("reference/score_input.csv")
    let reference = try runABIKit(["score", input, "--threads", "1", "--chunk-bytes", "10000000"])
    #expect(reference.status == 0)
    for (threads, chunk) in [("2", "4096"), ("3", "300"), ("1", "64")] {
        let result = try runABIKit(["score", input, "--threads", threads, "--chunk-bytes", chunk])
        #expect(result.status == 0)
        #expect(result.stdout == reference.stdout, "threads \(threads), chunk \(chunk) bytes")
        #expect(result.stderr == reference.stderr)
    }
}
