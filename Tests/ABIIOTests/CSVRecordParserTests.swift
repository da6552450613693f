import Glibc
import Testing
@testable import ABIIO

@Suite struct CSVRecordParserTests {
    static let blockSizes = [1, 2, 3, 5, 7, 64, 1 << 20]

    @Test(arguments: blockSizes)
    func splitsPlainRecordsWithLineNumbers(blockSize: Int) throws {
        let result = try parseAll("a,b,c\n1,2,3\n4,5,6\n", blockSize: blockSize)
        #expect(result.records == [
            ParsedRecord(line: 1, fields: ["a", "b", "c"]),
            ParsedRecord(line: 2, fields: ["1", "2", "3"]),
            ParsedRecord(line: 3, fields: ["4", "5", "6"]),
        ])
        #expect(result.errors.isEmpty)
    }

    @Test(arguments: blockSizes)
    func keepsDelimitersInsideQuotedFields(blockSize: Int) throws {
        let result = try parseAll("name,note\n\"Smith, J\",\"a,b;c\"\n", blockSize: blockSize)
        #expect(result.records.last == ParsedRecord(line: 2, fields: ["Smith, J", "a,b;c"]))
    }

    @Test(arguments: blockSizes)
    func collapsesDoubledQuotes(blockSize: Int) throws {
        let result = try parseAll("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", blockSize: blockSize)
        #expect(result.records.last?.fields == ["say \"hi\"", "\""])
    }

    @Test(arguments: blockSizes)
    func countsLinesAfterEmbeddedNewlines(blockSize: Int) throws {
        let text = "id,note\n1,\"two\nlines\"\n2,\"three\r\nlines\rhere\"\n3,x\n"
        let result = try parseAll(text, blockSize: blockSize)
        #expect(result.records == [
            ParsedRecord(line: 1, fields: ["id", "note"]),
            ParsedRecord(line: 2, fields: ["1", "two\nlines"]),
            ParsedRecord(line: 4, fields: ["2", "three\r\nlines\rhere"]),
            ParsedRecord(line: 7, fields: ["3", "x"]),
        ])
    }

    @Test(arguments: blockSizes)
    func readsCarriageReturnOnlyFiles(blockSize: Int) throws {
        let result = try parseAll("a,b\r1,2\r3,4\r", blockSize: blockSize)
        #expect(result.records == [
            ParsedRecord(line: 1, fields: ["a", "b"]),
            ParsedRecord(line: 2, fields: ["1", "2"]),
            ParsedRecord(line: 3, fields: ["3", "4"]),
        ])
        #expect(result.dialect.lineEnding == .cr)
    }

    @Test(arguments: blockSizes)
    func readsCRLFWithoutStrayCarriageReturns(blockSize: Int) throws {
        let result = try parseAll("a,b\r\n1,2\r\n3,4", blockSize: blockSize)
        #expect(result.records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(result.records.map(\.line) == [1, 2, 3])
        #expect(result.dialect.lineEnding == .crlf)
    }

    @Test(arguments: blockSizes)
    func stripsUTF8ByteOrderMark(blockSize: Int) throws {
        let result = try parseAll([0xEF, 0xBB, 0xBF] + Array("subject,x\nP1,1\n".utf8), blockSize: blockSize)
        #expect(result.records.first?.fields == ["subject", "x"])
        #expect(result.dialect.encoding == .utf8WithBOM)
    }

    @Test(arguments: blockSizes)
    func honoursExcelSeparatorLineAndKeepsLineNumbers(blockSize: Int) throws {
        let result = try parseAll("sep=;\r\na;b\r\n1,5;2\r\n", blockSize: blockSize)
        #expect(result.records == [
            ParsedRecord(line: 2, fields: ["a", "b"]),
            ParsedRecord(line: 3, fields: ["1,5", "2"]),
        ])
        #expect(result.dialect.delimiter == UInt8(ascii: ";"))
        #expect(result.dialect.hasSeparatorLine)
    }

    @Test(arguments: blockSizes)
    func transcodesWindows1252(blockSize: Int) throws {
        // "José,€5" in Windows-1252: é = 0xE9, € = 0x80.
        let bytes: [UInt8] = Array("name,price\nJos".utf8) + [0xE9] + Array(",".utf8) + [0x80] + Array("5\n".utf8)
        let result = try parseAll(bytes, blockSize: blockSize)
        #expect(result.records.last?.fields == ["José", "€5"])
        #expect(result.dialect.encoding == .windows1252)
        #expect(result.dialect.reasons.encoding.contains("0xE9"))
    }

    @Test(arguments: blockSizes)
    func deliversRaggedRecordsAndReportsThem(blockSize: Int) throws {
        let table = try CSVTable.read(bytes: Array("a,b,c\n1,2\n3,4,5,6\n7,8,9\n".utf8),
                                      options: CSVReaderOptions(blockSize: blockSize))
        #expect(table.rows.map(\.fields) == [["1", "2"], ["3", "4", "5", "6"], ["7", "8", "9"]])
        #expect(table.issues == [
            .raggedRecord(line: 2, expectedFields: 3, foundFields: 2),
            .raggedRecord(line: 3, expectedFields: 3, foundFields: 4),
        ])
    }

    @Test func readsEmptyFileAsNoRecords() throws {
        let result = try parseAll("")
        #expect(result.records.isEmpty)
        #expect(result.errors.isEmpty)
        let table = try CSVTable.read(bytes: [])
        #expect(table.rows.isEmpty)
        #expect(table.header == [])
    }

    @Test func readsHeaderOnlyFile() throws {
        let table = try CSVTable.read(bytes: Array("subject,brachial_left\n".utf8))
        #expect(table.header == ["subject", "brachial_left"])
        #expect(table.rows.isEmpty)
        #expect(table.issues.isEmpty)
    }

    @Test(arguments: ["a,b\n1,2\n", "a,b\n1,2"])
    func trailingNewlineDoesNotAddARecord(text: String) throws {
        let result = try parseAll(text)
        #expect(result.records.map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test(arguments: blockSizes)
    func keepsEmptyLastField(blockSize: Int) throws {
        let result = try parseAll("a,b,c\n1,2,\n,,\n", blockSize: blockSize)
        #expect(result.records.map(\.fields) == [["a", "b", "c"], ["1", "2", ""], ["", "", ""]])
    }

    @Test(arguments: blockSizes)
    func reportsUnterminatedQuoteWithItsLineAndColumn(blockSize: Int) throws {
        // The quote is read as a character and reading resumes at the next line: no record is lost.
        let result = try parseAll("a,b\n1,2\n3,\"open\nstill open\n4,x\n", blockSize: blockSize)
        #expect(result.errors == [.unterminatedQuote(line: 3, column: 3)])
        #expect(result.records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "\"open"], ["still open"], ["4", "x"]])
        #expect(result.records.map(\.line) == [1, 2, 3, 4, 5])
    }

    @Test(arguments: blockSizes)
    func splitsCRLFAcrossChunkBoundaries(blockSize: Int) throws {
        let text = "ab,c\r\nd,e\r\n\"f\r\n\",g\r\n"
        let pieces = try chunks(of: Array(text.utf8), blockSize: blockSize)
        // Every chunk but the last ends right after a terminator, never between CR and LF.
        for chunk in pieces.dropLast() {
            #expect(chunk.bytes.last == 0x0A)
        }
        #expect(pieces.flatMap(\.bytes) == Array(text.utf8))
        let result = try parseAll(text, blockSize: blockSize)
        #expect(result.records == [
            ParsedRecord(line: 1, fields: ["ab", "c"]),
            ParsedRecord(line: 2, fields: ["d", "e"]),
            ParsedRecord(line: 3, fields: ["f\r\n", "g"]),
        ])
    }

    @Test(arguments: [1, 2, 3, 4, 8])
    func neverCutsInsideQuotedFields(blockSize: Int) throws {
        let text = "x,\"1\n2\n3,4\"\ny,\"\"\"q\"\"\n\"\n"
        let pieces = try chunks(of: Array(text.utf8), blockSize: blockSize)
        #expect(pieces.count == 2)
        #expect(pieces.map(\.firstLine) == [1, 4])
        #expect(pieces.map(\.index) == [0, 1])
    }

    @Test func reportsFieldLineAndColumnInCharacters() throws {
        var parser = CSVRecordParser(chunk: CSVChunk(bytes: Array("é,\"a\nb\",zz\n".utf8), firstLine: 10),
                                     delimiter: UInt8(ascii: ","))
        #expect(try parser.nextRecord())
        #expect(parser.fieldCount == 3)
        #expect((0..<3).map(parser.fieldLine(at:)) == [10, 10, 11])
        #expect((0..<3).map(parser.fieldColumn(at:)) == [1, 3, 4])
        #expect((0..<3).map { parser.fieldLocation(at: $0).line } == [10, 10, 11])
        #expect((0..<3).map { parser.fieldLocation(at: $0).column } == [1, 3, 4])
        #expect(String(decoding: parser.rawRecord, as: UTF8.self) == "é,\"a\nb\",zz")
        #expect(try parser.nextRecord() == false)
    }

    /// As Python's csv module and pandas: a quote inside an unquoted field is a character, text after
    /// a closing quote is kept, and only a quote at the start of a field opens a quoted section.
    @Test(arguments: [1, 2, 3, 7, 1 << 20])
    func readsQuotesInsideUnquotedFieldsAsCharacters(blockSize: Int) throws {
        let result = try parseAll("ab\"c,d\"e,f\n5'11\" tall,\"x\"y\"z,\"\"\nsaid \"ok, left\",2,3\n", blockSize: blockSize)
        #expect(result.errors.isEmpty)
        #expect(result.records.map(\.fields) == [["ab\"c", "d\"e", "f"], ["5'11\" tall", "xy\"z", ""],
                                                 ["said \"ok", " left\"", "2", "3"]])
    }

    @Test func marksRecordsWhoseRawBytesAreNotRFC4180() throws {
        var parser = CSVRecordParser(chunk: CSVChunk(bytes: Array("a,\"b,c\",\"d\"\"e\"\na\"b,c\n\"a\"b,c\n\"open\n".utf8)),
                                     delimiter: UInt8(ascii: ","))
        var marks: [Bool] = []
        while true {
            do { guard try parser.nextRecord() else { break } } catch {}
            marks.append(parser.hasNonCanonicalQuoting)
        }
        #expect(marks == [false, true, true, true])
    }

    @Test func rejectsRecordLongerThanTheLimit() throws {
        let reader = try CSVChunkReader(bytes: Array("a,\(String(repeating: "x", count: 100))\n".utf8),
                                        options: CSVReaderOptions(blockSize: 8, maximumRecordBytes: 32))
        #expect(throws: CSVError.recordTooLong(line: 1, limitBytes: 32)) { _ = try reader.nextChunk() }
    }

    /// An unclosed quote early in a large file: the quote is unterminated once it has run for
    /// `maximumRecordBytes`, so memory stays bounded and the records after it are read, in
    /// chunks, whatever the block size (a closing quote far later does not count).
    @Test(arguments: [1, 3, 8, 64])
    func readsOnAfterAQuoteLeftOpenLongerThanTheLimit(blockSize: Int) throws {
        var text = "id,note\n1,\"open\n"
        for index in 2...40 { text += "\(index),fine\n" }
        text += "41,\"late\"\n"
        let reader = try CSVChunkReader(bytes: Array(text.utf8), options: CSVReaderOptions(blockSize: blockSize, maximumRecordBytes: 64))
        var rows: [[String]] = []
        var errors: [CSVError] = []
        var chunkCount = 0
        while let chunk = try reader.nextChunk() {
            chunkCount += 1
            var parser = CSVRecordParser(chunk: chunk, delimiter: UInt8(ascii: ","))
            while true {
                do { guard try parser.nextRecord() else { break } } catch { errors.append(error) }
                rows.append(parser.fieldStrings)
            }
        }
        #expect(errors == [.unterminatedQuote(line: 2, column: 3)])
        #expect(rows.count == 42)
        #expect(rows[1] == ["1", "\"open"])
        #expect(rows[2] == ["2", "fine"])
        #expect(rows.last == ["41", "late"])
        if blockSize < 64 { #expect(chunkCount > 2, "the rest is not one chunk") }
    }

    @Test func deliversBlankLinesAsBlankRecordsAndTableSkipsThem() throws {
        let result = try parseAll("a\n\n1\n")
        #expect(result.records == [ParsedRecord(line: 1, fields: ["a"]), ParsedRecord(line: 2, fields: [""]),
                                   ParsedRecord(line: 3, fields: ["1"])])
        let table = try CSVTable.read(bytes: Array("a\n\n1\n".utf8))
        #expect(table.rows == [CSVTable.Row(fields: ["1"], line: 3)])
        #expect(table.blankLines == [2])
    }

    @Test func readsFilesFromDisk() throws {
        let path = temporaryPath("read.csv")
        let bytes = Array("subject;bl\nP1;120,5\n".utf8)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(descriptor >= 0)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        defer { unlink(path) }
        let table = try CSVTable.read(path: path)
        #expect(table.header == ["subject", "bl"])
        #expect(table.rows == [CSVTable.Row(fields: ["P1", "120,5"], line: 2)])
        #expect(table.dialect.decimalMark == .comma)
    }

    @Test func reportsMissingFileWithItsPath() {
        #expect {
            _ = try CSVChunkReader(path: "/nonexistent/abikit.csv")
        } throws: { error in
            guard case .readFailed(let path, let code, _)? = error as? CSVError else { return false }
            return path == "/nonexistent/abikit.csv" && code == ENOENT
        }
    }
}

