import Foundation
import Testing

/// End-to-end behaviour of `abikit score`, `validate` and `sniff` on the files in Fixtures/.
@Suite struct ScoreCommandTests {
    func column(_ name: String, of rows: [[String]]) throws -> [String] {
        let index = try #require(rows.first?.firstIndex(of: name), "no column \(name)")
        return rows.dropFirst().map { $0[index] }
    }

    @Test func scoresTheDemoClinicFileRowForRowWithHandCheckedValues() throws {
        let result = try runABIKit(["score", Paths.fixture("demo/clinic.csv")])
        #expect(result.status == 0)
        let rows = parseCSV(result.stdout)
        #expect(rows.count == 12, "header + 11 records")
        // Input columns unchanged, in order, then the results.
        #expect(Array(rows[0].prefix(3)) == ["Patient ID", "Visit date", "L Brachial (mmHg)"])
        #expect(Array(rows[0].suffix(3)) == ["flags", "status", "message"])
        #expect(try column("Patient ID", of: rows) == ["P001", "P001", "P002", "P003", "P004", "P005", "P006", "P007", "P008", "P009", "P010"])
        let abi = try column("abi", of: rows)
        // P001 visit 1: higher ankle 140 (L DP) / higher arm 132 = 1.0606 -> 1.06 (left);
        // right 141/132 = 1.068 -> 1.07; patient = worse leg 1.06.
        #expect(abi[0] == "1.06")
        // P001 visit 2: left 121/134 = 0.9030 -> 0.90 (abnormal, <= 0.90); change 0.90 - 1.06 = -0.16.
        #expect(abi[1] == "0.90")
        #expect(try column("category", of: rows)[1] == "abnormal")
        #expect(try column("abi_change", of: rows)[1] == "-0.16")
        #expect(try column("flags", of: rows)[1].contains("abi_change_significant"))
        // P002: left 102/148 = 0.689 -> 0.69, moderate (0.40-0.69); arms 148 vs 129 differ by 19 mmHg.
        #expect(abi[2] == "0.69")
        #expect(try column("severity", of: rows)[2] == "moderate")
        #expect(try column("interarm_diff", of: rows)[2] == "19")
        #expect(try column("flags", of: rows)[2].contains("interarm_15"))
        // P003: left DP 'NC' and PT '>255': noncompressible leg; right 196/141 = 1.39 normal ->
        // patient noncompressible (docs/clinical-rules.md), no single patient ABI, TBI recommended.
        #expect(try column("category", of: rows)[3] == "noncompressible")
        #expect(abi[3] == "")
        // P004: left DP 0 and PT 'absent': absent signal at every artery -> 0.00, severe.
        #expect(try column("abi_left", of: rows)[4] == "0.00")
        #expect(try column("severity", of: rows)[4] == "severe")
        #expect(try column("wifi_ischemia", of: rows)[4] == "3")
        // P007: 1400 mmHg is invalid: error status, message names line and column.
        #expect(try column("status", of: rows)[7] == "error")
        #expect(try column("message", of: rows)[7].hasPrefix("line 9, column 25: L DP"))
        // P008: a formula in a text cell is neutralised with a leading quote.
        #expect(try column("Notes", of: rows)[8].hasPrefix("'=HYPERLINK"))
        // P010: no brachial pressure: error, no ABI.
        #expect(try column("status", of: rows)[10] == "error")
        // Summary on stderr, data on stdout only.
        #expect(result.stderr.contains("11 rows"))
        #expect(result.stderr.contains("2 with errors"))
        #expect(!result.stdout.contains("abikit score:"))
    }

    @Test func strictExitsOneOnDataErrorsAndStillWritesTheOutputFile() throws {
        let directory = try Paths.temporaryDirectory()
        let target = directory.appendingPathComponent("scored.csv").path
        let result = try runABIKit(["score", Paths.fixture("demo/clinic.csv"), "--strict", "-o", target])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(parseCSV(written).count == 12)
        #expect(result.stderr.contains("rows with errors (--strict)"))
    }

    @Test func cleanFileUnderStrictExitsZero() throws {
        let result = try runABIKit(["score", "--strict", Paths.fixture("cli/windows1252.csv")])
        #expect(result.status == 0)
    }

