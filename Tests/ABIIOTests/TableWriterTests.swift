import Glibc
import Testing
import TestSupport
@testable import ABIIO

@Suite struct TableWriterTests {
    /// Shortest round-trip numbers: the bytes of `description` (without `.0` for integers below
    /// 1e15), written from the stack: edge values and 300,000 seeded random bit patterns and
    /// typical statistics; every text reads back to the same Double.
    @Test func shortestNumbersAreDescriptionsBytes() {
        func expected(_ value: Double, comma: Bool) -> String {
            var text = value == value.rounded() && value.magnitude < 1e15 ? String(Int(value)) : value.description
            if comma { text = text.replacingOccurrences(of: ".", with: ",") }
            return text
        }
        func appended(_ value: Double, comma: Bool) -> String {
            var buffer = OutputBuffer.inMemory()
            let written = buffer.append(number: value, decimalComma: comma)
            #expect(written)
            return buffer.withPendingBytes { String(decoding: $0, as: UTF8.self) }
        }
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1.0 / 3, 1e-5, 1e-4, 0.0001234, 1e15, 1e15 + 1, 1e16, 123456789012345.6,
                                .leastNonzeroMagnitude, -2.2250738585072014e-308, .leastNormalMagnitude, .greatestFiniteMagnitude, 0.85, 2.5e-17]
        var generator = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)
        func next() -> UInt64 { generator.next() }
        for _ in 0..<200_000 {
            let value = Double(bitPattern: next())
            if value.isFinite { values.append(value) }
        }
        for _ in 0..<100_000 { values.append(Double(Int64(bitPattern: next()) % 2_000_000) / Double(next() % 997 + 1) - 50) }
        var mismatches = 0
        for value in values {
            let text = appended(value, comma: false)
            if text != expected(value, comma: false) || Double(text) != value { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(appended(0.85, comma: true) == "0,85" && appended(-1.25e-7, comma: true) == expected(-1.25e-7, comma: true))
        var buffer = OutputBuffer.inMemory()
        let nan = buffer.append(number: .nan), infinity = buffer.append(number: -.infinity)
        #expect(!nan && !infinity && buffer.count == 0)
    }

    @Test func quotesCSVCellsHoldingDelimitersQuotesAndLineBreaks() throws {
        let output = try render(.csv) { writer in
            try writer.writeHeader(["a", "b,c"])
            try writer.writeRow(["say \"hi\"", "two\nlines"])
            try writer.writeRow(["cr\rhere", "plain"])
        }
        #expect(output == "a,\"b,c\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n\"cr\rhere\",plain\n")
    }

    @Test(arguments: [
        ("=SUM(A1)", "'=SUM(A1)"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@import", "'@import"),
        ("\tx", "'\tx"), ("-", "'-"), ("a=b", "a=b"), ("", "\"\""),
    ])
    func neutralisesFormulaTextCells(input: String, expected: String) throws {
        let output = try render(.csv) { writer in try writer.writeRow([input]) }
        #expect(output == expected + "\n")
    }

    @Test func quotesNeutralisedCarriageReturnCells() throws {
        let output = try render(.csv) { writer in try writer.writeRow(["\rx"]) }
        #expect(output == "\"'\rx\"\n")
    }

    @Test(arguments: ["-5", "+3.2", "-0.5e3", "-1,5", "+.5"])
    func neverNeutralisesNumbersWrittenAsText(number: String) throws {
        let output = try render(.tsv) { writer in try writer.writeRow([number]) }
        #expect(output == number + "\n")
    }

    @Test func neverNeutralisesNumericCells() throws {
        let output = try render(.csv) { writer in
            writer.beginRow()
            Array("-12".utf8).withUnsafeBufferPointer { writer.writeNumericText($0) }
            writer.writeNumber(-0.5)
            writer.writeInteger(-7)
            try writer.endRow()
        }
        #expect(output == "-12,-0.5,-7\n")
    }

    @Test(arguments: [
        (0.93, "0.93"), (120.0, "120"), (-0.0, "0"), (1.0 / 3.0, "0.3333333333333333"), (1e-7, "1e-07"),
        (1e20, "1e+20"),
    ])
    func writesShortestRoundTripNumbers(value: Double, expected: String) throws {
        let output = try render(.csv) { writer in
            writer.beginRow()
            writer.writeNumber(value)
            try writer.endRow()
        }
        #expect(output == expected + "\n")
        #expect(Double(expected) == value)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func writesNonFiniteNumbersAsBlankOrNull(value: Double) throws {
        let csv = try render(.csv) { writer in
            writer.beginRow(); writer.writeNumber(value); writer.writeInteger(1); try writer.endRow()
        }
        #expect(csv == ",1\n")
        let json = try render(.json) { writer in
            try writer.writeHeader(["x"]); writer.beginRow(); writer.writeNumber(value); try writer.endRow()
        }
        #expect(json == "{\"x\":null}\n")
    }

    /// `writeNumber` writes separator and digits in one reservation: the cells must be what a
    /// separator then `OutputBuffer.append(number:)` give, first cell or not, for every delimiter
    /// and decimal mark (a decimal comma in a comma-separated file quoted), non-finite values blank.
    @Test func delimitedNumberCellsAreSeparatorThenShortestText() {
        var generator = SplitMix64(seed: 42)
        var values: [Double] = [0, -0.0, 1, -1, 0.85, 1.0 / 3, -2.5e-17, 1e15, 1e16, 123.456, .nan, .infinity, -.infinity,
                                .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        for _ in 0..<5_000 {
            let value = Double(bitPattern: generator.next())
            values.append(value)
            values.append(Double(Int64(bitPattern: generator.next()) % 100_000) / 997)
        }
        for (delimiter, comma) in [(UInt8(ascii: ","), false), (UInt8(ascii: ";"), true), (UInt8(0x09), false),
                                   (UInt8(0x09), true), (UInt8(ascii: ","), true)] {
            var writer = DelimitedTableWriter(buffer: OutputBuffer.inMemory(), delimiter: delimiter, decimalComma: comma)
            var expected: [UInt8] = []
            writer.beginRow()
            for (index, value) in values.enumerated() {
                writer.writeNumber(value)
                if index > 0 { expected.append(delimiter) }
                var cell = OutputBuffer.inMemory()
                if cell.append(number: value, decimalComma: comma) {
                    let text = cell.withPendingBytes { Array($0) }
                    let quoted = comma && delimiter == UInt8(ascii: ",") && text.contains(UInt8(ascii: ","))
                    if quoted { expected.append(UInt8(ascii: "\"")) }
                    expected += text
                    if quoted { expected.append(UInt8(ascii: "\"")) }
                }
            }
            let written = writer.buffer.withPendingBytes { Array($0) }
            #expect(written == expected, "delimiter \(delimiter), decimal comma \(comma)")
        }
    }

    @Test func writesDecimalCommaWithSemicolonSeparator() throws {
        let output = try render(.csv, decimalComma: true) { writer in
            try writer.writeHeader(["abi", "n"])
            writer.beginRow(); writer.writeNumber(0.85); writer.writeInteger(3); try writer.endRow()
        }
        #expect(output == "abi;n\n0,85;3\n")
    }

    @Test func quotesTSVCellsHoldingTabsAndNeutralisesText() throws {
        let output = try render(.tsv) { writer in
            try writer.writeHeader(["a", "b"])
            try writer.writeRow(["x\ty", "=1"])
        }
        #expect(output == "a\tb\n\"x\ty\"\t'=1\n")
    }

    @Test func escapesJSONLinesStringsAndKeepsNumbersAsNumbers() throws {
        let output = try render(.json) { writer in
            try writer.writeHeader(["name", "abi", "n", "note", "q\"k"])
            writer.beginRow()
            writer.writeText("a\"b\\c\n\t\u{01}é")
            writer.writeNumber(0.9)
            writer.writeInteger(2)
            writer.writeBlank()
            Array("+1,5".utf8).withUnsafeBufferPointer { writer.writeNumericText($0) }
            try writer.endRow()
        }
        #expect(output == "{\"name\":\"a\\\"b\\\\c\\n\\t\\u0001é\",\"abi\":0.9,\"n\":2,\"note\":null,\"q\\\"k\":1.5}\n")
    }

    @Test func doesNotNeutraliseJSONText() throws {
        let output = try render(.json) { writer in
            try writer.writeHeader(["f"])
            try writer.writeRow(["=1+1"])
        }
        #expect(output == "{\"f\":\"=1+1\"}\n")
    }

    @Test func escapesMarkdownPipesBackslashesHTMLAndLineBreaks() throws {
        let output = try render(.markdown) { writer in
            try writer.writeHeader(["a|b", "c"])
            try writer.writeRow(["x\\y", "<b>&\r\nz\nw"])
            writer.beginRow(); writer.writeNumber(1.5); writer.writeBlank(); try writer.endRow()
        }
        #expect(output == "| a\\|b | c |\n| --- | --- |\n| x\\\\y | &lt;b&gt;&amp;<br>z<br>w |\n| 1.5 |  |\n")
    }
}

@Suite struct OutputSinkTests {
    @Test func replacesTargetOnlyOnCommit() throws {
        let path = temporaryPath("target.csv")
        defer { unlink(path) }
        writeFile(path, "old\n")
        let sink = try OutputSink.atomicFile(path: path)
        try Array("new\n".utf8).withUnsafeBytes { try sink.write($0) }
        #expect(readFile(path) == "old\n")
        try sink.commit()
        #expect(readFile(path) == "new\n")
    }

    @Test func leavesTargetUntouchedAndRemovesTemporaryFileWhenAbandoned() throws {
        let directory = temporaryPath("dir")
        mkdir(directory, 0o700)
        defer { rmdir(directory) }
        let path = directory + "/out.csv"
        writeFile(path, "old\n")
        defer { unlink(path) }
        do {
            let sink = try OutputSink.atomicFile(path: path)
            try Array("partial".utf8).withUnsafeBytes { try sink.write($0) }
            sink.discard()
        }
        do {
            // Released without commit, as when an error unwinds the CLI.
            let sink = try OutputSink.atomicFile(path: path)
            try Array("partial".utf8).withUnsafeBytes { try sink.write($0) }
        }
        #expect(readFile(path) == "old\n")
        #expect(directoryEntries(directory) == ["out.csv"])
    }

    /// A target large enough that its cached pages are dropped first (`dropOldPagesFromBytes`): an
    /// abandoned replacement leaves every byte of it as it was, and a committed one replaces it.
    @Test func largeTargetSurvivesAnAbandonedReplacementByteForByte() throws {
        let path = temporaryPath("large.csv")
        defer { unlink(path) }
        var generator = SplitMix64(seed: 9)
        let old = String(decoding: (0..<(OutputSink.dropOldPagesFromBytes + 12_345)).map { index in
            index % 64 == 63 ? UInt8(ascii: "\n") : UInt8(ascii: "0") + UInt8(generator.next() % 10)
        }, as: UTF8.self)
        writeFile(path, old)
        do {
            let sink = try OutputSink.atomicFile(path: path)
            try Array("partial".utf8).withUnsafeBytes { try sink.write($0) }
            sink.discard()
        }
        #expect(readFile(path) == old)
        let sink = try OutputSink.atomicFile(path: path)
        try Array("new\n".utf8).withUnsafeBytes { try sink.write($0) }
        #expect(readFile(path) == old)
        try sink.commit()
        #expect(readFile(path) == "new\n")
    }

    @Test func reportsUncreatableOutputWithoutCreatingTarget() {
        let path = "/nonexistent-abikit-dir/out.csv"
        #expect {
            _ = try OutputSink.atomicFile(path: path)
        } throws: { error in
            guard case .createFailed(let failedPath, let code, _)? = error as? OutputError else { return false }
            return failedPath == path && code == ENOENT
        }
        #expect(!fileExists(path))
    }

    @Test func keepsExistingFileMode() throws {
        let path = temporaryPath("mode.csv")
        defer { unlink(path) }
        writeFile(path, "old\n")
        chmod(path, 0o640)
        let sink = try OutputSink.atomicFile(path: path)
        try sink.commit()
        var status = stat()
        #expect(stat(path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o640)
    }

    @Test func mapsClosedPipeToBrokenPipe() throws {
        ignoreBrokenPipeSignal()
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        defer { close(ends[1]) }
        let sink = OutputSink(fileDescriptor: ends[1], name: "<pipe>")
        #expect(throws: OutputError.brokenPipe) {
            try Array("row\n".utf8).withUnsafeBytes { try sink.write($0) }
        }
        // The failure sticks: a later flush reports it again instead of writing.
        #expect(throws: OutputError.brokenPipe) {
            try Array("more\n".utf8).withUnsafeBytes { try sink.write($0) }
        }
        var writer = TableFormat.csv.makeWriter(sink: OutputSink(fileDescriptor: ends[1], name: "<pipe>"))
        #expect(throws: OutputError.brokenPipe) {
            try writer.writeRow(["x"])
            try writer.finish()
        }
    }

    @Test func reportsFullDiskAsWriteFailure() throws {
        let descriptor = open("/dev/full", O_WRONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let sink = OutputSink(fileDescriptor: descriptor, name: "/dev/full")
        #expect(throws: OutputError.writeFailed(path: "/dev/full", errno: ENOSPC,
                                                message: String(cString: strerror(ENOSPC)))) {
            try Array("x".utf8).withUnsafeBytes { try sink.write($0) }
        }
    }

}