@Suite struct CSVChunkReaderFileTests {
    /// A file larger than the 64 KiB sample, so later blocks come from read(2), not the sample.
    func writeLargeFile(_ path: String, row: [UInt8], rows: Int) -> [UInt8] {
        var bytes = Array("name,n\n".utf8)
        for index in 0..<rows { bytes += row + Array(",\(index)\n".utf8) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        return bytes
    }

    @Test(arguments: [7, 1000, 1 << 20])
    func transcodesWindows1252BeyondTheSample(blockSize: Int) throws {
        let path = temporaryPath("cp1252.csv")
        defer { unlink(path) }
        _ = writeLargeFile(path, row: Array("Jos".utf8) + [0xE9, 0x80], rows: 8000)
        let table = try CSVTable.read(path: path, options: CSVReaderOptions(blockSize: blockSize))
        #expect(table.dialect.encoding == .windows1252)
        #expect(table.rows.count == 8000)
        #expect(table.rows.allSatisfy { $0.fields[0] == "José€" })
        #expect(table.rows.last == CSVTable.Row(fields: ["José€", "7999"], line: 8001))
        #expect(table.issues.isEmpty)
    }

    @Test func readsAnOpenDescriptorWithoutClosingIt() throws {
        let path = temporaryPath("fd.csv")
        defer { unlink(path) }
        let bytes = writeLargeFile(path, row: Array("P".utf8), rows: 9000)
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        do {
            let reader = try CSVChunkReader(fileDescriptor: descriptor, options: CSVReaderOptions(blockSize: 4096))
            var total: [UInt8] = []
            var chunkCount = 0
            while let chunk = try reader.nextChunk() {
                total += chunk.bytes
                chunkCount += 1
            }
            #expect(total == bytes)
            #expect(chunkCount > 10)
        }
        #expect(fcntl(descriptor, F_GETFD) != -1)
    }
}

@Suite struct CSVEncodingIssueTests {
    @Test(arguments: [5, 4096, 1 << 20])
    func reportsNonUTF8ByteAfterTheSampleWithItsLine(blockSize: Int) throws {
        var bytes = Array("name,n\n".utf8)
        for index in 0..<9000 { bytes += Array("P\(index),1\n".utf8) }  // about 90 KB of ASCII
        bytes += Array("Jos".utf8) + [0xE9] + Array(",2\nlast,3\n".utf8)
        let table = try CSVTable.read(bytes: bytes, options: CSVReaderOptions(blockSize: blockSize))
        #expect(table.dialect.encoding == .utf8)
        #expect(table.issues == [.invalidUTF8(line: 9002, column: 4, byte: 0xE9)])
        #expect(table.rows.count == 9002)
        // Read as Windows-1252 (0xE9 is é), so the output is valid UTF-8 and the name is right.
        #expect(table.rows[9000].fields == ["José", "2"])
        #expect(table.rows.last?.fields == ["last", "3"])
    }