    @Test func readsStandardInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("demo/clinic.csv")))
        let result = try runABIKit(["score", "-"], stdin: data)
        #expect(result.status == 0)
        #expect(parseCSV(result.stdout).count == 12)
        #expect(result.stderr.contains("<stdin>"))
    }

    @Test func windows1252InputIsTranscodedToUTF8() throws {
        let result = try runABIKit(["score", Paths.fixture("cli/windows1252.csv")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Renée € café"))
        #expect(result.stderr.contains("windows-1252"))
        // 118..125 over 122: left 121/122 = 0.9918 -> 0.99, right 125/122 = 1.0246 -> 1.02.
        #expect(result.stdout.contains(",0.99,1.02,0.99,borderline,"))
    }

    @Test func semicolonDecimalCommaFileWithMapOverrides() throws {
        let result = try runABIKit([
            "score", Paths.fixture("cli/semicolon_decimal_comma.csv"),
            "--map", "brachial_left=Brachial links", "--map", "brachial_right=Brachial rechts",
            "--map", "ankle_dp_left=5", "--map", "ankle_pt_left=6", "--map", "ankle_dp_right=7", "--map", "ankle_pt_right=8",
        ])
        #expect(result.status == 0)
        let rows = parseCSV(result.stdout)
        // M1: 120,5 / 130,5 = 0.9234 -> 0.92; 133,5 / 130,5 = 1.0230 -> 1.02; arms differ by 2.5.
        #expect(try column("abi", of: rows) == ["0.92", "0.89"])
        #expect(try column("interarm_diff", of: rows) == ["2.5", "1"])
        // The quoted note with a ';' inside survives.
        #expect(try column("Notiz", of: rows)[0] == "ok; stabil")
        #expect(result.stderr.contains("decimal mark ','"))
    }

    @Test func raggedRowsAreReportedWithTheirLineAndNotDropped() throws {
        let result = try runABIKit(["score", Paths.fixture("cli/ragged_bom_crlf.csv")])
        #expect(result.status == 0)
        let rows = parseCSV(result.stdout)
        #expect(try column("subject", of: rows) == ["P1", "P2", "P3", "P4"])
        #expect(rows.allSatisfy { $0.count == rows[0].count }, "rectangular output")
        #expect(result.stderr.contains("ragged_bom_crlf.csv:3: error: record has 6 fields, expected 7"))
        #expect(result.stderr.contains("ragged_bom_crlf.csv:4: error: record has 8 fields, expected 7"))
        // Not scored: the values cannot be matched to their columns.
        #expect(try column("abi", of: rows)[1...2] == ["", ""])
        #expect(try column("status", of: rows)[1...2] == ["error", "error"])
        #expect(result.stderr.contains("ragged_bom_crlf.csv:6:4: error:"))
        #expect(result.stderr.contains("1 blank lines skipped"))
        #expect(rows[0][0] == "subject", "the UTF-8 BOM is not part of the first header")
    }

    @Test func headerOnlyFileWritesTheHeader() throws {
        let result = try runABIKit(["score", Paths.fixture("cli/header_only.csv")])
        #expect(result.status == 0)
        #expect(parseCSV(result.stdout).count == 1)
        #expect(result.stderr.contains("0 rows"))
    }

    @Test(arguments: [
        (["score", "Fixtures/cli/empty.csv"], "the input is empty"),
        (["score", "Fixtures/cli/unmapped.csv"], "headers seen: 1 'id'"),
        (["score", "Fixtures/does-not-exist.csv"], "does-not-exist.csv"),
        (["score", "Fixtures/demo/clinic.csv", "--abi-method", "highest"], "The value 'highest' is invalid for '--abi-method"),
        (["score", "Fixtures/demo/clinic.csv", "--method", "highest"], "The value 'highest' is invalid for '--method'"),
        (["score", "Fixtures/demo/clinic.csv", "--map", "ankle=3"], "ankle"),
        (["score", "Fixtures/demo/clinic.csv", "--format", "xlsx"], "xlsx"),
        (["score", "Fixtures/demo/clinic.csv", "--change-threshold", "-1"], "--change-threshold"),
        (["score", "--no-such-option"], "no-such-option"),
        (["frobnicate"], "frobnicate"),
    ])
    func usageErrorsExitTwoWithAMessage(arguments: [String], expected: String) throws {
        let result = try runABIKit(arguments, currentDirectory: Paths.packageRoot)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(expected))
    }

    @Test func helpShowsExamplesAndExitsZero() throws {
        for command in ["score", "validate", "sniff"] {
            let result = try runABIKit([command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("Examples:"))
        }
    }

    @Test(arguments: ["json", "markdown", "tsv"])
    func otherFormatsHaveOneRecordPerInputRow(format: String) throws {
        let result = try runABIKit(["score", Paths.fixture("demo/clinic.csv"), "--format", format])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        switch format {
        case "json":
            #expect(lines.count == 11)
            let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
            #expect(object?["abi"] as? Double == 1.06)
            #expect(object?["Patient ID"] as? String == "P001")
        case "markdown":
            #expect(lines.count == 13, "header, rule, 11 rows")
            #expect(lines[1].hasPrefix("| ---"))
        default:
            #expect(lines.count == 12)
            #expect(lines[0].contains("\tabi_left\t"))
        }
    }

    @Test func closedPipeExitsZeroQuietly() throws {
        // Enough rows that abikit is still writing when `head` has gone.
        let directory = try Paths.temporaryDirectory()
        let big = directory.appendingPathComponent("big.csv")
        var text = "subject,brachial_left,brachial_right,ankle_dp_left,ankle_pt_left,ankle_dp_right,ankle_pt_right\n"
        for index in 0..<200_000 { text += "S\(index),120,122,118,121,119,125\n" }
        try text.write(to: big, atomically: true, encoding: .utf8)
        let script = "set -o pipefail; '\(Paths.executable.path)' score '\(big.path)' --quiet | head -n 1 > /dev/null"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        let err = Pipe()
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(stderr.isEmpty)
    }

    @Test func validateListsEveryProblemAsFileLineColumnAndExitsOne() throws {
        let result = try runABIKit(["validate", Paths.fixture("demo/clinic.csv")])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix("clinic.csv:9:25: error: L DP (ankle_dp_left) '1400': invalid pressure: above 300 mmHg (valid range 0-300 mmHg)"))
        #expect(lines[1].hasSuffix("clinic.csv:12: error: no usable brachial pressure; ABI and TBI not computed"))
    }

    @Test func validateExitsZeroOnACleanFile() throws {
        let result = try runABIKit(["validate", Paths.fixture("cli/windows1252.csv")])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test func sniffReportsDialectAndRoles() throws {
        let result = try runABIKit(["sniff", Paths.fixture("cli/semicolon_decimal_comma.csv")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("delimiter: ';' (named by the file's 'sep=' first line)"))
        #expect(result.stdout.contains("decimal mark: ','"))
        #expect(result.stdout.contains("line ending: CRLF"))
        #expect(result.stdout.contains("column 1 'Patient' -> subject"))
        let demo = try runABIKit(["sniff", Paths.fixture("demo/clinic.csv")])
        #expect(demo.stdout.contains("'L PT' -> ankle_pt_left"))
        #expect(demo.stdout.contains("'Notes' -> not used"))
    }
}
