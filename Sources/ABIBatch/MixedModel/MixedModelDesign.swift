/// The data of a linear mixed model with one grouping factor, ready for fitting: the fixed-effects
/// design X, the response y, the random-effects columns Z (q per row) and the group of each row.
public struct MixedModelDesign: Sendable {
    /// The fixed-effects design and response (rows with a missing variable already dropped).
    public var fixed: RegressionDesign
    /// The random-effects term.
    public var random: RandomEffectsTerm
    /// Group labels in lme4's order (the grouping factor's levels: sorted as text, or numerically
    /// for a numeric column).
    public var groupLabels: [String]
    /// Index into `groupLabels` of each design row.
    public var groupOfRow: [Int]
    /// The random-effects columns, row-major: `randomColumns[row * q + k]` is effect k of that row
    /// (1 for the intercept, the slope column's value otherwise).
    public var randomColumns: [Double]
    /// Rows missing each variable the model uses (a row missing two variables counts in both),
    /// by variable name, sorted by name.
    public var missingByVariable: [MissingValueCount]

    /// Number of observations used.
    public var observationCount: Int { fixed.response.count }

    /// Builds the design: rows where the response, a fixed-effects variable, the grouping column or
    /// a random-slope column is missing are dropped and counted.
    /// - Throws: `BatchError` from the fixed formula; `.invalidColumnUse` for a non-numeric slope.
    public init(formula: MixedModelFormula, data: DataTable, referenceLevels: [String: String] = [:]) throws {
        let random = formula.random
        guard let groupColumn = data.columns[random.groupingColumn] else { throw BatchError.unknownColumn(random.groupingColumn) }
        for slope in random.slopeColumns {
            guard let column = data.columns[slope] else { throw BatchError.unknownColumn(slope) }
            guard case .numeric = column else {
                throw BatchError.invalidColumnUse(column: slope, reason: "a random slope needs a numeric column")
            }
        }
        let design = try formula.fixed.design(data: data, referenceLevels: referenceLevels,
                                              alsoRequired: [random.groupingColumn] + random.slopeColumns)
        // Missing values per variable over all input rows.
        var names = formula.fixed.variableNames
        names.insert(random.groupingColumn)
        names.formUnion(random.slopeColumns)
        var missing: [MissingValueCount] = []
        for name in names.sorted() {
            guard let column = data.columns[name] else { continue }
            let count: Int
            switch column {
            case .numeric(let values): count = values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
            case .categorical(let values): count = values.reduce(0) { $0 + ($1.isEmpty ? 1 : 0) }
            }
            if count > 0 { missing.append(MissingValueCount(variable: name, rowCount: count)) }
        }
        // Group labels of the kept rows, in the factor's level order.
        let rows = design.rowIndices
        let labels: [String]
        var levels: [String]
        switch groupColumn {
        case .categorical(let values):
            labels = rows.map { values[$0] }
            levels = Set(labels).sorted()
        case .numeric(let values):
            labels = rows.map { FormulaEvaluator.levelLabel(values[$0]) }
            levels = Set(labels).sorted { (Double($0) ?? .infinity) < (Double($1) ?? .infinity) }
        }
        var indexOfLevel: [String: Int] = [:]
        for (i, level) in levels.enumerated() { indexOfLevel[level] = i }
        let q = random.dimension
        var z = [Double](repeating: 1, count: rows.count * q)
        let offset = random.hasIntercept ? 1 : 0
        for (k, slope) in random.slopeColumns.enumerated() {
            guard case .numeric(let values)? = data.columns[slope] else { continue }
            for (r, row) in rows.enumerated() {
                let v = values[row]
                if !v.isFinite { throw BatchError.nonFiniteColumnValue(column: slope, value: v, row: row) }
                z[r * q + k + offset] = v
            }
        }
        self.fixed = design
        self.random = random
        self.groupLabels = levels
        self.groupOfRow = labels.map { indexOfLevel[$0]! }
        self.randomColumns = z
        self.missingByVariable = missing
    }
}

/// Rows of the input missing one variable of a model.
public struct MissingValueCount: Sendable, Equatable {
    /// The column name.
    public let variable: String
    /// Input rows where it is missing (NaN or an empty category).
    public let rowCount: Int

    public init(variable: String, rowCount: Int) {
        self.variable = variable
        self.rowCount = rowCount
    }
}
