import Foundation
import Testing

/// `abikit score` against the independent reference scorer (Scripts/reference/score_reference.py,
/// exact fractions, written from docs/clinical-rules.md). Fixture and expected output are committed; regenerate
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

/// Subjects interleaved by date (every chunk holds visits of subjects seen in earlier chunks, so
/// most rows are recompared and patched, and chunks are reassembled): the bytes of a one-chunk run.
@Test func interleavedSubjectsGiveTheSameOutputAsOneChunk() throws {
    var text = "subject,date,brachial_left,brachial_right,ankle_dp_left,ankle_pt_left,ankle_dp_right,ankle_pt_right\n"
    for visit in 0..<6 {
        for subject in 0..<150 {
            let ankle = 90 + (subject * 7 + visit * 13) % 70
            text += "S\(subject),2024-0\(visit + 1)-1\(subject % 10),140,138,\(ankle),\(ankle - 3),130,128\n"
        }
    }
    // One out-of-order visit and one duplicate date among them.
    text += "S3,2024-01-13,140,138,100,97,130,128\nS4,2024-06-14,140,138,80,77,130,128\n"
    let directory = try Paths.temporaryDirectory()
    let file = directory.appendingPathComponent("interleaved.csv")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let reference = try runABIKit(["score", file.path, "--threads", "1", "--chunk-bytes", "10000000"])
    #expect(reference.status == 0)
    #expect(reference.stdout.contains("abi_change_significant"))
    #expect(reference.stderr.contains("visit_date_out_of_order"))
    #expect(reference.stderr.contains("duplicate_visit_date"))
    for format in ["csv", "json", "markdown"] {
        let whole = try runABIKit(["score", file.path, "--threads", "1", "--chunk-bytes", "10000000", "--format", format])
        for (threads, chunk) in [("2", "4096"), ("3", "1500")] {
            let result = try runABIKit(["score", file.path, "--threads", threads, "--chunk-bytes", chunk, "--format", format])
            #expect(result.stdout == whole.stdout, "\(format), threads \(threads), chunk \(chunk) bytes")
            #expect(result.stderr == whole.stderr)
        }
    }
}
