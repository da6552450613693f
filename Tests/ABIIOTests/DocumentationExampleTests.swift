import ABIIO
import Testing

/// The code of Sources/ABIIO/ABIIO.docc/ReadingAndWritingAMessyCSV.md, kept here so it cannot rot:
/// if this file changes, change the article with it.
struct DocumentationExampleTests {
    @Test func readingAndWritingAMessyCSV() throws {
        // A German export: byte order mark, `;` between fields, decimal commas, CRLF line ends,
        // a quoted field holding the delimiter and a row with a field missing.
        let export = "\u{FEFF}Patient;Brachial links;Notiz\r\nM1;130,5;\"ok; stabil\"\r\nM2;141\r\nM3;=1+2;NC\r\n"
        let reader = try CSVChunkReader(bytes: Array(export.utf8))
        #expect(reader.dialect.delimiter == UInt8(ascii: ";"))
        #expect(reader.dialect.decimalMark == .comma)
        #expect(reader.dialect.lineEnding == .crlf)
        #expect(reader.dialect.hasHeader)

        let table = try CSVTable.read(from: reader)
        #expect(table.header == ["Patient", "Brachial links", "Notiz"])
        #expect(table.rows.map(\.fields) == [["M1", "130,5", "ok; stabil"], ["M2", "141"], ["M3", "=1+2", "NC"]])
        #expect(table.rows.map(\.line) == [2, 3, 4])
        // The short row is delivered and reported with its line, never dropped or shifted.
        #expect(table.issues == [.raggedRecord(line: 3, expectedFields: 3, foundFields: 2)])
        #expect(table.issues.map(\.description) == ["line 3: record has 2 fields, expected 3 like the header"])

        let pressure = DecimalNumberParser.parseDouble("130,5", decimalMark: reader.dialect.decimalMark)
        #expect(pressure == 130.5)

        // Write it back as CSV: numbers as numbers, text quoted and formula-neutralised.
        var writer = TableFormat.csv.makeWriter(buffer: .inMemory())
        try writer.writeHeader(["patient", "brachial_left", "note"])
        for row in table.rows {
            writer.beginRow()
            writer.writeText(row.fields[0])
            let value = DecimalNumberParser.parseDouble(row.fields[1], decimalMark: .comma)
            if let value { writer.writeNumber(value) } else { writer.writeText(row.fields[1]) }
            if row.fields.count > 2 { writer.writeText(row.fields[2]) } else { writer.writeBlank() }
            try writer.endRow()
        }
        let csv = writer.buffer.withPendingBytes { String(decoding: $0, as: UTF8.self) }
        // `=1+2` would run as a formula in a spreadsheet: written as text with a leading apostrophe.
        #expect(csv == """
            patient,brachial_left,note
            M1,130.5,ok; stabil
            M2,141,
            M3,'=1+2,NC

            """)
    }
}