@Suite struct CopyThroughTests {
    func copy(_ input: String, delimiter: UInt8 = UInt8(ascii: ","), to format: TableFormat) throws -> String {
        try render(format) { writer in
            var parser = CSVRecordParser(chunk: CSVChunk(bytes: Array(input.utf8)), delimiter: delimiter)
            if format == .json { try writer.writeHeader(["a", "b", "c"]) }
            while try parser.nextRecord() {
                writer.beginRow()
                writer.writeFields(of: &parser)
                writer.writeNumber(0.5)
                try writer.endRow()
            }
        }
    }

    @Test func copiesCleanRecordsVerbatim() throws {
        #expect(try copy("P1,\"a,b\",-5\r\n\"x\"\"y\",,+3.2\n", to: .csv) == "P1,\"a,b\",-5,0.5\n\"x\"\"y\",,+3.2,0.5\n")
    }

    @Test func neutralisesFormulaCellsWhenCopying() throws {
        #expect(try copy("P1,=HYPERLINK(1),\"@x\"\n", to: .csv) == "P1,'=HYPERLINK(1),'@x,0.5\n")
    }

    @Test func reEscapesRecordsFromAnotherDelimiter() throws {
        #expect(try copy("P1;a,b;1,5\n", delimiter: UInt8(ascii: ";"), to: .csv) == "P1,\"a,b\",\"1,5\",0.5\n")
    }

