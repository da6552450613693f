import ABIBatch
import Testing

@Test func rowAndColumnConstructionAgree() {
    let byRows = Matrix(rows: [[1, 2, 3], [4, 5, 6]])
    let byColumns = Matrix(columns: [[1, 4], [2, 5], [3, 6]])
    #expect(byRows == byColumns)
    #expect(byRows.elements == [1, 4, 2, 5, 3, 6])
    #expect(byRows[1, 2] == 6)
    #expect(byRows.row(1) == [4, 5, 6])
    #expect(byRows.transposed == Matrix(rows: [[1, 4], [2, 5], [3, 6]]))
}

@Test func viewsAddressTheBaseStorageWithoutCopying() {
    let m = Matrix(rows: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
    let view = m.view(rows: 1..<3, columns: 1..<4)
    #expect(view.rowCount == 2 && view.columnCount == 3)
    #expect(view.leadingDimension == 3)
    #expect(view.offset == 1 + 1 * 3)
    #expect(view[0, 0] == 6 && view[1, 2] == 12)
    #expect(Array(view.column(1)) == [7, 11])
    let inner = view.view(rows: 1..<2, columns: 2..<3)
    #expect(inner[0, 0] == 12)
    #expect(view.copy() == Matrix(rows: [[6, 7, 8], [10, 11, 12]]))
    // A column slice is a window on the same array storage.
    let column = m.column(2)
    #expect(column.startIndex == 6 && Array(column) == [3, 7, 11])
    view.withUnsafeBaseAddress { pointer, leading in
        #expect(pointer?.pointee == 6)
        #expect(leading == 3)
    }
}

@Test func emptyMatrixHasNoElements() {
    let empty = Matrix(rowCount: 0, columnCount: 3)
    #expect(empty.elements.isEmpty)
    #expect(Matrix(columns: []).columnCount == 0)
    empty.view.withUnsafeBaseAddress { _, leading in #expect(leading == 1) }
}

@Test func fitsOnAColumnRangeViewMatchFitsOnACopy() throws {
    let m = Matrix(rows: [[9, 1, 0.5], [9, 1, 1.5], [9, 1, 2.5], [9, 1, 4.0]])
    let y = [1.0, 2.0, 2.5, 4.5]
    let onView = try LeastSquares.fit(design: m.view(columns: 1..<3), response: y)
    let onCopy = try LeastSquares.fit(design: Matrix(columns: [[1, 1, 1, 1], [0.5, 1.5, 2.5, 4.0]]), response: y)
    #expect(onView.coefficients == onCopy.coefficients)
}