    @Test func acceptsMultibyteCharactersSplitAcrossBlocks() throws {
        var bytes = Array("name\n".utf8)
        for _ in 0..<20000 { bytes += Array("é€\n".utf8) }
        let table = try CSVTable.read(bytes: bytes, options: CSVReaderOptions(blockSize: 3))
        #expect(table.issues.isEmpty)
        #expect(table.rows.allSatisfy { $0.fields == ["é€"] })
    }

    @Test func reportsCharacterCutOffByTheEndOfTheFile() throws {
        var bytes = Array("name\n".utf8)
        for _ in 0..<20000 { bytes += Array("abc\n".utf8) }
        bytes += [0xC3]
        let table = try CSVTable.read(bytes: bytes)
        #expect(table.issues == [.invalidUTF8(line: 20002, column: 1, byte: 0xC3)])
        #expect(table.rows.last?.fields == ["Ã"])
    }

    @Test(arguments: [1, 3, 4096])
    func convertsEveryLateNonUTF8ByteAndCountsThem(blockSize: Int) throws {
        var bytes = Array("name,n\n".utf8)
        for index in 0..<9000 { bytes += Array("P\(index),1\n".utf8) }
        bytes += [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x2C, 0x31, 0x0A]  // M\xfcller,1 (Windows-1252)
        bytes += Array("Gr\u{FC}n,\u{20AC}\n".utf8) + [0x80, 0x2C, 0xE9, 0xE9, 0x0A]  // valid UTF-8, then two bad bytes and a Euro sign
        let reader = try CSVChunkReader(bytes: bytes, options: CSVReaderOptions(blockSize: blockSize))
        var rows: [[String]] = []
        try reader.forEachRecord({ rows.append($0.fieldStrings) }, onError: { error, _ in Issue.record("\(error)") })
        #expect(rows.suffix(3) == [["Müller", "1"], ["Grün", "€"], ["€", "éé"]])
        #expect(reader.encodingIssue == .invalidUTF8(line: 9002, column: 2, byte: 0xFC))
        #expect(reader.invalidUTF8ByteCount == 4)
    }
}

@Suite struct CSVUnusualInputTests {
    /// Excel's "Unicode Text": UTF-16 with a byte order mark, tab-separated, converted while streaming
    /// (blocks of any size, so code units and surrogate pairs are cut at every offset).
    @Test(arguments: [1, 2, 3, 5, 64, 1 << 20], [false, true])
    func readsUTF16WithAByteOrderMark(blockSize: Int, bigEndian: Bool) throws {
        var text = "name\tnote\r\n"
        for index in 0..<3000 { text += "P\(index)\tM\u{FC}ller \u{1F600}\r\n" }  // > 64 KiB as UTF-16
        text += "last\t\"a\tb\"\r\n"
        let units = Array(text.utf16)
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in units {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let table = try CSVTable.read(bytes: bytes, options: CSVReaderOptions(blockSize: blockSize))
        #expect(table.dialect.encoding == (bigEndian ? .utf16BE : .utf16LE))
        #expect(table.dialect.delimiter == 0x09)
        #expect(table.header == ["name", "note"])
        #expect(table.rows.count == 3001)
        #expect(table.rows[2999].fields == ["P2999", "Müller 😀"])
        #expect(table.rows.last?.fields == ["last", "a\tb"])
        #expect(table.issues.isEmpty)
    }

    @Test func replacesBrokenUTF16WithTheReplacementCharacter() throws {
        // A lone high surrogate, a lone low surrogate and an odd last byte.
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x00, 0xD8, 0x62, 0x00, 0x00, 0xDC, 0x0A, 0x00, 0x63]
        let table = try CSVTable.read(bytes: bytes)
        #expect(table.rows.map(\.fields) == [["\u{FFFD}b\u{FFFD}"], ["\u{FFFD}"]])
    }

