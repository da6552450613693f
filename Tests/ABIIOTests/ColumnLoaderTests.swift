import ABIIO
import Testing

/// ColumnLoader: typed columns from CSV, in order, for any chunk size and thread count.
@Suite struct ColumnLoaderTests {
    func loader(_ text: String, blockSize: Int = 1 << 20, decimalComma: Bool = false) throws -> ColumnLoader {
        var overrides = CSVDialectOverrides()
        if decimalComma {
            overrides.delimiter = UInt8(ascii: ";")
            overrides.decimalComma = true
        }
        return try ColumnLoader(reader: try CSVChunkReader(bytes: Array(text.utf8),
                                                           options: CSVReaderOptions(blockSize: blockSize, overrides: overrides)))
    }

    func numbers(_ column: LoadedColumn?) -> [Double]? {
        if case .numeric(let values)? = column { return values }
        return nil
    }

    /// Doubles compared bit for bit, NaN equal to NaN.
    func same(_ a: [Double]?, _ b: [Double]) -> Bool {
        guard let a, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }

    @Test(arguments: [8, 13, 64, 1 << 20], [1, 2, 3])
    func loadsRequestedColumnsInOrderForAnyChunkSizeAndThreadCount(blockSize: Int, threads: Int) throws {
        var text = "id,x,g,unused\n"
        var expectedX: [Double] = []
        var expectedG: [String] = []
        for i in 0..<200 {
            text += "\(i),\(Double(i) * 0.25 - 3),\"g,\(i % 3)\",zz\n"
            expectedX.append(Double(i) * 0.25 - 3)
            expectedG.append("g,\(i % 3)")
        }
        let loaded = try loader(text, blockSize: blockSize).load([.categorical("g"), .numeric("x")], threads: threads)
        #expect(loaded.rowCount == 200)
        #expect(loaded.names == ["g", "x"])
        #expect(same(numbers(loaded["x"]), expectedX))
        #expect(loaded["g"] == .categorical(expectedG))
        #expect(loaded.issueCount == 0)
    }

