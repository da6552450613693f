import ABIStatistics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RegressionFormula {
    /// Reference-level keys as the formula's variables are rendered: a key naming a variable
    /// (`arm`, `factor(arm)`, `C(arm)`) is kept; a plain column name `k` used only inside
    /// `factor(k)` or `C(k)` is read as that term, so `--reference arm=control` works for
    /// `factor(arm)`. A key naming no variable, or a column wrapped both ways, throws.
    static func resolveReferenceKeys(_ levels: [String: String], variableNames: Set<String>) throws -> [String: String] {
        var resolved: [String: String] = [:]
        for (key, level) in levels {
            var target = key
            if !variableNames.contains(key) {
                let wrapped = ["factor(\(key))", "C(\(key))"].filter(variableNames.contains)
                guard wrapped.count == 1 else { throw BatchError.unknownColumn(key) }
                target = wrapped[0]
            }
            if let earlier = resolved[target], earlier != level {
                throw BatchError.invalidColumnUse(column: target, reason: "two different reference levels given ('\(earlier)' and '\(level)')")
            }
            resolved[target] = level
        }
        return resolved
    }

    /// Builds the design matrix and response from named columns.
    ///
    /// - Parameters:
    ///   - data: the columns; numeric NaN and categorical "" are missing.
    ///   - referenceLevels: reference level per factor, keyed by the column name or by `factor(k)`
    ///     (a bare `k` also selects the `factor(k)` or `C(k)` term; default: first level in sorted order).
    ///   - alsoRequired: further columns whose missing values drop a row (for example the cluster id).
    /// - Throws: `BatchError.unknownColumn`, `.invalidColumnUse` (a factor in arithmetic, a
    ///   non-numeric response, an infinite value, too few distinct points for `poly`),
    ///   `.unknownReferenceLevel`, `.tooFewObservations` when no complete row remains.
    public func design(data: DataTable, referenceLevels: [String: String] = [:], alsoRequired: [String] = []) throws -> RegressionDesign {
        let rowCount = data.rowCount
        var evaluator = FormulaEvaluator(data: data)
        var missing = [Bool](repeating: false, count: rowCount)

        let responseValues = try evaluator.evaluate(response)
        guard case .numeric(let yColumn) = responseValues else {
            throw BatchError.invalidColumnUse(column: response.rendered, reason: "the response must be numeric")
        }
        try FormulaEvaluator.markMissing(responseValues, name: response.rendered, into: &missing)

        var variables: [FormulaExpression: EvaluatedVariable] = [:]
        for term in terms {
            for variable in term where variables[variable] == nil {
                let value = try evaluator.evaluate(variable)
                try FormulaEvaluator.markMissing(value, name: variable.rendered, into: &missing)
                variables[variable] = value
            }
        }
        for name in alsoRequired {
            guard let column = data.columns[name] else { throw BatchError.unknownColumn(name) }
            switch column {
            case .numeric(let values): for (i, v) in values.enumerated() where v.isNaN { missing[i] = true }
            case .categorical(let values): for (i, v) in values.enumerated() where v.isEmpty { missing[i] = true }
            }
        }
        let factorNames = Set(terms.joined().map(\.rendered))
        let referenceLevels = try Self.resolveReferenceKeys(referenceLevels, variableNames: factorNames)

        let kept = (0..<rowCount).filter { !missing[$0] }
        guard !kept.isEmpty else { throw BatchError.tooFewObservations(needed: 1, available: 0) }
        let n = kept.count

        // Column blocks per variable on the kept rows; plain numeric columns are copied, only computed
        // columns and interactions carry a low-order part.
        var columns: [SplitColumn] = []
        var names: [String] = []
        var termOfColumn: [Int] = []
        if hasIntercept {
            columns.append(SplitColumn(high: [Double](repeating: 1, count: n), low: nil))
            names.append("Intercept")
            termOfColumn.append(-1)
        }
        var fullCodingUsed = false
        for (termIndex, term) in terms.enumerated() {
            var blockColumns: [SplitColumn] = []
            var blockNames: [String] = []
            for (position, variable) in term.enumerated() {
                guard let value = variables[variable] else { continue }
                let fullCoding = !hasIntercept && !fullCodingUsed && term.count == 1
                let (varColumns, varNames) = try FormulaEvaluator.columns(
                    of: value, name: variable.rendered, rows: kept, reference: referenceLevels[variable.rendered], fullCoding: fullCoding)
                if case .categorical = value, fullCoding { fullCodingUsed = true }
                if position == 0 {
                    blockColumns = varColumns
                    blockNames = varNames
                    continue
                }
                var nextColumns: [SplitColumn] = []
                var nextNames: [String] = []
                for (a, aName) in zip(blockColumns, blockNames) {
                    for (b, bName) in zip(varColumns, varNames) {
                        nextColumns.append(SplitColumn(a.extended.enumerated().map { $0.element * b.extended($0.offset) }))
                        nextNames.append(aName + ":" + bName)
                    }
                }
                blockColumns = nextColumns
                blockNames = nextNames
            }
            columns.append(contentsOf: blockColumns)
            names.append(contentsOf: blockNames)
            termOfColumn.append(contentsOf: [Int](repeating: termIndex, count: blockColumns.count))
        }

        var high = [Double]()
        high.reserveCapacity(n * columns.count)
        let needsCorrection = columns.contains { $0.low != nil }
        var low = needsCorrection ? [Double](repeating: 0, count: n * columns.count) : []
        for (j, column) in columns.enumerated() {
            if let bad = column.high.firstIndex(where: { !$0.isFinite }) {
                throw BatchError.nonFiniteColumnValue(column: names[j], value: Double(column.high[bad]), row: kept[bad])
            }
            high.append(contentsOf: column.high)
            if let l = column.low { for i in 0..<n { low[i + j * n] = l[i] } }
        }
        return RegressionDesign(
            model: text, matrix: Matrix(rowCount: n, columnCount: columns.count, columnMajorElements: high),
            correction: needsCorrection ? Matrix(rowCount: n, columnCount: columns.count, columnMajorElements: low) : nil,
            termNames: names, hasIntercept: hasIntercept, response: kept.map { yColumn.high[$0] },
            responseName: response.rendered, rowIndices: kept, droppedRowCount: rowCount - n, termOfColumn: termOfColumn)
    }
}

