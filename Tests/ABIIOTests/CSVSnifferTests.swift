import Testing
@testable import ABIIO

@Suite struct CSVSnifferTests {
    func sniff(_ text: String, overrides: CSVDialectOverrides = CSVDialectOverrides()) -> CSVDialect {
        CSVSniffer.sniff(sample: Array(text.utf8), overrides: overrides)
    }

    @Test(arguments: [
        ("a,b,c\n1,2,3\n", UInt8(ascii: ",")),
        ("a;b;c\n1;2;3\n", UInt8(ascii: ";")),
        ("a\tb\tc\n1\t2\t3\n", UInt8(0x09)),
        ("name,note\n\"x;y;z\",1\n\"p;q\",2\n", UInt8(ascii: ",")),
    ])
    func detectsDelimiter(text: String, delimiter: UInt8) {
        let dialect = sniff(text)
        #expect(dialect.delimiter == delimiter)
        #expect(dialect.reasons.delimiter.contains("splits"))
    }

    @Test func prefersSemicolonWhenCommasAreDecimalMarks() {
        // Without a header every row has the same number of commas, so only consistency of the
        // semicolon split and the decimal-looking comma fields tell them apart.
        let dialect = sniff("120,5;130,5;0,93\n110,0;121,5;0,91\n")
        #expect(dialect.delimiter == UInt8(ascii: ";"))
        #expect(dialect.decimalMark == .comma)
    }

    @Test func fallsBackToCommaForSingleColumn() {
        let dialect = sniff("subject\nP1\nP2\n")
        #expect(dialect.delimiter == UInt8(ascii: ","))
        #expect(dialect.reasons.delimiter.contains("no candidate"))
    }

    @Test func detectsDecimalCommaWithSemicolons() {
        let dialect = sniff("id;lb;abi\nP1;120;0,93\nP2;118;1,02\n")
        #expect(dialect.decimalMark == .comma)
        #expect(dialect.reasons.decimalMark == "2 numeric fields like '0,93' use a decimal comma")
    }

    @Test func detectsDecimalCommaWithTabs() {
        #expect(sniff("id\tabi\nP1\t0,93\n").decimalMark == .comma)
    }

    @Test func keepsDecimalPointWhenBothMarksAppear() {
        let dialect = sniff("id;x;y\nP1;0,93;1.5\n")
        #expect(dialect.decimalMark == .point)
        #expect(dialect.reasons.decimalMark.contains("both"))
    }

    @Test func neverDetectsDecimalCommaInCommaSeparatedFiles() {
        let dialect = sniff("id,abi\nP1,\"0,93\"\n")
        #expect(dialect.decimalMark == .point)
    }

    @Test func detectsHeaderFromTextFirstRecord() {
        let dialect = sniff("subject,lb\nP1,120\n")
        #expect(dialect.hasHeader)
        #expect(dialect.reasons.header.hasPrefix("first record holds no numbers"))
    }

    @Test func detectsMissingHeaderFromNumbers() {
        let dialect = sniff("P1,120,118\nP2,130,125\n")
        #expect(!dialect.hasHeader)
        #expect(dialect.reasons.header == "first record has the number '120' in column 2")
    }

    @Test(arguments: [
        ("a\nb\n", CSVDialect.LineEnding.lf), ("a\r\nb\r\n", .crlf), ("a\rb\r", .cr), ("a,b", .none),
        ("\"x\ny\"\r\nz\r\n", .crlf),
    ])
    func detectsLineEnding(text: String, ending: CSVDialect.LineEnding) {
        #expect(sniff(text).lineEnding == ending)
    }

    @Test func detectsEncodings() {
        #expect(CSVSniffer.sniff(sample: Array("a\n".utf8)).encoding == .utf8)
        #expect(CSVSniffer.sniff(sample: Array("a\n".utf8)).reasons.encoding == "ASCII only, read as UTF-8")
        #expect(CSVSniffer.sniff(sample: Array("é\n".utf8)).encoding == .utf8)
        #expect(CSVSniffer.sniff(sample: [0xEF, 0xBB, 0xBF, 0x61]).encoding == .utf8WithBOM)
        let latin = CSVSniffer.sniff(sample: Array("a\nb".utf8) + [0x80])
        #expect(latin.encoding == .windows1252)
        #expect(latin.reasons.encoding == "byte 0x80 on line 2 is not valid UTF-8; reading as Windows-1252")
    }

