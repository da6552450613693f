import Foundation
import Testing

/// The reader's cases in Fixtures/messy/ (see its README): each input is run through the built
/// binary from inside that folder and its standard output, standard error and exit status are
/// compared with the committed `expected/NAME.COMMAND.stdout` / `.stderr` files, byte for byte.
@Suite struct MessyReaderFixtureTests {
    static let folder = Paths.fixtures.appendingPathComponent("messy")

    /// (input file, command, expected exit status).
    static let cases: [(String, String, Int32)] = [
        ("stray_quote.csv", "score", 0),
        ("unclosed_quote.csv", "score", 0),
        ("unclosed_quote.csv", "validate", 1),
        ("unclosed_quotes_twice.csv", "score", 0),
        ("unclosed_quotes_twice.csv", "validate", 1),
        ("quote_closed_by_stray_quote.csv", "score", 0),
        ("quote_closed_by_stray_quote.csv", "validate", 1),
        ("quotes_in_cells.csv", "score", 0),
        ("short_row.csv", "score", 0),
        ("short_row.csv", "validate", 1),
        ("late_cp1252.csv", "score", 0),
        ("utf16le_tab.txt", "score", 0),
        ("workbook.xlsx", "score", 2),
        ("control_chars.csv", "score", 0),
        ("control_chars.csv", "validate", 1),
    ]

    @Test(arguments: cases)
    func matchesTheCommittedOutput(input: String, command: String, status: Int32) throws {
        let stem = (input as NSString).deletingPathExtension + "." + command
        let expected = Self.folder.appendingPathComponent("expected")
        let expectedOut = try String(contentsOf: expected.appendingPathComponent(stem + ".stdout"), encoding: .utf8)
        let expectedErr = try String(contentsOf: expected.appendingPathComponent(stem + ".stderr"), encoding: .utf8)
        for threads in ["1", "2"] {
            let result = try runABIKit([command, input, "--threads", threads], currentDirectory: Self.folder)
            #expect(result.status == status, "\(stem) --threads \(threads)")
            #expect(result.stdout == expectedOut, "\(stem) --threads \(threads)")
            #expect(result.stderr == expectedErr, "\(stem) --threads \(threads)")
        }
    }

    /// Every `score` output re-parses (RFC 4180) to the header's width, one row per input record.
    @Test(arguments: ["stray_quote.csv", "unclosed_quote.csv", "unclosed_quotes_twice.csv", "quotes_in_cells.csv", "short_row.csv",
                      "late_cp1252.csv", "utf16le_tab.txt", "control_chars.csv"])
    func outputReparsesToTheHeaderWidth(input: String) throws {
        let result = try runABIKit(["score", input], currentDirectory: Self.folder)
        let rows = parseCSV(result.stdout)
        let width = try #require(rows.first?.count)
        #expect(rows.allSatisfy { $0.count == width })
        let records = input == "late_cp1252.csv" ? 1601 : input == "utf16le_tab.txt" ? 2
            : input == "unclosed_quotes_twice.csv" ? 6 : 3
        #expect(rows.count == records + 1)
    }

    @Test func strayAndUnclosedQuotesKeepTheirCellsAndLoseNoRecord() throws {
        let stray = parseCSV(try runABIKit(["score", "stray_quote.csv"], currentDirectory: Self.folder).stdout)
        #expect(stray.map { $0[8] } == ["Notes", "5'11\" tall", "said \"ok\" then left", "fine"])
        let unclosed = parseCSV(try runABIKit(["score", "unclosed_quote.csv"], currentDirectory: Self.folder).stdout)
        #expect(unclosed.map { $0[0] } == ["Patient ID", "P001", "P002", "P003"])
        #expect(unclosed[1][8] == "\"never closed")
        #expect(unclosed[1][unclosed[0].firstIndex(of: "status")!] == "error")
    }

