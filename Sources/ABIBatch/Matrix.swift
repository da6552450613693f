/// A dense matrix of `Double` stored column by column (Fortran / BLAS order).
///
/// Element `(i, j)` lives at `elements[i + j * rowCount]`, so every column is contiguous and can be
/// handed to BLAS/LAPACK without copying. Views (`MatrixView`) select row and column ranges of a
/// matrix by sharing its storage (copy on write), so slicing on hot paths never copies.
///
/// NaN and infinity are stored as given; procedures that consume a matrix say how they treat them.
/// - Complexity: element access O(1); `init(columns:)` O(rows * columns).
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rowCount: Int
    /// Number of columns.
    public let columnCount: Int
    /// The elements in column-major order (`rowCount * columnCount` values).
    public private(set) var elements: [Double]

    /// A matrix filled with one value.
    public init(rowCount: Int, columnCount: Int, repeating value: Double = 0) {
        precondition(rowCount >= 0 && columnCount >= 0, "matrix dimensions must be non-negative")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.elements = Array(repeating: value, count: rowCount * columnCount)
    }

    /// A matrix from elements already in column-major order.
    public init(rowCount: Int, columnCount: Int, columnMajorElements: [Double]) {
        precondition(rowCount >= 0 && columnCount >= 0, "matrix dimensions must be non-negative")
        precondition(columnMajorElements.count == rowCount * columnCount,
                     "expected \(rowCount * columnCount) elements, got \(columnMajorElements.count)")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.elements = columnMajorElements
    }

    /// A matrix whose columns are the given arrays (all of the same length).
    public init(columns: [[Double]]) {
        let rows = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == rows }, "all columns must have the same length")
        self.rowCount = rows
        self.columnCount = columns.count
        var storage: [Double] = []
        storage.reserveCapacity(rows * columns.count)
        for column in columns { storage.append(contentsOf: column) }
        self.elements = storage
    }

    /// A matrix from rows (convenient for small literals in tests and examples).
    public init(rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "all rows must have the same length")
        self.rowCount = rows.count
        self.columnCount = columns
        var storage = Array(repeating: 0.0, count: rows.count * columns)
        for (i, row) in rows.enumerated() {
            for (j, value) in row.enumerated() { storage[i + j * rows.count] = value }
        }
        self.elements = storage
    }

    /// Element at row `row`, column `column` (zero-based).
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rowCount && column >= 0 && column < columnCount, "index out of range")
            return elements[row + column * rowCount]
        }
        set {
            precondition(row >= 0 && row < rowCount && column >= 0 && column < columnCount, "index out of range")
            elements[row + column * rowCount] = newValue
        }
    }

    /// Column `index` as a contiguous slice of the storage (no copy).
    public func column(_ index: Int) -> ArraySlice<Double> {
        precondition(index >= 0 && index < columnCount, "column index out of range")
        return elements[(index * rowCount)..<((index + 1) * rowCount)]
    }

    /// Row `index`, copied (rows are strided in column-major storage).
    public func row(_ index: Int) -> [Double] {
        precondition(index >= 0 && index < rowCount, "row index out of range")
        return (0..<columnCount).map { elements[index + $0 * rowCount] }
    }

    /// A view of the whole matrix.
    public var view: MatrixView { MatrixView(base: self, rows: 0..<rowCount, columns: 0..<columnCount) }

    /// A view of a block; shares storage with this matrix.
    public func view(rows: Range<Int>? = nil, columns: Range<Int>? = nil) -> MatrixView {
        MatrixView(base: self, rows: rows ?? 0..<rowCount, columns: columns ?? 0..<columnCount)
    }

    /// The transpose (copied).
    public var transposed: Matrix {
        var result = Matrix(rowCount: columnCount, columnCount: rowCount)
        for j in 0..<columnCount {
            for i in 0..<rowCount { result.elements[j + i * columnCount] = elements[i + j * rowCount] }
        }
        return result
    }

    /// Gives mutable access to the column-major storage (for filling large matrices without
    /// per-element bounds checks).
    public mutating func withUnsafeMutableElements<Result>(
        _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> Result
    ) rethrows -> Result {
        try elements.withUnsafeMutableBufferPointer { try body(&$0) }
    }
}

/// A rectangular block of a `Matrix` (contiguous row range, contiguous column range) that shares
/// the matrix's storage. Its leading dimension is the base matrix's row count, as BLAS expects.
public struct MatrixView: Sendable {
    /// The matrix whose storage is viewed.
    public let base: Matrix
    /// Rows of `base` in the view.
    public let rows: Range<Int>
    /// Columns of `base` in the view.
    public let columns: Range<Int>

    /// Creates a view; the ranges must lie inside `base`.
    public init(base: Matrix, rows: Range<Int>, columns: Range<Int>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= base.rowCount, "row range out of bounds")
        precondition(columns.lowerBound >= 0 && columns.upperBound <= base.columnCount, "column range out of bounds")
        self.base = base
        self.rows = rows
        self.columns = columns
    }

    /// Number of rows in the view.
    public var rowCount: Int { rows.count }
    /// Number of columns in the view.
    public var columnCount: Int { columns.count }
    /// Distance between the starts of consecutive columns in `base.elements`.
    public var leadingDimension: Int { base.rowCount }
    /// Index in `base.elements` of the view's element (0, 0).
    public var offset: Int { rows.lowerBound + columns.lowerBound * base.rowCount }

    /// Element at (row, column) of the view.
    public subscript(row: Int, column: Int) -> Double {
        precondition(row >= 0 && row < rows.count && column >= 0 && column < columns.count, "index out of range")
        return base.elements[offset + row + column * base.rowCount]
    }

    /// Column `index` of the view as a contiguous slice (no copy).
    public func column(_ index: Int) -> ArraySlice<Double> {
        precondition(index >= 0 && index < columns.count, "column index out of range")
        let start = offset + index * base.rowCount
        return base.elements[start..<(start + rows.count)]
    }

    /// A sub-view with ranges relative to this view.
    public func view(rows subRows: Range<Int>? = nil, columns subColumns: Range<Int>? = nil) -> MatrixView {
        let r = subRows.map { (rows.lowerBound + $0.lowerBound)..<(rows.lowerBound + $0.upperBound) } ?? rows
        let c = subColumns.map { (columns.lowerBound + $0.lowerBound)..<(columns.lowerBound + $0.upperBound) } ?? columns
        precondition(r.upperBound <= rows.upperBound && c.upperBound <= columns.upperBound, "sub-view out of bounds")
        return MatrixView(base: base, rows: r, columns: c)
    }

    /// The viewed block as a new matrix (copies).
    public func copy() -> Matrix {
        if rows.count == base.rowCount && columns.count == base.columnCount { return base }
        var out: [Double] = []
        out.reserveCapacity(rows.count * columns.count)
        for j in 0..<columns.count { out.append(contentsOf: column(j)) }
        return Matrix(rowCount: rows.count, columnCount: columns.count, columnMajorElements: out)
    }

    /// Calls `body` with a pointer to element (0, 0) of the view (nil for an empty matrix) and the
    /// leading dimension (at least 1, as BLAS requires).
    public func withUnsafeBaseAddress<Result>(_ body: (UnsafePointer<Double>?, Int) throws -> Result) rethrows -> Result {
        try base.elements.withUnsafeBufferPointer { buffer in
            try body(buffer.baseAddress.map { $0 + offset }, max(1, base.rowCount))
        }
    }
}