    @Test func missingMarkersAreNaNAndTextIsReportedWithLineAndColumn() throws {
        let text = "a,b\n1,\n NA ,2\nn/a,NaN\n.,x1\n\n5,-0.5e1\n"
        let loaded = try loader(text).load([.numeric("a"), .numeric("b")])
        #expect(same(numbers(loaded["a"]), [1, .nan, .nan, .nan, 5]))
        #expect(same(numbers(loaded["b"]), [.nan, 2, .nan, .nan, -5]))
        #expect(loaded.blankLineCount == 1)
        #expect(loaded.invalidNumberCount == 1)
        #expect(loaded.issues.map(\.description) == [
            "5:3: b: 'x1' is not a number (expected digits with a decimal point, or blank/NA for missing); read as missing"])
    }

    @Test func decimalCommaFollowsTheDialect() throws {
        let loaded = try loader("x;y\n1,5;2\n-0,25;3\n", decimalComma: true).load([.numeric("x")])
        #expect(same(numbers(loaded["x"]), [1.5, -0.25]))
    }

    @Test func shortRecordsGiveMissingCellsAndAnIssue() throws {
        let loaded = try loader("a,b,c\n1,2,3\n4\n").load([.numeric("c"), .categorical("b")])
        #expect(same(numbers(loaded["c"]), [3, .nan]))
        #expect(loaded["b"] == .categorical(["2", ""]))
        #expect(loaded.issueCount == 1)
        #expect(loaded.issues.first?.line == 3)
    }

    /// A record with a value left out in the middle (or one too many) cannot be matched to its
    /// columns: every cell of it is missing, not only the absent ones, so no value is read from the
    /// wrong column. Both the quote-free fast path and the record parser (a quoted cell) do so.
    @Test(arguments: ["", "\"x\""])
    func raggedRecordsAreMissingInEveryColumn(quotedCell: String) throws {
        let text = "a,b,c,d\n1,2,3,\(quotedCell)\n5,7,8\n9,10,11,12,13\n14,15,16,17\n"
        let loaded = try loader(text).load([.numeric("a"), .numeric("c"), .categorical("b")])
        #expect(same(numbers(loaded["a"]), [1, .nan, .nan, 14]))
        #expect(same(numbers(loaded["c"]), [3, .nan, .nan, 16]))
        #expect(loaded["b"] == .categorical(["2", "", "", "15"]))
        #expect(loaded.issues.map(\.line) == [3, 4])
        #expect(loaded.issues.allSatisfy { $0.message.contains("row read as missing") })
    }

    @Test func unknownColumnListsTheHeaders() throws {
        #expect(throws: ColumnLoaderError.unknownColumn(name: "z", headers: ["a", "b"])) {
            try loader("a,b\n1,2\n").load([.numeric("z")])
        }
        let error = ColumnLoaderError.unknownColumn(name: "z", headers: ["a", "b"])
        #expect(error.description == "no column 'z'; the header has 2 columns: 'a', 'b'")
    }

    @Test func emptyInputAndHeaderOnly() throws {
        #expect(throws: ColumnLoaderError.emptyInput) { try loader("").load([.numeric("a")]) }
        let loaded = try loader("a,b\n").load([.numeric("a")])
        #expect(loaded.rowCount == 0)
        #expect(numbers(loaded["a"]) == [])
    }

    @Test func automaticKindIsDecidedFromTheFirstChunk() throws {
        let text = "n,s,blank\n1,a,\n2,3,\n,b,\n"
        let columns = try loader(text)
        #expect(columns.inferredKind(ofColumn: 0) == .numeric)
        #expect(columns.inferredKind(ofColumn: 1) == .categorical)
        #expect(columns.inferredKind(ofColumn: 2) == .numeric)
        let loaded = try columns.load([.automatic("s"), .automatic("n"), .automatic("blank")])
        #expect(loaded["s"] == .categorical(["a", "3", "b"]))
        #expect(same(numbers(loaded["n"]), [1, 2, .nan]))
        #expect(same(numbers(loaded["blank"]), [.nan, .nan, .nan]))
    }

    @Test func headerMatchFallsBackToCaseInsensitive() throws {
        let columns = try loader("Age,AGE2\n1,2\n")
        #expect(columns.columnIndex(of: "age") == 0)
        #expect(columns.columnIndex(of: "Age") == 0)
        #expect(columns.columnIndex(of: "missing") == nil)
    }

    /// The fast path (chunks without quotes) and the general record-parser path give the same
    /// values bit for bit and the same problems at the same places.
    @Test(arguments: [16, 1 << 20], [1, 2])
    func quoteFreeFastPathAgreesWithTheRecordParser(blockSize: Int, threads: Int) throws {
        let cells = ["1.5", "-0.25", "1e3", " 2 ", "NA", "abc", "0.1234567890123456789", "+3", "", "-0", "12345678901234567",
                     "7.", ".5", "1,5", "nan", "9007199254740993", "0.000001", "-123456.789012"]
        var plain = "a,b,c\r\n"
        var quoted = "a,b,c,q\r\n"
        var generator = SystemRandomNumberGenerator()
        for row in 0..<300 {
            let values = (0..<3).map { _ in cells[Int(generator.next() % UInt64(cells.count))] }
            if row % 97 == 5 {
                plain += "7\n"  // a short record (never blank)
                quoted += "7\n"
            } else {
                plain += values.joined(separator: ",") + (row % 2 == 0 ? "\r\n" : "\n")
                quoted += values.joined(separator: ",") + ",\"x\"" + (row % 2 == 0 ? "\r\n" : "\n")
            }
        }
        let requests: [ColumnLoader.Request] = [.numeric("c"), .numeric("a"), .categorical("b")]
        let fast = try loader(plain, blockSize: blockSize).load(requests, threads: threads, maximumIssues: 1000)
        let general = try loader(quoted, blockSize: blockSize).load(requests, threads: threads, maximumIssues: 1000)
        #expect(fast.rowCount == 300 && general.rowCount == 300)
        for name in ["a", "c"] {
            let x = try #require(numbers(fast[name])), y = try #require(numbers(general[name]))
            #expect(same(x, y), "column \(name)")
        }
        #expect(fast["b"] == general["b"])
        #expect(fast.invalidNumberCount == general.invalidNumberCount)
        #expect(fast.issueCount == general.issueCount)
        #expect(fast.issues.map(\.line) == general.issues.map(\.line))
        #expect(fast.issues.map(\.column) == general.issues.map(\.column))
        // And the values are those of DecimalNumberParser cell by cell.
        #expect(same(numbers(try loader("x\n0.1\n-2.5\n123456789012345\n").load([.numeric("x")])["x"]),
                     [0.1, -2.5, 123456789012345]))
    }
}
