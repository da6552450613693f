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
        // A wide byte order mark is refused, not read as garbage.
        #expect(throws: CSVError.self) { try CSVTable.read(bytes: [0xFF, 0xFE, 0x41, 0x00]) }
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...200), Gen.int(in: 1...9)) { bytes, blockSize in
            // The one refusal allowed: a UTF-16/32 byte order mark (FE FF or FF FE first), which
            // random bytes start with about once in 33,000 cases.
            let wideMark = bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE])
                || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF])
            do {
                let table = try CSVTable.read(bytes: bytes, options: CSVReaderOptions(blockSize: blockSize))
                #expect(!wideMark)
                #expect(table.rows.allSatisfy { !$0.fields.isEmpty })
                #expect(zip(table.rows, table.rows.dropFirst()).allSatisfy { $0.line < $1.line })
            } catch let error as CSVError {
                guard case .unsupportedEncoding = error, wideMark else {
                    Issue.record("\(bytes): \(error)")
                    return
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
}