    @Test func toleratesMultibyteCharacterCutBySampleEnd() {
        let cut = Array("a\né".utf8).dropLast()
        #expect(CSVSniffer.sniff(sample: Array(cut), isCompleteFile: false).encoding == .utf8)
        #expect(CSVSniffer.sniff(sample: Array(cut), isCompleteFile: true).encoding == .windows1252)
    }

    @Test func readsExcelSeparatorLine() {
        let dialect = sniff("SEP=|\na|b\n1|2\n")
        #expect(dialect.delimiter == UInt8(ascii: "|"))
        #expect(dialect.hasSeparatorLine)
        #expect(dialect.reasons.delimiter == "named by the file's 'sep=' first line")
    }

    @Test func appliesOverridesAndSaysSo() {
        let dialect = sniff("a,b\n1,2\n", overrides: CSVDialectOverrides(delimiter: UInt8(ascii: ";"),
                                                                        decimalComma: true, hasHeader: false))
        #expect(dialect.delimiter == UInt8(ascii: ";"))
        #expect(dialect.decimalMark == .comma)
        #expect(!dialect.hasHeader)
        #expect(dialect.explanation == [
            "encoding: utf-8 (ASCII only, read as UTF-8)",
            "delimiter: ';' (given with --delimiter)",
            "decimal mark: ',' (--decimal-comma given)",
            "header: no (--no-headers given)",
            "line ending: LF (first record ends with LF)",
        ])
    }

    @Test(arguments: [("tab", UInt8(0x09)), (";", UInt8(ascii: ";")), ("\\t", UInt8(0x09)), ("|", UInt8(ascii: "|"))])
    func parsesDelimiterArgument(text: String, byte: UInt8) throws {
        #expect(try CSVDialectOverrides.parseDelimiter(text) == byte)
    }

    @Test(arguments: ["", "ab", "\"", "\n", "é"])
    func rejectsUnusableDelimiterArgument(text: String) {
        #expect(throws: CSVError.invalidDelimiter(text: text)) { try CSVDialectOverrides.parseDelimiter(text) }
    }

    @Test func handlesEmptySample() {
        let dialect = CSVSniffer.sniff(sample: [])
        #expect(dialect.delimiter == UInt8(ascii: ","))
        #expect(dialect.hasHeader)
        #expect(dialect.lineEnding == .none)
    }

    @Test func readsAGermanExcelExport() throws {
        var bytes: [UInt8] = Array("Patient;Datum;LB;RB;LA;RA;Notiz\r\n".utf8)
        bytes += Array("P1;01.02.2024;120;118;110,5;112;stabil, Kontrolle in 6 Monaten\r\n".utf8)
        bytes += Array("P2;03.02.2024;131;129;98,5;101;M".utf8) + [0xFC] + Array("ller\r\n".utf8)  // ü in Windows-1252
        let table = try CSVTable.read(bytes: bytes)
        #expect(table.dialect.delimiter == UInt8(ascii: ";"))
        #expect(table.dialect.decimalMark == .comma)
        #expect(table.dialect.encoding == .windows1252)
        #expect(table.dialect.lineEnding == .crlf)
        #expect(table.header == ["Patient", "Datum", "LB", "RB", "LA", "RA", "Notiz"])
        #expect(table.rows.map(\.fields.last) == ["stabil, Kontrolle in 6 Monaten", "Müller"])
        let mapping = try ColumnMapping.resolve(headers: table.header ?? [])
        #expect(mapping.columns(for: .anklePosteriorTibialLeft) == [4])
        #expect(mapping.columns(for: .date) == [1])  // "Datum"
    }
}
