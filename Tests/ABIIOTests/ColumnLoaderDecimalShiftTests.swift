import ABIIO
import Testing

/// ColumnLoader with `exactDecimalShift`: differences from the first number formed in exact
/// decimal arithmetic, the same for any chunk size (later chunks are re-based on the first).
@Suite struct ColumnLoaderDecimalShiftTests {
    func load(_ text: String, blockSize: Int, threads: Int = 1, decimalComma: Bool = false,
              requests: [ColumnLoader.Request] = [.numeric("y")]) throws -> LoadedColumns {
        var overrides = CSVDialectOverrides()
        if decimalComma {
            overrides.delimiter = UInt8(ascii: ";")
            overrides.decimalComma = true
        }
        let reader = try CSVChunkReader(bytes: Array(text.utf8), options: CSVReaderOptions(blockSize: blockSize, overrides: overrides))
        return try ColumnLoader(reader: reader).load(requests, threads: threads, exactDecimalShift: true)
    }

    /// NumAcc4-like values: the differences are exactly the doubles nearest -0.1, 0, 0.1, which
    /// subtracting the rounded doubles (10000000.1 - 10000000.2 = -0.09999999962747097) is not.
    @Test(arguments: [8, 16, 40, 1 << 20], [1, 2])
    func differencesAreExactDecimalsForAnyChunkSize(blockSize: Int, threads: Int) throws {
        let texts = ["10000000.2", "10000000.1", "10000000.3", "NA", "10000000.2", ".", "10000000.25", "1.00000001e7"]
        let expected: [Double] = [0, -0.1, 0.1, .nan, 0, .nan, 0.05, -0.1]
        let loaded = try load("y\n" + texts.joined(separator: "\n") + "\n", blockSize: blockSize, threads: threads)
        let shifted = try #require(loaded.decimalShifted.first ?? nil)
        #expect(shifted.shift == 10000000.2)
        #expect(shifted.differences.count == expected.count)
        for (got, want) in zip(shifted.differences, expected) {
            #expect(got == want || (got.isNaN && want.isNaN), "\(got) vs \(want)")
        }
        #expect((10000000.1 - 10000000.2) != -0.1)
        // The values themselves are unchanged.
        guard case .numeric(let values)? = loaded["y"] else { Issue.record("not numeric"); return }
        #expect(values[1] == 10000000.1 && values[3].isNaN)
    }

    @Test func decimalCommaLeadingMissingAndCategoricalColumns() throws {
        let text = "g;y\na;NA\nb;2,5\nc;bad\nd;-1,25\n"
        let loaded = try load(text, blockSize: 1 << 20, decimalComma: true, requests: [.categorical("g"), .numeric("y")])
        #expect(loaded.decimalShifted.count == 2)
        #expect(loaded.decimalShifted[0] == nil)
        let shifted = try #require(loaded.decimalShifted[1])
        #expect(shifted.shift == 2.5)
        #expect(shifted.differences[0].isNaN && shifted.differences[1] == 0 && shifted.differences[2].isNaN)
        #expect(shifted.differences[3] == -3.75)
        #expect(loaded.invalidNumberCount == 1)
    }

    /// Text beyond the exact path (19 significant digits) falls back to binary subtraction.
    @Test func longSignificandsFallBackToBinary() throws {
        let loaded = try load("y\n1.5\n1.234567890123456789\n", blockSize: 1 << 20)
        let shifted = try #require(loaded.decimalShifted.first ?? nil)
        #expect(shifted.differences == [0, 1.234567890123456789 - 1.5])
    }

    @Test func emptyColumnAndNoShiftRequested() throws {
        let loaded = try load("y\nNA\n\n", blockSize: 1 << 20)
        let shifted = try #require(loaded.decimalShifted.first ?? nil)
        #expect(shifted.shift == 0 && shifted.differences.count == 1 && shifted.differences[0].isNaN)
        let plain = try ColumnLoader(reader: try CSVChunkReader(bytes: Array("y\n1\n".utf8))).load([.numeric("y")])
        #expect(plain.decimalShifted.isEmpty)
    }
}
