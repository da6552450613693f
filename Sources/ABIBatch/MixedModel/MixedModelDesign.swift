/// The data of a linear mixed model with one grouping factor (or two nested ones), ready for
/// fitting: the fixed-effects design X, the response y, the random-effects columns Z (q per row)
/// and the group of each row (and the outer group of each group).
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
    /// Nested terms: the outer factor's levels (sorted as `groupLabels` are), and the outer level
    /// of each group; the groups are then `inner:outer` combinations (lme4's labels), sorted by
    /// outer level, then inner. Empty for one grouping factor.
    public var outerGroupLabels: [String] = []
    public var outerOfGroup: [Int] = []
    /// Nested terms: the inner factor's level (its index in the sorted inner labels) of each group.
    public var innerLevelOfGroup: [Int] = []
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
        for name in random.groupingColumns where data.columns[name] == nil { throw BatchError.unknownColumn(name) }
        for slope in random.slopeColumns {
            guard let column = data.columns[slope] else { throw BatchError.unknownColumn(slope) }
            guard case .numeric = column else {
                throw BatchError.invalidColumnUse(column: slope, reason: "a random slope needs a numeric column")
            }
        }
        let design = try formula.fixed.design(data: data, referenceLevels: referenceLevels,
                                              alsoRequired: random.groupingColumns + random.slopeColumns)
        // Missing values per variable over all input rows.
        var names = formula.fixed.variableNames
        names.formUnion(random.groupingColumns)
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
        func factorLevels(of name: String) -> (labels: [String], levels: [String]) {
            switch data.columns[name]! {
            case .categorical(let values):
                let labels = rows.map { values[$0] }
                return (labels, Set(labels).sorted())
            case .numeric(let values):
                let labels = rows.map { FormulaEvaluator.levelLabel(values[$0]) }
                return (labels, Set(labels).sorted { (Double($0) ?? .infinity) < (Double($1) ?? .infinity) })
            }
        }
        let (innerLabels, innerLevels) = factorLevels(of: random.groupingColumn)
        let levels: [String]
        let groupOfRow: [Int]
        var outerLevels: [String] = [], outerOfGroup: [Int] = [], innerLevelOfGroup: [Int] = []
        if let outerName = random.outerGroupingColumn {
            let (outerLabels, sortedOuter) = factorLevels(of: outerName)
            outerLevels = sortedOuter
            var outerIndex: [String: Int] = [:], innerIndex: [String: Int] = [:]
            for (i, level) in sortedOuter.enumerated() { outerIndex[level] = i }
            for (i, level) in innerLevels.enumerated() { innerIndex[level] = i }
            // A subject is its label within its site: "S1:A" (lme4's subject:site), by site, then subject.
            var pairs = Set<[Int]>()
            var pairOfRow: [[Int]] = []
            pairOfRow.reserveCapacity(rows.count)
            for r in rows.indices {
                let pair = [outerIndex[outerLabels[r]]!, innerIndex[innerLabels[r]]!]
                pairs.insert(pair)
                pairOfRow.append(pair)
            }
            let ordered = pairs.sorted { $0[0] != $1[0] ? $0[0] < $1[0] : $0[1] < $1[1] }
            levels = ordered.map { "\(innerLevels[$0[1]]):\(sortedOuter[$0[0]])" }
            outerOfGroup = ordered.map { $0[0] }
            innerLevelOfGroup = ordered.map { $0[1] }
            // By the pair, not the joined label: "a:b" in site "c" is not "a" in site "b:c".
            var indexOfPair: [[Int]: Int] = [:]
            for (i, pair) in ordered.enumerated() { indexOfPair[pair] = i }
            groupOfRow = pairOfRow.map { indexOfPair[$0]! }
        } else {
            levels = innerLevels
            var indexOfLevel: [String: Int] = [:]
            for (i, level) in levels.enumerated() { indexOfLevel[level] = i }
            groupOfRow = innerLabels.map { indexOfLevel[$0]! }
        }
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
        self.groupOfRow = groupOfRow
        self.outerGroupLabels = outerLevels
        self.outerOfGroup = outerOfGroup
        self.innerLevelOfGroup = innerLevelOfGroup
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