    @Test(arguments: [
        ([UInt8]([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]), "an Excel workbook (.xlsx)"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00], "an Excel 97-2003 workbook (.xls)"),
        (Array("%PDF-1.7\n".utf8), "a PDF document"),
        ([0x1F, 0x8B, 0x08, 0x00], "a gzip-compressed file"),
        ([0x61, 0x00, 0x62, 0x00, 0x0A, 0x00], "a binary file (3 NUL bytes"),
    ])
    func namesFilesThatAreNotText(bytes: [UInt8], kind: String) throws {
        do {
            _ = try CSVChunkReader(bytes: bytes)
            Issue.record("no error for \(kind)")
        } catch {
            guard case .notDelimitedText(let found) = error else { Issue.record("\(error)"); return }
            #expect(found.hasPrefix(kind))
            #expect(error.description.contains("save it as \"CSV UTF-8\""))
            #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 })
        }
    }

    @Test func readsATextFileWithAFewNULBytes() throws {
        let table = try CSVTable.read(bytes: Array("a,b\n".utf8) + Array(repeating: Array("1,2\n".utf8), count: 30).flatMap { $0 } + [0x00])
        #expect(table.rows.count == 31)
    }

    @Test(arguments: [([UInt8]([0xFF, 0xFE, 0x00, 0x00, 0x61]), "UTF-32LE"), ([0x00, 0x00, 0xFE, 0xFF, 0x61], "UTF-32BE")])
    func refusesUTF32WithAClearMessage(bytes: [UInt8], name: String) {
        #expect(throws: CSVError.unsupportedEncoding(name: name)) { _ = try CSVChunkReader(bytes: bytes) }
        #expect(CSVError.unsupportedEncoding(name: name).description.contains("CSV UTF-8"))
    }