extension LinearRegression {
    /// Parses `formula`, builds the design from `data` (dropping incomplete rows) and fits it.
    ///
    /// - Parameters:
    ///   - formula: an R-style formula such as `abi ~ age + sex`.
    ///   - data: the columns the formula names.
    ///   - covarianceType: the coefficient covariance estimator (classical, HC0-HC3, cluster).
    ///   - referenceLevels: reference level per factor (default: the first level in sorted order).
    ///   - options: least-squares settings (``LeastSquaresOptions``).
    ///   - clusterColumn: column of cluster ids (numeric or categorical) for `.cluster`; rows where it
    ///     is missing are dropped with the others.
    /// - Throws: `BatchError` from parsing, design building or fitting.
    public static func fit(formula: String, data: DataTable, covarianceType: MultipleRegressionResult.CovarianceType = .classical,
                           clusterColumn: String? = nil, referenceLevels: [String: String] = [:],
                           options: LeastSquaresOptions = .init()) throws -> MultipleRegressionResult {
        let parsed = try RegressionFormula(formula)
        let design = try parsed.design(data: data, referenceLevels: referenceLevels, alsoRequired: clusterColumn.map { [$0] } ?? [])
        var clusters: [String]? = nil
        if let clusterColumn, let column = data.columns[clusterColumn] {
            switch column {
            case .numeric(let values): clusters = design.rowIndices.map { String(values[$0]) }
            case .categorical(let values): clusters = design.rowIndices.map { values[$0] }
            }
        }
        return try fit(design, covarianceType: covarianceType, clusters: clusters, options: options)
    }
}

/// A column as Double values plus, for computed columns, the remainder the Double rounding lost.
struct SplitColumn {
    var high: [Double]
    var low: [Double]?

    init(high: [Double], low: [Double]?) {
        self.high = high
        self.low = low
    }

    /// Splits extended-precision values into high and low parts (low nil when all are exact).
    init(_ values: [ExtendedDouble]) {
        high = values.map { Double($0) }
        var remainder = [Double](repeating: 0, count: values.count)
        var exact = true
        for (i, v) in values.enumerated() where high[i].isFinite {
            let r = Double(v - ExtendedDouble(high[i]))
            if r != 0 { remainder[i] = r; exact = false }
        }
        low = exact ? nil : remainder
    }

    /// Values in extended precision (high + low).
    var extended: [ExtendedDouble] {
        guard let low else { return high.map { ExtendedDouble($0) } }
        return zip(high, low).map { ExtendedDouble($0) + ExtendedDouble($1) }
    }

    func extended(_ i: Int) -> ExtendedDouble {
        ExtendedDouble(high[i]) + ExtendedDouble(low?[i] ?? 0)
    }
}

/// A variable of a formula evaluated on every input row.
enum EvaluatedVariable {
    case numeric(SplitColumn)
    /// Labels; `numericLevels` when they came from numbers (levels then sort numerically, as R's `factor`).
    case categorical([String], numericLevels: Bool = false)
    case polynomial(x: [Double], degree: Int, raw: Bool)
}