    /// Two notes that open a quote and never close it: Python's csv module takes the second quote
    /// (followed by more text) as the end of the first field and swallows the records between them.
    /// abikit reports both quotes at their lines, resumes at the next line each time, and keeps the
    /// legitimate multi-line note after them.
    @Test func twoUnclosedQuotesLoseNoRecordBetweenThem() throws {
        let result = try runABIKit(["score", "unclosed_quotes_twice.csv"], currentDirectory: Self.folder)
        let rows = parseCSV(result.stdout)
        #expect(rows.map { $0[0] } == ["Patient ID", "P001", "P002", "P003", "P004", "P005", "P006"])
        let status = try #require(rows[0].firstIndex(of: "status"))
        #expect(rows.dropFirst().map { $0[status] } == ["error", "ok", "error", "ok", "ok", "ok"])
        #expect(rows[4][8] == "5'11\" tall" && rows[5][8] == "multi-line note, fine\nsecond line")
        #expect(result.stderr.contains("unclosed_quotes_twice.csv:2:41: error: quoted field opened here is never closed"))
        #expect(result.stderr.contains("unclosed_quotes_twice.csv:4:41: error: quoted field opened here is never closed"))
    }

    /// A quote left open and "closed" by a stray quote at the very end of a later line is valid
    /// quoting, so the lines between are one cell (as Python's csv module reads them too). It cannot
    /// pass silently: a later line of the cell that holds as many delimiters as a record is an error
    /// at the opening quote; a note that really spans lines (with a few commas) is not.
    @Test func aQuoteClosedByAStrayQuoteOnALaterLineIsReported() throws {
        let result = try runABIKit(["score", "quote_closed_by_stray_quote.csv"], currentDirectory: Self.folder)
        let rows = parseCSV(result.stdout)
        let status = try #require(rows[0].firstIndex(of: "status"))
        #expect(rows.dropFirst().map { $0[0] } == ["P001", "P004"])
        #expect(rows.dropFirst().map { $0[status] } == ["error", "ok"])
        #expect(result.stderr.contains("quote_closed_by_stray_quote.csv:2:41: error: Notes: quoted field opened here runs "
            + "over 3 lines, and line 3 inside it holds 8 or more delimiters like a whole record"))
        #expect(result.stderr.contains("problems: 1 quote_spans_records"))
    }

    /// The cells abikit writes back are the cells Python's csv module and pandas read from the same
    /// input (Fixtures/messy/python_csv_reference.json, from Scripts/reference/messy_csv_reference.py);
    /// formula-like text cells carry their `'` prefix.
    @Test(arguments: ["stray_quote.csv", "quotes_in_cells.csv"])
    func readsTheCellsPythonsCSVModuleReads(input: String) throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("python_csv_reference.json"))
        let reference = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try #require(reference["files"] as? [String: [[String]]])
        let expected = try #require(files[input])
        let rows = parseCSV(try runABIKit(["score", input], currentDirectory: Self.folder).stdout)
        #expect(rows.count == expected.count)
        for (row, want) in zip(rows, expected) {
            let cells = Array(row.prefix(want.count))
            #expect(zip(cells, want).allSatisfy { $0 == $1 || $0 == "'" + $1 }, "\(cells) vs \(want)")
        }
    }

    /// Item 2 beyond CSV: TSV (RFC 4180 quoting with tabs), JSON Lines (RFC 8259 strings) and Markdown
    /// (`|` and `\\` escaped, `<` `>` `&` as entities, line breaks as `<br>`) keep every cell of
    /// every row, at the header's width, as the CSV output has it.
    @Test(arguments: ["quotes_in_cells.csv", "stray_quote.csv", "unclosed_quotes_twice.csv"])
    func everyFormatKeepsEveryCellOfEveryRow(input: String) throws {
        let csv = parseCSV(try runABIKit(["score", input], currentDirectory: Self.folder).stdout)
        let header = try #require(csv.first)
        #expect(csv.allSatisfy { $0.count == header.count })

        let tsv = parseCSV(try runABIKit(["score", input, "--format", "tsv"], currentDirectory: Self.folder).stdout,
                           delimiter: "\t")
        #expect(tsv == csv)

        let json = try runABIKit(["score", input, "--format", "json"], currentDirectory: Self.folder).stdout
        let objects = try json.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == csv.count - 1)
        for (object, row) in zip(objects, csv.dropFirst()) {
            #expect(object.count == header.count)
            // Input columns are text; the CSV's `'` before a formula-like cell is for spreadsheets only.
            for column in 0..<9 {
                let value = try #require(object[header[column]] as? String, "\(header[column]) in \(object)")
                #expect(value == row[column] || "'" + value == row[column], "\(value) vs \(row[column])")
            }
        }

        let markdown = try runABIKit(["score", input, "--format", "markdown"], currentDirectory: Self.folder).stdout
        let lines = markdown.split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(lines.count == csv.count + 1, "header, rule and one line per row")
        let cells = lines.enumerated().filter { $0.offset != 1 }.map { Self.markdownCells(String($0.element)) }
        for (markdownRow, row) in zip(cells, csv) {
            #expect(markdownRow.count == header.count)
            for column in 0..<9 {
                #expect(markdownRow[column] == row[column] || "'" + markdownRow[column] == row[column],
                        "\(markdownRow[column]) vs \(row[column])")
            }
        }
    }

    /// The cells of one Markdown table line, unescaped (`\\|`, `\\\\`, entities, `<br>`).
    static func markdownCells(_ line: String) -> [String] {
        var cells: [String] = [], cell = "", escaped = false
        for character in line.dropFirst() {
            if escaped {
                cell.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(character)
            }
        }
        return cells.map { raw in
            var text = raw
            if text.hasPrefix(" ") { text.removeFirst() }
            if text.hasSuffix(" ") { text.removeLast() }
            return text.replacingOccurrences(of: "<br>", with: "\n").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    /// Item 11: Excel's "Unicode Text" in big-endian order reads exactly as the little-endian file.
    @Test func utf16BigEndianReadsLikeLittleEndian() throws {
        let little = try Data(contentsOf: Self.folder.appendingPathComponent("utf16le_tab.txt"))
        var big = Data()
        for index in stride(from: 0, to: little.count - 1, by: 2) { big.append(contentsOf: [little[index + 1], little[index]]) }
        #expect(big.prefix(2) == Data([0xFE, 0xFF]))
        let fromLittle = try runABIKit(["score", "utf16le_tab.txt"], currentDirectory: Self.folder)
        let fromBig = try runABIKit(["score", "-"], stdin: big)
        #expect(fromBig.status == 0)
        #expect(fromBig.stdout == fromLittle.stdout)
        #expect(fromBig.stderr.contains("utf-16be"), "\(fromBig.stderr)")
    }

    /// Item 11: a file that is not text is refused with exit 2 and a message naming what it looks
    /// like, never its bytes; in every command that reads a table.
    @Test(arguments: [
        (Data("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj".utf8), "PDF"),
        (Data([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xED, 0x9D]), "gzip"),
        (Data("P001,130\u{0}\u{0}\u{1},140\n".utf8), "binary"),
    ])
    func aFileThatIsNotTextIsRefusedWithoutEchoingIt(bytes: Data, kind: String) throws {
        for command in [["score"], ["validate"], ["sniff"], ["describe", "--columns", "x"]] {
            let result = try runABIKit([command[0], "-"] + command.dropFirst(), stdin: bytes)
            #expect(result.status == 2, "\(command[0]) \(kind): \(result.stderr)")
            #expect(result.stderr.lowercased().contains(kind.lowercased()), "\(command[0]): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(result.stderr)")
        }
    }

    /// Items 1 and 3 beyond `score`: `trend` reports an unclosed quote and reads on (it used to stop
    /// with exit 2), and leaves out a record whose field count differs from the header's, with a
    /// warning, instead of reading its values from shifted columns; `describe` names the quote once.
    @Test func trendAndDescribeReadOnAfterQuotesAndLeaveOutRaggedRecords() throws {
        let trend = ["--subject", "1", "--time", "2", "--min-points", "1"]
        let quotes = try runABIKit(["trend", "unclosed_quotes_twice.csv", "--measure", "abi"] + trend, currentDirectory: Self.folder)
        #expect(quotes.status == 0, "\(quotes.stderr)")
        #expect(parseCSV(quotes.stdout).dropFirst().map { $0[0] } == ["P001", "P002", "P003", "P004", "P005", "P006"])
        #expect(quotes.stderr.contains("unclosed_quotes_twice.csv:2:41: warning: quoted field opened here is never closed"))
        #expect(quotes.stderr.contains("unclosed_quotes_twice.csv:4:41: warning: quoted field opened here is never closed"))
        for measure in ["abi", "L DP"] {
            let ragged = try runABIKit(["trend", "short_row.csv", "--measure", measure] + trend, currentDirectory: Self.folder)
            #expect(ragged.status == 0)
            #expect(parseCSV(ragged.stdout).dropFirst().map { $0[0] } == ["P001"], "\(measure)")
            #expect(ragged.stderr.contains("short_row.csv:3: warning: record has 8 fields, expected 9 as in the header; row left out"))
            #expect(ragged.stderr.contains("short_row.csv:4: warning: record has 10 fields, expected 9 as in the header; row left out"))
        }
        let describe = try runABIKit(["describe", "unclosed_quotes_twice.csv", "--columns", "L DP"], currentDirectory: Self.folder)
        #expect(describe.stderr.contains("unclosed_quotes_twice.csv:2:41: warning: quoted field opened here is never closed"))
        #expect(!describe.stderr.contains("2:41: line 2"))
    }

    /// Item 3 in the statistics commands: the short and the long record of short_row.csv give no
    /// value to describe, correlate or regress (P002's `121` would otherwise be read as L DP although
    /// a value before it is missing); only P001 is used, and both records are named.
    @Test(arguments: [["describe", "--columns", "L DP"], ["correlate", "--columns", "L DP,R DP"],
                      ["regress", "--formula", "`L DP` ~ 1"]])
    func statisticsCommandsUseNoValueOfARaggedRecord(_ command: [String]) throws {
        let result = try runABIKit([command[0], "short_row.csv"] + command.dropFirst(), currentDirectory: Self.folder)
        // (describe puts `: warning` last, the others first: `short_row.csv:3: warning: record has ...`.)
        for (line, found) in [(3, 8), (4, 10)] {
            let message = "record has \(found) fields, expected 9 like the header; row read as missing"
            #expect(result.stderr.split(separator: "\n").contains { $0.hasPrefix("short_row.csv:\(line):") && $0.contains(message) },
                    "\(command[0]): \(result.stderr)")
        }
        let rows = parseCSV(result.stdout)
        let n = try #require(rows.first?.firstIndex(of: "n"))
        #expect(rows.dropFirst().allSatisfy { $0[n] == "1" }, "\(command[0]): \(rows)")
    }

    @Test func shortAndLongRecordsAreErrorsWithoutResults() throws {
        let rows = parseCSV(try runABIKit(["score", "short_row.csv"], currentDirectory: Self.folder).stdout)
        let header = rows[0]
        let abi = try #require(header.firstIndex(of: "abi")), category = try #require(header.firstIndex(of: "category"))
        let status = try #require(header.firstIndex(of: "status")), message = try #require(header.firstIndex(of: "message"))
        #expect(rows[1][abi] == "1.06")
        for row in rows[2...] {
            #expect(row[abi] == "" && row[category] == "" && row[status] == "error")
        }
        #expect(rows[2][message].contains("line 3: record has 8 fields, expected 9"))
        #expect(rows[3][message].contains("line 4: record has 10 fields, expected 9"))
    }

    @Test func lateWindows1252ByteIsConvertedAndNamed() throws {
        let result = try runABIKit(["score", "late_cp1252.csv"], currentDirectory: Self.folder)
        #expect(result.stdout.hasSuffix(",Müller,0.90,1.04,0.90,abnormal,mild,,,0,4,,,ok,\n"
            + "P99998,2025-03-05,130,134,118,121,137,139,Grün été,0.90,1.04,0.90,abnormal,mild,,,0,4,,,ok,\n"))
        #expect(result.stderr.contains("late_cp1252.csv: warning: line 1601, column 44: byte 0xFC is not valid UTF-8"))
        #expect(result.stderr.contains("(4 such bytes in all)"))
    }

    /// Item 4 in every command: the late Windows-1252 byte is named (line and column) on standard error
    /// by each command that reads a table, and what they write is valid UTF-8.
    @Test(arguments: [
        ["describe", "--columns", "Notes"], ["trend", "--subject", "1", "--time", "2", "--measure", "abi"],
        ["correlate", "--columns", "L DP,R DP"], ["regress", "--formula", "`L DP` ~ `R DP`"],
        ["compare", "--pre", "L DP", "--post", "R DP"], ["mixed", "--formula", "`L DP` ~ 1 + (1|`Patient ID`)"],
        ["agree", "--a", "L DP", "--b", "R DP"], ["plot", "abi-distribution"],
    ])
    func everyCommandNamesALateNonUTF8Byte(_ command: [String]) throws {
        let arguments = command[0] == "plot" ? command + ["late_cp1252.csv"]
            : [command[0], "late_cp1252.csv"] + command.dropFirst()
        let result = try runABIKitRaw(arguments, currentDirectory: Self.folder)
        #expect(result.status == 0, "\(command[0])")
        let stderr = String(decoding: result.stderr, as: UTF8.self)
        #expect(stderr.contains("late_cp1252.csv: warning: line 1601, column 44: byte 0xFC is not valid UTF-8"),
                "\(command[0]): \(stderr)")
        #expect(String(data: result.stdout, encoding: .utf8) != nil, "\(command[0]) wrote invalid UTF-8")
    }

    @Test func controlCharactersNeverReachTheTerminalRaw() throws {
        for command in ["score", "validate"] {
            let result = try runABIKit([command, "control_chars.csv"], currentDirectory: Self.folder)
            #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{07}"))
            if command == "validate" { #expect(!result.stdout.contains("\u{1B}") && result.stdout.contains("13\\x072")) }
        }
        let sniffed = try runABIKit(["sniff", "control_chars.csv"], currentDirectory: Self.folder)
        #expect(sniffed.status == 0)
        #expect(!sniffed.stdout.contains("\u{1B}") && sniffed.stdout.contains("Notes\\x1b[31m"))
        let mapped = try runABIKit(["score", "control_chars.csv", "--map", "brachial_left=Notes\u{1B}[31m"],
                                   currentDirectory: Self.folder)
        #expect(!mapped.stderr.contains("\u{1B}"))
    }

    /// Messages placed at a column are built once per issue and reused; each must name the escaped
    /// header exactly once-escaped, on every row, with that row's own line and column.
    @Test func repeatedColumnMessagesAreEscapedOnceOnEveryRow() throws {
        let csv = "subject,brachial\u{1B}L,brachial_right,ankle_dp_left,ankle_pt_left,ankle_dp_right,ankle_pt_right\n"
            + "P1,60,128,140,138,136,141\n"
            + "P2,61,128,140,138,136,141\n"
            + "P3,130,128,140,138,136,141\n"
            + "P4,262,128,140,138,136,141\n"
        let result = try runABIKit(["score", "-", "--map", "brachial_left=brachial\u{1B}L"], stdin: Data(csv.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("<stdin>:") }
        #expect(lines.count == 3, "\(result.stderr)")
        for (line, number) in zip(lines, [2, 3, 5]) {
            #expect(line.hasPrefix("<stdin>:\(number):4: warning: brachial\\x1bL (brachial_left): "), "\(line)")
            #expect(!line.contains("\\\\") && !line.contains("\u{1B}"), "\(line)")
        }
    }
}
