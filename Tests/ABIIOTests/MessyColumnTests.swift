import Testing
@testable import ABIIO

/// Column roles, title lines and layouts of real clinic exports (issue 8, items 8-10).
@Suite struct MessyColumnTests {
    static let trialHeaders = ["subject", "arm", "brachial_left", "brachial_right",
                               "ankle_dp_left", "ankle_pt_left", "ankle_dp_right", "ankle_pt_right"]

    @Test func anExactRoleNameWinsOverAPartialOne() throws {
        // `arm` alone could be either arm; the exact brachial columns hold both, so it is unused.
        let mapping = try ColumnMapping.resolve(headers: Self.trialHeaders)
        #expect(mapping.columns(for: .brachialLeft) == [2])
        #expect(mapping.columns(for: .brachialRight) == [3])
        #expect(mapping.explanations[1].role == nil)
        #expect(mapping.explanations[1].reason.contains("named exactly"))
        // A partial name of one role beside the exact one: the exact one is used, not two readings.
        let second = try ColumnMapping.resolve(headers: ["id", "brachial_left", "systolic pressure of left arm", "brachial_right",
                                                         "ankle_pt_left"])
        #expect(second.columns(for: .brachialLeft) == [1])
        #expect(second.explanations[2].role == nil)
    }

    @Test func aPartialNameIsStillAmbiguousWhenNothingNamesTheRolesExactly() {
        #expect(throws: ColumnMappingError.self) {
            try ColumnMapping.resolve(headers: ["id", "arm", "L DP", "R DP"])
        }
        do {
            _ = try ColumnMapping.resolve(headers: ["id", "LB", "L PT", "PT"])
            Issue.record("'PT' beside 'L PT' only was accepted")
        } catch {
            // The suggestion names both roles and the way out, never ROLE as a placeholder.
            #expect(error.description.contains("--map ankle_pt_left=4 or --map ankle_pt_right=4"))
            #expect(error.description.contains("--map ignore=4"))
        }
    }

    @Test func aColumnOfTextIsNeverTakenForAPressure() throws {
        let headers = ["subject", "arm", "L DP", "R DP", "LB"]
        let mapping = try ColumnMapping.resolve(headers: headers, textColumns: [1])
        #expect(mapping.explanations[1].role == nil)
        #expect(mapping.explanations[1].reason.contains("holds text"))
        // Text does not stop a subject column from being one.
        let subject = try ColumnMapping.resolve(headers: headers, textColumns: [0, 1])
        #expect(subject.columns(for: .subject) == [0])
    }

    /// A header that names one pressure role (exactly, or in words with a side) is a pressure column
    /// even when its cells are text: the cells are then reported one by one, never the column dropped.
    @Test(arguments: ["brachial_right", "R Brachial (mmHg)", "systolic pressure of right arm"])
    func aColumnNamingOnePressureRoleIsUsedEvenWhenItHoldsText(header: String) throws {
        let headers = ["subject", "brachial_left", header, "L DP", "R DP"]
        let mapping = try ColumnMapping.resolve(headers: headers, textColumns: [0, 2])
        #expect(mapping.columns(for: .brachialRight) == [2])
        #expect(mapping.explanations[2].reason.contains("holds mostly text"))
        #expect(mapping.textColumnsLeftOut.isEmpty)
    }

    /// A text column named like a role that a column of numbers also names gives way to it, rather
    /// than making the file ambiguous: `left arm` holding `placebo` beside `brachial_left`.
    @Test func aTextColumnGivesWayToANumberColumnOfTheSameRole() throws {
        let headers = ["subject", "left arm", "brachial_left", "brachial_right", "L DP", "R DP"]
        let mapping = try ColumnMapping.resolve(headers: headers, textColumns: [0, 1])
        #expect(mapping.columns(for: .brachialLeft) == [2])
        #expect(mapping.explanations[1].role == nil)
        #expect(mapping.explanations[1].reason.contains("holds text"))
        // Without the sample saying it holds text, two columns name brachial_left: an error, not a guess.
        #expect(throws: ColumnMappingError.self) { try ColumnMapping.resolve(headers: headers) }
    }

    @Test func aTextColumnLeftOutIsListedOnlyWhenARoleItCouldNameIsMissing() throws {
        let alone = try ColumnMapping.resolve(headers: ["subject", "arm", "L DP", "R DP", "LB"], textColumns: [0, 1])
        #expect(alone.textColumnsLeftOut == [ColumnMapping.TextColumnLeftOut(
            index: 1, header: "arm", roles: [.brachialLeft, .brachialRight], unmappedRoles: [.brachialRight])])
        let covered = try ColumnMapping.resolve(headers: Self.trialHeaders, textColumns: [0, 1])
        #expect(covered.explanations[1].role == nil)
        #expect(covered.textColumnsLeftOut.isEmpty)
    }

    @Test func ignoredColumnsGetNoRole() throws {
        let mapping = try ColumnMapping.resolve(headers: ["id", "LB", "L PT", "PT"], ignoring: ["PT"])
        #expect(mapping.explanations[3].role == nil)
        #expect(mapping.explanations[3].reason == "--map ignore")
        let byNumber = try ColumnMapping.resolve(headers: ["id", "LB", "L PT", "PT"], ignoring: ["4"])
        #expect(byNumber == mapping)
        #expect(throws: ColumnMappingError.self) {
            try ColumnMapping.resolve(headers: ["id", "LB", "L PT"], ignoring: ["nope"])
        }
        let overrides = [ColumnOverride(role: .anklePosteriorTibialRight, columns: ["PT"])]
        #expect(throws: ColumnMappingError.self) {
            try ColumnMapping.resolve(headers: ["id", "LB", "L PT", "PT"], overrides: overrides, ignoring: ["PT"])
        }
    }

    @Test func parsesIgnoreArguments() {
        #expect(ColumnOverride.ignoredColumns("ignore=arm") == ["arm"])
        #expect(ColumnOverride.ignoredColumns("IGNORE=2, notes") == ["2", "notes"])
        #expect(ColumnOverride.ignoredColumns("brachial_left=2") == nil)
        #expect(ColumnOverride.ignoredColumns("ignore") == nil)
    }

    @Test(arguments: [
        ("L Brachial 1 mmHg", InputRole.brachialLeft, 1), ("R Brachial 2 mmHg", .brachialRight, 2),
        ("L Brachial 1 [mmHg]", .brachialLeft, 1), ("brachial_left_2_mmHg", .brachialLeft, 2),
        ("Left DP 3 mm Hg", .ankleDorsalisPedisLeft, 3),
    ])
    func recognisesHeadersWithAReadingNumberAndAUnit(header: String, role: InputRole, reading: Int) {
        guard case .roles(let roles, let found, _) = HeaderClassifier.classify(header) else {
            Issue.record("'\(header)' was not recognised")
            return
        }
        #expect(roles == [role])
        #expect(found == reading)
    }

    @Test(arguments: [("R PT [mmHg]", InputRole.anklePosteriorTibialRight), ("L DP mmHg", .ankleDorsalisPedisLeft),
                      ("R Brachial mmHg", .brachialRight)])
    func recognisesHeadersWithAUnit(header: String, role: InputRole) {
        guard case .roles(let roles, nil, _) = HeaderClassifier.classify(header) else {
            Issue.record("'\(header)' was not recognised without a reading number")
            return
        }
        #expect(roles == [role])
    }

    @Test func aUnitAloneIsNotAColumnName() {
        guard case .unused = HeaderClassifier.classify("mmHg") else {
            Issue.record("'mmHg' was given a role")
            return
        }
    }

    func firstChunk(_ text: String, skipLines: Int = 0) throws -> (CSVChunk, CSVChunkReader) {
        var options = CSVReaderOptions()
        options.skipLines = skipLines
        let reader = try CSVChunkReader(bytes: Array(text.utf8), options: options)
        return (try #require(try reader.nextChunk()), reader)
    }

    @Test func findsColumnsOfTextAmongTheFirstRecords() throws {
        let (chunk, reader) = try firstChunk(
            "id,arm,LB,note\nA,placebo,120,ok\nB,active,NC,\nC,placebo,absent,131\nD,1,,x\n")
        let text = ColumnSample.textColumns(in: chunk, delimiter: reader.dialect.delimiter, skipRecords: 1,
                                            decimalComma: false)
        // id and arm are text; LB holds pressures and status words; note is 2 of 3 text.
        #expect(text == [0, 1, 3])
        let examples = ColumnSample.textColumnExamples(in: chunk, delimiter: reader.dialect.delimiter, skipRecords: 1,
                                                       decimalComma: false)
        #expect(examples == [0: "A", 1: "placebo", 3: "ok"])
        // The header itself is not sampled.
        let (numbers, numbersReader) = try firstChunk("arm\n120\n")
        #expect(ColumnSample.textColumns(in: numbers, delimiter: numbersReader.dialect.delimiter, skipRecords: 1,
                                         decimalComma: false).isEmpty)
    }

    @Test func findsASideColumnOfARowPerLegLayout() throws {
        let text = "subject,side,brachial_left,brachial_right,DP,PT\nA,left,120,118,100,104\nA,Right,120,118,130,131\n"
        let (chunk, reader) = try firstChunk(text)
        let headers = ["subject", "side", "brachial_left", "brachial_right", "DP", "PT"]
        #expect(ColumnSample.legColumn(headers: headers, in: chunk, delimiter: reader.dialect.delimiter, skipRecords: 1) == 1)
        // A side column of something else (`dominant`), or a column named otherwise, is not one.
        let (other, otherReader) = try firstChunk("id,side\nA,dominant\nB,nondominant\nC,left\n")
        #expect(ColumnSample.legColumn(headers: ["id", "side"], in: other, delimiter: otherReader.dialect.delimiter,
                                       skipRecords: 1) == nil)
        #expect(ColumnSample.legColumn(headers: ["id", "arm"], in: other, delimiter: otherReader.dialect.delimiter,
                                       skipRecords: 1) == nil)
    }

    @Test func recognisesTitleLinesAboveTheHeader() throws {
        let title = "Vascular Lab Export\nDevice: X\nPatient ID,L DP,R DP,LB\nP1,120,121,130\n"
        let (chunk, reader) = try firstChunk(title)
        #expect(TitleLines.linesAboveHeader(in: chunk, delimiter: reader.dialect.delimiter) == 2)
        // A header on the first line, or a file without known columns: no title.
        let (plain, plainReader) = try firstChunk("Patient ID,L DP,R DP,LB\nP1,120,121,130\n")
        #expect(TitleLines.linesAboveHeader(in: plain, delimiter: plainReader.dialect.delimiter) == nil)
        let (unknown, unknownReader) = try firstChunk("Report\nx,y,z\n1,2,3\n")
        #expect(TitleLines.linesAboveHeader(in: unknown, delimiter: unknownReader.dialect.delimiter) == nil)
        // A first record as wide as the header is data or a header, not a title.
        let (wide, wideReader) = try firstChunk("a,b,c,d\nPatient ID,L DP,R DP,LB\n")
        #expect(TitleLines.linesAboveHeader(in: wide, delimiter: wideReader.dialect.delimiter) == nil)
    }

    @Test(arguments: [1, 3, 7, 64])
    func skipsTitleLinesKeepingFileLineNumbers(blockSize: Int) throws {
        let text = "Export title\r\nDevice: ABI-100; 2025\r\nid;LB;L DP\r\nP1;120;121\r\nP2;130;\"9\n1\"\r\nP3;1;2\r\n"
        var options = CSVReaderOptions(blockSize: blockSize)
        options.skipLines = 2
        let reader = try CSVChunkReader(bytes: Array(text.utf8), options: options)
        #expect(reader.dialect.delimiter == UInt8(ascii: ";"))
        #expect(reader.dialect.hasHeader)
        var records: [ParsedRecord] = []
        try reader.forEachRecord({ parser in
            records.append(ParsedRecord(line: parser.recordLine, fields: parser.fieldStrings))
        }, onError: { error, _ in Issue.record("\(error)") })
        #expect(records == [
            ParsedRecord(line: 3, fields: ["id", "LB", "L DP"]), ParsedRecord(line: 4, fields: ["P1", "120", "121"]),
            ParsedRecord(line: 5, fields: ["P2", "130", "9\n1"]), ParsedRecord(line: 7, fields: ["P3", "1", "2"]),
        ])
    }

    @Test func skippingMoreLinesThanTheFileHasLeavesNothing() throws {
        var options = CSVReaderOptions()
        options.skipLines = 5
        let reader = try CSVChunkReader(bytes: Array("title\nid,LB\n".utf8), options: options)
        #expect(try reader.nextChunk() == nil)
        #expect(CSVChunkReader.offset(afterLines: 2, in: Array("a\rb\r\nc".utf8), isCompleteFile: false) == 5)
        #expect(CSVChunkReader.offset(afterLines: 3, in: Array("a\nb\n".utf8), isCompleteFile: false) == nil)
    }
}
