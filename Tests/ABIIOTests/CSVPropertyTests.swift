import Glibc
import PropertyBased
import Testing
@testable import ABIIO

@Suite struct CSVPropertyTests {
    /// Bytes that matter to the parser, plus Windows-1252 and BOM bytes.
    static let structuralBytes: [UInt8] = Array("ab1,;\t\"\r\n ".utf8) + [0xE9, 0x80, 0xEF, 0xBB, 0xBF, 0xC3, 0xA9]
    static let structuralByte = Gen.element(of: structuralBytes).map { $0 ?? 0x61 }
    /// Pieces of cells that stress quoting, neutralisation and line breaks.
    static let cellPieces = ["a", "b", " ", ",", ";", "\"", "\r", "\n", "\r\n", "=", "+", "-", "@", "\t", "é", "1", ".", "|"]
    static let cell = Gen.element(of: cellPieces).map { $0 ?? "" }.array(of: 0...5).map { $0.joined() }

    @Test func randomBytesNeverCrashTheReader() async {
        // A UTF-32 byte order mark is refused, not read as garbage.
        #expect(throws: CSVError.self) { try CSVTable.read(bytes: [0xFF, 0xFE, 0x00, 0x00, 0x41]) }
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...200), Gen.int(in: 1...9)) { bytes, blockSize in
            // The refusals allowed: a UTF-32 byte order mark, or a sample that is not text (a file
            // signature, or NUL bytes, at least 1 in 100, which random bytes often have).
            let refusable = bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF])
                || (!bytes.starts(with: [0xFF, 0xFE]) && !bytes.starts(with: [0xFE, 0xFF])
                    && CSVChunkReader.nonTextKind(of: bytes) != nil)
            do {
                let table = try CSVTable.read(bytes: bytes, options: CSVReaderOptions(blockSize: blockSize))
                #expect(!refusable)
                #expect(table.rows.allSatisfy { !$0.fields.isEmpty })
                #expect(zip(table.rows, table.rows.dropFirst()).allSatisfy { $0.line < $1.line })
            } catch let error as CSVError {
                switch error {
                case .unsupportedEncoding, .notDelimitedText: #expect(refusable, "\(bytes): \(error)")
                default: Issue.record("\(bytes): \(error)")
                }
            } catch {
                Issue.record("\(bytes): \(error)")
            }
        }
    }

    @Test func structuralBytesNeverCrashTheReader() async {
        await propertyCheck(count: 300, input: Self.structuralByte.array(of: 0...200), Gen.int(in: 1...9)) { bytes, blockSize in
            #expect(throws: Never.self) {
                _ = try parseAll(bytes, blockSize: blockSize)
            }
        }
    }

    @Test func smallBlocksYieldExactlyTheRecordsOfOneBigBlock() async {
        await propertyCheck(count: 300, input: Self.structuralByte.array(of: 0...300), Gen.int(in: 1...16)) { bytes, blockSize in
            let whole = try parseAll(bytes, blockSize: 1 << 20)
            let pieces = try parseAll(bytes, blockSize: blockSize)
            #expect(pieces.records == whole.records)
            #expect(pieces.errors == whole.errors)
        }
    }

    @Test(arguments: [TableFormat.csv, .tsv])
    func randomTablesSurviveWriteThenRead(format: TableFormat) async {
        let table = Self.cell.array(of: 4).array(of: 1...6)
        await propertyCheck(count: 200, input: table, Gen.int(in: 1...4), Gen.int(in: 1...13)) { cells, columns, blockSize in
            let rows = cells.map { Array($0.prefix(columns)) }
            let output = try render(format) { writer in
                for row in rows { try writer.writeRow(row) }
            }
            let delimiter: UInt8 = format == .csv ? UInt8(ascii: ",") : 0x09
            let readBack = try CSVTable.read(bytes: Array(output.utf8), options: CSVReaderOptions(
                blockSize: blockSize, overrides: CSVDialectOverrides(delimiter: delimiter, hasHeader: false)))
            #expect(readBack.issues.isEmpty)
            #expect(readBack.rows.map(\.fields) == rows.map { $0.map(FormulaNeutralisation.neutralised) })
        }
    }

    /// Pieces of raw input cells as exports write them, stray and unclosed quotes included.
    static let rawCellPieces = ["a", "7", " ", "\"", "\"\"", "'", "=", "-", "|", "\t", "é", "\\", "<"]
    static let rawCell = Gen.element(of: rawCellPieces).map { $0 ?? "" }.array(of: 0...4).map { $0.joined() }

    /// Item 2 of the messy-exports issue: records read from messy input (stray quotes, quoted cells
    /// with delimiters, quotes and line breaks) and written back with `writeFields` (the raw-copy
    /// fast path where it applies) re-parse under strict RFC 4180 to the same width, every cell
    /// unchanged (formula-like cells with their `'` prefix).
    @Test(arguments: [UInt8(ascii: ","), 0x09])
    func messyRecordsWrittenBackReparseStrictly(outputDelimiter: UInt8) async {
        let quotedPieces = ["x", ",", "\"\"", "\n", "\r\n", " ", "=1"]
        let quotedCell = Gen.element(of: quotedPieces).map { $0 ?? "" }.array(of: 0...3).map { "\"" + $0.joined() + "\"" }
        // An unquoted cell never starts with a quote (that would open a quoted field).
        let unquotedCell = Self.rawCell.map { $0.hasPrefix("\"") ? "x" + $0 : $0 }
        let cell = zip(Gen.bool(), unquotedCell, quotedCell).map { $0 ? $1 : $2 }
        await propertyCheck(count: 200, input: cell.array(of: 3).array(of: 1...5)) { rows in
            let lines = rows.map { $0.joined(separator: ",") }
            let input = Array((lines.joined(separator: "\n") + "\n").utf8)
            let reader = try CSVChunkReader(bytes: input, options: CSVReaderOptions(
                overrides: CSVDialectOverrides(delimiter: UInt8(ascii: ","), hasHeader: false)))
            var expected: [[String]] = []
            let path = temporaryPath("reparse.out")
            defer { unlink(path) }
            let sink = try OutputSink.atomicFile(path: path)
            var writer = DelimitedTableWriter(buffer: OutputBuffer(sink: sink), delimiter: outputDelimiter)
            try reader.forEachRecord({ record in
                expected.append(record.fieldStrings.map(FormulaNeutralisation.neutralised))
                writer.beginRow()
                var record = record
                writer.writeFields(of: &record)
                try writer.endRow()
            }, onError: { error, _ in Issue.record("\(error)") })
            try writer.finish()
            let output = readFile(path)
            let reparsed = Self.strictRFC4180(output, delimiter: Character(Unicode.Scalar(outputDelimiter)))
            #expect(reparsed == expected, "input \(String(decoding: input, as: UTF8.self).debugDescription)")
        }
    }

    /// A strict RFC 4180 reader: a quote only opens a field, `""` inside quotes, and a closing quote
    /// must be followed by the delimiter or a line break; anything else is recorded as an issue.
    static func strictRFC4180(_ text: String, delimiter: Character) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        let characters = Array(text.unicodeScalars)
        var i = 0
        var fieldStart = true
        while i < characters.count {
            let c = characters[i]
            if fieldStart && c == "\"" {
                i += 1
                while true {
                    guard i < characters.count else { Issue.record("unterminated quote in output"); return rows }
                    if characters[i] == "\"" {
                        if i + 1 < characters.count && characters[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 2; continue }
                        i += 1
                        break
                    }
                    field.unicodeScalars.append(characters[i])
                    i += 1
                }
                if i < characters.count && Character(characters[i]) != delimiter && characters[i] != "\n" {
                    Issue.record("text after a closing quote in output: \(text.debugDescription)")
                }
                fieldStart = false
                continue
            }
            if Character(c) == delimiter { row.append(field); field = ""; fieldStart = true; i += 1; continue }
            if c == "\n" { row.append(field); rows.append(row); row = []; field = ""; fieldStart = true; i += 1; continue }
            if c == "\"" || c == "\r" { Issue.record("bare \(c.escaped(asASCII: true)) in an unquoted output cell: \(text.debugDescription)") }
            field.unicodeScalars.append(c)
            fieldStart = false
            i += 1
        }
        if !row.isEmpty || !field.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// JSON Lines and Markdown keep one line per row whatever the cells hold, and Markdown rows keep
    /// their width (every `|` inside a cell escaped).
    @Test(arguments: [TableFormat.json, .markdown])
    func jsonAndMarkdownRowsStayOneLineOfTheRightWidth(format: TableFormat) async {
        let table = Self.cell.array(of: 3).array(of: 1...5)
        await propertyCheck(count: 200, input: table) { rows in
            let output = try render(format) { writer in
                try writer.writeHeader(["a", "b|c", "d\ne"])
                for row in rows { try writer.writeRow(row) }
            }
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == rows.count + (format == .markdown ? 2 : 0))
            #expect(!output.unicodeScalars.contains { $0 == "\r" || ($0.value < 0x20 && $0 != "\n" && $0 != "\t") })
            if format == .markdown {
                for line in lines {
                    var pipes = 0, escaped = false
                    for c in line { if c == "\\" && !escaped { escaped = true; continue }; if c == "|" && !escaped { pipes += 1 }; escaped = false }
                    #expect(pipes == 4, "\(line)")
                }
            } else {
                #expect(lines.allSatisfy { $0.hasPrefix("{\"a\":") && $0.hasSuffix("}") })
            }
        }
    }
}