    @Test func copiesBlankRecordAsOneEmptyCell() throws {
        #expect(try copy("\n", to: .csv) == ",0.5\n")
    }

    @Test func copiesFieldsAsJSONStrings() throws {
        #expect(try copy("P1,007,=x\n", to: .json) == "{\"a\":\"P1\",\"b\":\"007\",\"c\":\"=x\",\"column_4\":0.5}\n")
    }
}

@Suite struct FixedDecimalTests {
    func fixed(_ value: Double, _ digits: Int, decimalComma: Bool = false) -> String? {
        var buffer = OutputBuffer(sink: OutputSink(fileDescriptor: -1, name: "unused"))
        guard buffer.append(number: value, fractionDigits: digits, decimalComma: decimalComma) else { return nil }
        return String(decoding: buffer.pendingBytes, as: UTF8.self)
    }

    @Test(arguments: [
        (0.923076923, 2, "0.92"), (0.925, 2, "0.93"), (199.0 / 200.0, 2, "1.00"), (-0.004, 2, "0.00"), (-0.006, 2, "-0.01"),
        (120.0, 0, "120"), (1.5, 0, "2"), (-1.5, 0, "-2"), (7.0, 3, "7.000"), (0.05, 1, "0.1"), (1234.5678, 2, "1234.57"),
    ])
    func formatsFixedDecimals(value: Double, digits: Int, expected: String) {
        #expect(fixed(value, digits) == expected)
    }