    @Test func unescapesLongQuotedFieldsBeyondTheScratchSize() throws {
        let long = String(repeating: "ab\"\"c,", count: 5000)
        let escaped = long.replacingOccurrences(of: "\"\"", with: "\"")
        let text = "x,\"" + long + "\",y\n"
        let result = try parseAll(text, blockSize: 1000)
        #expect(result.records == [ParsedRecord(line: 1, fields: ["x", escaped, "y"])])
    }
}

extension String {
    /// Foundation-free replacement for the tests.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

@Suite struct ParallelChunkTests {
    @Test func chunksParsedOnOtherThreadsGiveTheSerialRecords() async throws {
        var text = "id,note\n"
        for index in 0..<3000 { text += "P\(index),\"n\(index)\nmore\"\r\n" }
        let serial = try parseAll(text).records
        let pieces = try chunks(of: Array(text.utf8), blockSize: 1024)
        #expect(pieces.count > 10)
        let parallel = try await withThrowingTaskGroup(of: (Int, [ParsedRecord]).self) { group in
            for chunk in pieces {
                group.addTask {
                    var parser = CSVRecordParser(chunk: chunk, delimiter: UInt8(ascii: ","))
                    var records: [ParsedRecord] = []
                    while try parser.nextRecord() {
                        records.append(ParsedRecord(line: parser.recordLine, fields: parser.fieldStrings))
                    }
                    return (chunk.index, records)
                }
            }
            var results: [(Int, [ParsedRecord])] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
        #expect(parallel == serial)
        #expect(parallel.last == ParsedRecord(line: 6000, fields: ["P2999", "n2999\nmore"]))
    }
}
