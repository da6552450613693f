import ABIIO
import Testing

/// The `--where` filter: grammar, semantics of missing cells, and errors with positions.
@Suite struct RowFilterTests {
    static let columns: [String: LoadedColumn] = [
        "week": .numeric([0, 6, 12, 0, .nan]),
        "arm": .categorical(["control", "exercise", "control", "", "exercise"]),
        "abi": .numeric([0.91, 0.85, 1.02, 0.6, 0.9]),
        "visit": .categorical(["0", "6", "12", "0.0", "x"]),
        "leg side": .categorical(["left", "right", "left", "right", "left"]),
    ]

    func rows(_ text: String) throws -> [Int] {
        let mask = try RowFilter(text).evaluate(rowCount: 5, columns: Self.columns)
        return mask.indices.filter { mask[$0] }
    }

    @Test(arguments: [
        ("week == 0", [0, 3]),
        ("week != 0", [1, 2]),                       // the missing week is kept by neither == nor !=
        ("not (week == 0)", [1, 2, 4]),
        ("abi <= 0.9", [1, 3, 4]),
        ("abi < 0.9 or arm == 'control'", [0, 1, 2, 3]),
        ("arm != 'control' and abi > 0.8", [1, 4]),  // the blank arm is missing, not "not control"
        ("week in (0, 12)", [0, 2, 3]),
        ("week not in (0, 12)", [1]),
        ("arm in ('control', \"exercise\")", [0, 1, 2, 4]),
        ("visit == 0", [0, 3]),                      // text column against a number: compared as numbers
        ("visit == '0'", [0]),                       // against a string: compared as text
        ("`leg side` == 'left' AND NOT week >= 6", [0, 4]),  // not (missing >= 6) is true
        ("(week == 0 or week == 12) and abi >= 1", [2]),
        ("abi >= 9e-1", [0, 2, 4]),
        ("0.9 < abi", [0, 2]),
        ("week == -1", []),
        ("arm == 'it''s'", []),
    ])
    func filters(text: String, expected: [Int]) throws {
        #expect(try rows(text) == expected, "\(text)")
    }

    /// A text cell compared with a number is read by the numeric columns' parser: `inf`, `nan`,
    /// hexadecimal and thousands separators are missing (false in every comparison), never numbers.
    @Test func textCellsAgainstANumberReadOnlyPlainDecimals() throws {
        let cells = ["inf", "0x10", "nan", " 7 ", "1e3", "1,500", "-Infinity", "5"]
        let columns: [String: LoadedColumn] = ["tag": .categorical(cells)]
        let kept = try RowFilter("tag > 4").evaluate(rowCount: cells.count, columns: columns)
        #expect(kept == [false, false, false, true, true, false, false, true])
        let notKept = try RowFilter("not tag > 4").evaluate(rowCount: cells.count, columns: columns)
        #expect(notKept == [true, true, true, false, false, true, true, false])
    }

    @Test func columnNamesInOrderOfUse() throws {
        #expect(try RowFilter("abi > 1 and (arm == 'x' or abi < 0) and week in (1)").columnNames == ["abi", "arm", "week"])
    }

    @Test(arguments: [
        ("week = 0", 5, "'==' (a single '=' is not a comparison)"),
        ("week == ", 8, "a column, a number or a quoted string"),
        ("week == 0 and", 13, "a column, a number or a quoted string"),
        ("(week == 0", 10, "')'"),
        ("week == 0)", 9, "'and', 'or' or the end"),
        ("arm == 'control", 7, "a closing '"),
        ("week 0", 5, "a comparison (== != < <= > >=) or 'in'"),
        ("week in 0", 8, "'(' and a list of values"),
        ("1 == 2", 2, "a column on one side of the comparison"),
        ("", 0, "a condition"),
        ("week == 0 & arm == 'x'", 10, "a column, a value, a comparison"),
    ])
    func syntaxErrorsPointAtTheProblem(text: String, position: Int, expected: String) {
        do {
            _ = try RowFilter(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.position == position, "\(text): \(error)")
            #expect(error.description.contains(expected), "\(text): \(error)")
            let pointer = error.pointer(in: text).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(pointer.count == 2 && pointer[1].count == 2 + position + 1 && pointer[1].hasSuffix("^"))
        }
    }

    @Test func unknownColumnIsReportedWithItsPosition() throws {
        let filter = try RowFilter("week == 0 and sex == 'f'")
        #expect(throws: RowFilterError.unknownColumn(name: "sex", position: 14)) {
            try filter.evaluate(rowCount: 5, columns: Self.columns)
        }
    }

    @Test func emptyInputGivesNoRows() throws {
        #expect(try RowFilter("week == 0").evaluate(rowCount: 0, columns: ["week": .numeric([])]) == [])
    }
}