    @Test func usesDecimalCommaWhenAsked() {
        #expect(fixed(0.923, 2, decimalComma: true) == "0,92")
    }

    @Test(arguments: [Double.nan, .infinity, 1e300])
    func refusesValuesWithoutAnExactFixedForm(value: Double) {
        #expect(fixed(value, 2) == nil)
    }

    @Test func writesFixedNumbersInEveryFormat() throws {
        let csv = try render(.csv, decimalComma: false) { writer in
            writer.beginRow(); writer.writeNumber(0.923, fractionDigits: 2); writer.writeNumber(.nan, fractionDigits: 2)
            try writer.endRow()
        }
        #expect(csv == "0.92,\n")
        let json = try render(.json) { writer in
            try writer.writeHeader(["abi", "x"])
            writer.beginRow(); writer.writeNumber(1.1, fractionDigits: 2); writer.writeNumber(.nan, fractionDigits: 1)
            try writer.endRow()
        }
        #expect(json == "{\"abi\":1.10,\"x\":null}\n")
        let markdown = try render(.markdown, decimalComma: true) { writer in
            writer.beginRow(); writer.writeNumber(0.5, fractionDigits: 2); try writer.endRow()
        }
        #expect(markdown == "| 0,50 |\n")
    }
}

@Suite struct NumberAppenderTests {
    @Test(arguments: [0, 7, -7, 10, 1_000_000, Int.max, Int.min])
    func writesIntegersInDecimal(value: Int) {
        var buffer = OutputBuffer(sink: OutputSink(fileDescriptor: -1, name: "unused"))
        buffer.append(byte: UInt8(ascii: "x"))
        buffer.append(integer: value)
        #expect(String(decoding: buffer.pendingBytes, as: UTF8.self) == "x\(value)")
    }