struct FormulaEvaluator {
    let data: DataTable

    mutating func evaluate(_ expression: FormulaExpression) throws -> EvaluatedVariable {
        switch expression {
        case .column(let name):
            guard let column = data.columns[name] else { throw BatchError.unknownColumn(name) }
            switch column {
            case .numeric(let values): return .numeric(SplitColumn(high: values, low: nil))
            case .categorical(let values): return .categorical(values)
            }
        case .call("poly", let arguments, let raw):
            guard arguments.count == 2, case .column(let name) = arguments[0], case .number(let degree) = arguments[1] else {
                throw BatchError.invalidColumnUse(column: expression.rendered, reason: "poly needs a column and a degree")
            }
            guard let column = data.columns[name] else { throw BatchError.unknownColumn(name) }
            guard case .numeric(let x) = column else {
                throw BatchError.invalidColumnUse(column: name, reason: "poly() needs a numeric column")
            }
            return .polynomial(x: x, degree: Int(degree), raw: raw)
        case .call(let function, let arguments, _) where function == "factor" || function == "C":
            guard let argument = arguments.first else {
                throw BatchError.invalidColumnUse(column: expression.rendered, reason: "missing argument")
            }
            if case .column(let name) = argument, case .categorical(let values)? = data.columns[name] {
                return .categorical(values)
            }
            // Numbers become levels labelled like R: whole numbers without a decimal point; NaN is missing.
            let values = try arithmetic(argument)
            return .categorical(values.map { FormulaEvaluator.levelLabel(Double($0)) }, numericLevels: true)
        default:
            return .numeric(SplitColumn(try arithmetic(expression)))
        }
    }