    @Test func quotesDecimalCommaNumbersInCommaSeparatedOutput() throws {
        let path = temporaryPath("comma.csv")
        defer { unlink(path) }
        var writer = DelimitedTableWriter(buffer: OutputBuffer(sink: try OutputSink.atomicFile(path: path)),
                                          delimiter: UInt8(ascii: ","), decimalComma: true)
        writer.beginRow()
        writer.writeText("a")
        writer.writeNumber(1234.5678)
        writer.writeNumber(0.5, fractionDigits: 2)
        writer.writeNumber(3)
        try writer.endRow()
        try writer.finish()
        #expect(readFile(path) == "a,\"1234,5678\",\"0,50\",3\n")
    }
}

@Suite struct NumericTextSafetyTests {
    @Test func neutralisesFormulaPassedAsNumericTextByMistake() throws {
        let output = try render(.csv) { writer in
            writer.beginRow()
            Array("=1+1".utf8).withUnsafeBufferPointer { writer.writeNumericText($0) }
            Array("-12.5".utf8).withUnsafeBufferPointer { writer.writeNumericText($0) }
            try writer.endRow()
        }
        #expect(output == "'=1+1,-12.5\n")
    }
}

/// `-o /dev/null` (or a FIFO) must not rename a temporary file over the device.
@Test func atomicOutputToADeviceWritesToItAndLeavesItADevice() throws {
    let sink = try OutputSink.atomicFile(path: "/dev/null")
    var writer = TableFormat.csv.makeWriter(sink: sink)
    try writer.writeRow(["a", "b"])
    try writer.finish()
    var status = stat()
    #expect(stat("/dev/null", &status) == 0)
    #expect((status.st_mode & S_IFMT) == S_IFCHR)
}

/// A symbolic link keeps pointing at the replaced file.
@Test func atomicOutputThroughASymbolicLinkReplacesTheTarget() throws {
    let target = temporaryPath("target.csv"), link = temporaryPath("link.csv")
    defer { unlink(target); unlink(link) }
    writeFile(target, "old\n")
    #expect(symlink(target, link) == 0)
    let sink = try OutputSink.atomicFile(path: link)
    var writer = TableFormat.csv.makeWriter(sink: sink)
    try writer.writeRow(["new"])
    try writer.finish()
    var status = stat()
    #expect(lstat(link, &status) == 0)
    #expect((status.st_mode & S_IFMT) == S_IFLNK)
    #expect(readFile(target) == "new\n")
}