    /// Level label of a number, as R's `factor` prints it: whole numbers without a decimal point.
    static func levelLabel(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    func arithmetic(_ expression: FormulaExpression) throws -> [ExtendedDouble] {
        let n = data.rowCount
        switch expression {
        case .column(let name):
            guard let column = data.columns[name] else { throw BatchError.unknownColumn(name) }
            guard case .numeric(let values) = column else {
                throw BatchError.invalidColumnUse(column: name, reason: "a categorical column cannot be used in arithmetic or functions")
            }
            return values.map { ExtendedDouble($0) }
        case .number(let value):
            return [ExtendedDouble](repeating: ExtendedDouble(value), count: n)
        case .negate(let a):
            return try arithmetic(a).map { -$0 }
        case .binary(let op, let a, let b):
            let left = try arithmetic(a)
            if op == "^", case .number(let exponent) = b, exponent == exponent.rounded(), abs(exponent) <= 64 {
                // Integer powers by repeated multiplication in extended precision.
                let k = Int(abs(exponent))
                return left.map { x in
                    var product: ExtendedDouble = 1
                    for _ in 0..<k { product *= x }
                    return exponent < 0 ? 1 / product : product
                }
            }
            let right = try arithmetic(b)
            switch op {
            case "+": return zip(left, right).map { $0 + $1 }
            case "-": return zip(left, right).map { $0 - $1 }
            case "*": return zip(left, right).map { $0 * $1 }
            case "/": return zip(left, right).map { $0 / $1 }
            default: return zip(left, right).map { FormulaEvaluator.power($0, $1) }
            }
        case .call(let name, let arguments, _):
            guard let first = arguments.first else {
                throw BatchError.invalidColumnUse(column: expression.rendered, reason: "missing argument")
            }
            let values = try arithmetic(first)
            switch name {
            case "I": return values
            case "log": return values.map { FormulaEvaluator.naturalLog($0) }
            case "log2": return values.map { FormulaEvaluator.naturalLog($0) / FormulaEvaluator.naturalLog(2) }
            case "log10": return values.map { FormulaEvaluator.naturalLog($0) / FormulaEvaluator.naturalLog(10) }
            case "exp": return values.map { FormulaEvaluator.exponential($0) }
            case "sqrt": return values.map { $0 < 0 ? .nan : $0.squareRoot() }
            case "abs": return values.map { abs($0) }
            default:
                throw BatchError.invalidColumnUse(column: expression.rendered, reason: "unknown function \(name)")
            }
        }
    }

    static func naturalLog(_ x: ExtendedDouble) -> ExtendedDouble {
        #if canImport(Glibc) && arch(x86_64)
        return x < 0 ? .nan : logl(x)
        #else
        return x < 0 ? .nan : ExtendedDouble(log(Double(x)))
        #endif
    }

    static func exponential(_ x: ExtendedDouble) -> ExtendedDouble {
        #if canImport(Glibc) && arch(x86_64)
        return expl(x)
        #else
        return ExtendedDouble(exp(Double(x)))
        #endif
    }

    static func power(_ x: ExtendedDouble, _ y: ExtendedDouble) -> ExtendedDouble {
        #if canImport(Glibc) && arch(x86_64)
        return powl(x, y)
        #else
        return ExtendedDouble(pow(Double(x), Double(y)))
        #endif
    }

    static func markMissing(_ value: EvaluatedVariable, name: String, into missing: inout [Bool]) throws {
        switch value {
        case .numeric(let column):
            for (i, v) in column.high.enumerated() {
                if v.isNaN { missing[i] = true } else if v.isInfinite {
                    throw BatchError.nonFiniteColumnValue(column: name, value: Double(v), row: i)
                }
            }
        case .categorical(let values, _):
            for (i, v) in values.enumerated() where v.isEmpty { missing[i] = true }
        case .polynomial(let x, _, _):
            for (i, v) in x.enumerated() {
                if v.isNaN { missing[i] = true } else if v.isInfinite {
                    throw BatchError.nonFiniteColumnValue(column: name, value: Double(v), row: i)
                }
            }
        }
    }

    /// The design columns of one variable on the kept rows, with their names.
    static func columns(of value: EvaluatedVariable, name: String, rows: [Int], reference: String?,
                        fullCoding: Bool) throws -> ([SplitColumn], [String]) {
        switch value {
        case .numeric(let column):
            let all = rows.count == column.high.count
            return ([SplitColumn(high: all ? column.high : rows.map { column.high[$0] },
                                 low: column.low.map { low in all ? low : rows.map { low[$0] } })], [name])
        case .categorical(let labels, let numericLevels):
            let used = rows.map { labels[$0] }
            let levels = numericLevels
                ? Set(used).sorted { (Double($0) ?? .infinity) < (Double($1) ?? .infinity) }
                : Set(used).sorted()
            if let reference, !levels.contains(reference) {
                throw BatchError.unknownReferenceLevel(column: name, level: reference)
            }
            let referenceLevel = reference ?? levels.first ?? ""
            let coded = fullCoding ? [referenceLevel] + levels.filter { $0 != referenceLevel } : levels.filter { $0 != referenceLevel }
            let columns = coded.map { level in SplitColumn(high: used.map { $0 == level ? 1.0 : 0.0 }, low: nil) }
            let names = coded.map { fullCoding ? "\(name)[\($0)]" : "\(name)[T.\($0)]" }
            return (columns, names)
        case .polynomial(let x, let degree, let raw):
            let values = rows.map { x[$0] }
            let names = (1...degree).map { "\(name)[\($0)]" }
            if raw {
                let columns = (1...degree).map { k in
                    SplitColumn(values.map { v in
                        var product: ExtendedDouble = 1
                        for _ in 0..<k { product *= ExtendedDouble(v) }
                        return product
                    })
                }
                return (columns, names)
            }
            guard Set(values).count > degree else {
                throw BatchError.invalidColumnUse(column: name, reason: "degree \(degree) needs more than \(degree) distinct values")
            }
            let columns = try orthogonalPolynomial(values, degree: degree)
            return (columns.map { SplitColumn(high: $0, low: nil) }, names)
        }
    }

    /// R's `poly(x, degree)`: with V the centred Vandermonde matrix [1, xc, ..., xc^d] = Q R,
    /// columns 1...d of Q diag(R) scaled to unit length.
    static func orthogonalPolynomial(_ x: [Double], degree: Int) throws -> [[Double]] {
        let n = x.count, p = degree + 1
        let mean = Double(x.reduce(ExtendedDouble(0)) { $0 + ExtendedDouble($1) } / ExtendedDouble(n))
        var v = [Double](repeating: 0, count: n * p)
        for (i, value) in x.enumerated() {
            let centred = value - mean
            var power = 1.0
            for j in 0..<p { v[i + j * n] = power; power *= centred }
        }
        var tau = [Double](repeating: 0, count: p)
        try LAPACK.geqrf(m: n, n: p, a: &v, lda: n, tau: &tau)
        var z = [Double](repeating: 0, count: n * p)
        for j in 0..<p { z[j + j * n] = v[j + j * n] }
        try z.withUnsafeMutableBufferPointer { zp in
            if let base = zp.baseAddress {
                try LAPACK.ormqr(transpose: false, m: n, ncols: p, k: p, a: v, lda: n, tau: tau, c: base, ldc: n)
            }
        }
        return (1..<p).map { j in
            let column = Array(z[(j * n)..<((j + 1) * n)])
            let norm = column.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return column.map { $0 / norm }
        }
    }
}
