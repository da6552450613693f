/// A column of input data: numbers (NaN = missing) or categories ("" = missing).
public enum DataColumn: Sendable, Equatable {
    /// Numeric values; NaN marks a missing value.
    case numeric([Double])
    /// Category labels; the empty string marks a missing value.
    case categorical([String])

    /// Number of rows.
    public var count: Int {
        switch self {
        case .numeric(let values): values.count
        case .categorical(let values): values.count
        }
    }
}

/// Named columns of equal length, the input to `RegressionFormula.design(data:)`.
public struct DataTable: Sendable {
    /// The columns by name (names are case-sensitive).
    public var columns: [String: DataColumn]

    /// Creates a table; every column must have the same number of rows.
    public init(_ columns: [String: DataColumn]) throws {
        let counts = Set(columns.values.map(\.count))
        if counts.count > 1, let low = counts.min(), let high = counts.max() {
            throw BatchError.dimensionMismatch(what: "column lengths", expected: high, actual: low)
        }
        self.columns = columns
    }

    /// Number of rows (0 for a table without columns).
    public var rowCount: Int { columns.values.first?.count ?? 0 }
}

/// A model formula in the Wilkinson-Rogers notation as R and patsy read it
/// (Wilkinson & Rogers 1973, Applied Statistics 22:392; Chambers & Hastie 1992, *Statistical
/// Models in S*, ch. 2): `y ~ x1 + x2 + group + x1:x2 + x1*x2 + poly(t, 3) + I(x^2) + log(x)`.
///
/// - `a:b` is the interaction (products of the columns of a and b), `a*b` is `a + b + a:b`,
///   `- term` removes a term, `- 1` or `+ 0` removes the intercept, `+ 1` keeps it.
/// - Categorical columns are factors in treatment coding against a reference level (default: the
///   first level in sorted order, as R does; `referenceLevels` overrides), named `g[T.level]` as
///   patsy does. In a model without intercept the first factor main effect gets all its levels
///   (`g[level]`). Levels are those present in the rows used. Every factor in an interaction is
///   treatment coded too; R's rule of full coding for a factor whose main effect is absent (as in
///   `x:g` without `g`) is not implemented, so such models span a smaller space than in R.
/// - `poly(x, d)` is R's default: orthogonal polynomials of degree 1...d, computed on the rows used
///   (QR of the centred Vandermonde matrix, columns Q_j R_jj normalised to unit length);
///   `poly(x, d, raw = TRUE)` gives x, x^2, ..., x^d. Named `poly(x, d)[k]`.
/// - `factor(x)` (or patsy's `C(x)`) treats a numeric column as a factor: levels sorted
///   numerically and labelled as R prints them (`factor(k)[T.2]`); its reference level is set
///   under the key `factor(k)`.
/// - `I(expr)` evaluates arithmetic (`+ - * / ^`, numbers, numeric columns); `log`, `log2`,
///   `log10`, `exp`, `sqrt`, `abs` apply elementwise. Computed columns are evaluated in
///   extended precision and keep their rounding error as a design correction (see
///   `LeastSquares.fit(design:designCorrection:response:options:)`).
/// - Terms are ordered by interaction order (main effects, then two-way, ...), first appearance
///   within an order; the intercept comes first and is named `Intercept`.
///
/// Missing values: a row is dropped when any variable the model uses is NaN (numeric), "" (categorical),
/// or evaluates to NaN (for example `log(-1)`); the count is reported. An infinite value is an error.
public struct RegressionFormula: Sendable, Equatable {
    /// The formula text as given.
    public let text: String
    /// The response expression (left of `~`).
    let response: FormulaExpression
    /// The terms, each a set of variables (one for a main effect, several for an interaction).
    let terms: [[FormulaExpression]]
    /// Whether the model has an intercept.
    public let hasIntercept: Bool

    /// Parses a formula.
    /// - Throws: `BatchError.formulaSyntax` with the character offset, what was expected and what was found.
    public init(_ text: String) throws {
        var parser = FormulaParser(text)
        let parsed = try parser.parseFormula()
        self.text = text
        self.response = parsed.response
        self.terms = parsed.terms
        self.hasIntercept = parsed.intercept
    }

    /// Names of the terms (before expansion into columns), in model order, e.g. `["x1", "group", "x1:x2"]`.
    public var termLabels: [String] { terms.map { $0.map(\.rendered).joined(separator: ":") } }

    /// The terms as formula text that parses back to the same terms: like ``termLabels``, with a
    /// column name that is not a plain name (`ankle flow`, `1st`) in backticks, as R writes it.
    public var termFormulaTexts: [String] { terms.map { $0.map { $0.rendered(quotingNames: true) }.joined(separator: ":") } }

    /// Columns of the data the formula reads.
    public var variableNames: Set<String> {
        var names = response.columnNames
        for term in terms { for v in term { names.formUnion(v.columnNames) } }
        return names
    }
}

/// An expression in a formula: a column, a number, a function call or arithmetic.
indirect enum FormulaExpression: Sendable, Equatable, Hashable {
    case column(String)
    case number(Double)
    case call(String, [FormulaExpression], raw: Bool)
    case binary(Character, FormulaExpression, FormulaExpression)
    case negate(FormulaExpression)

    var columnNames: Set<String> {
        switch self {
        case .column(let name): [name]
        case .number: []
        case .call(_, let arguments, _): arguments.reduce(into: Set<String>()) { $0.formUnion($1.columnNames) }
        case .binary(_, let a, let b): a.columnNames.union(b.columnNames)
        case .negate(let a): a.columnNames
        }
    }

    /// Canonical text used in column names: `I(x^2)`, `log(x)`, `poly(t, 3)`.
    var rendered: String { rendered(quotingNames: false) }

    /// Whether `name` reads back as one name token without backticks.
    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" || first == "." else { return false }
        if first == ".", name.dropFirst().first?.isNumber == true { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    }

    func rendered(quotingNames: Bool) -> String {
        switch self {
        case .column(let name):
            return quotingNames && !Self.isPlainName(name) ? "`" + name + "`" : name
        case .number(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .call(let name, let arguments, let raw):
            return name + "(" + arguments.map { $0.rendered(quotingNames: quotingNames) }.joined(separator: ", ")
                + (raw ? ", raw = TRUE" : "") + ")"
        case .binary(let op, let a, let b):
            return a.renderedOperand(quotingNames) + String(op) + b.renderedOperand(quotingNames)
        case .negate(let a): return "-" + a.renderedOperand(quotingNames)
        }
    }

    private func renderedOperand(_ quotingNames: Bool) -> String {
        if case .binary = self { return "(" + rendered(quotingNames: quotingNames) + ")" }
        return rendered(quotingNames: quotingNames)
    }
}

/// Recursive-descent parser for formulas.
struct FormulaParser {
    enum Token: Equatable {
        case name(String), number(Double), symbol(Character), end
        var description: String {
            switch self {
            case .name(let n): "'\(n)'"
            case .number(let v): "number \(v)"
            case .symbol(let c): "'\(c)'"
            case .end: "end of formula"
            }
        }
    }

    /// Most terms a formula may expand to. `a*b*c*...` doubles the terms with every factor, so
    /// twenty factors would be a million terms; no design that size is fitted by a linear model.
    static let maximumTermCount = 1024

    /// A list of terms with the intercept setting (nil: not mentioned).
    struct TermList {
        var terms: [[FormulaExpression]] = []
        var intercept: Bool?
    }

    let characters: [Character]
    var tokens: [(Token, Int)] = []
    var index = 0

    init(_ text: String) { characters = Array(text) }

    mutating func tokenize() throws {
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c.isWhitespace { i += 1; continue }
            if c == "`" {
                let start = i
                i += 1
                var name = ""
                while i < characters.count && characters[i] != "`" { name.append(characters[i]); i += 1 }
                guard i < characters.count else {
                    throw BatchError.formulaSyntax(position: start, expected: "closing '`'", found: "end of formula")
                }
                i += 1
                tokens.append((.name(name), start))
            } else if c.isLetter || c == "_" || c == "." && !(i + 1 < characters.count && characters[i + 1].isNumber) {
                let start = i
                var name = ""
                while i < characters.count && (characters[i].isLetter || characters[i].isNumber || characters[i] == "_" || characters[i] == ".") {
                    name.append(characters[i]); i += 1
                }
                tokens.append((.name(name), start))
            } else if c.isNumber || c == "." {
                let start = i
                var text = ""
                while i < characters.count && (characters[i].isNumber || characters[i] == "." ||
                        ((characters[i] == "e" || characters[i] == "E") && i + 1 < characters.count &&
                         (characters[i + 1].isNumber || characters[i + 1] == "-" || characters[i + 1] == "+")) ||
                        ((characters[i] == "-" || characters[i] == "+") && (text.last == "e" || text.last == "E"))) {
                    text.append(characters[i]); i += 1
                }
                guard let value = Double(text) else {
                    throw BatchError.formulaSyntax(position: start, expected: "a number", found: "'\(text)'")
                }
                tokens.append((.number(value), start))
            } else if "~+-*:^/(),=".contains(c) {
                tokens.append((.symbol(c), i)); i += 1
            } else {
                throw BatchError.formulaSyntax(position: i, expected: "a name, number or one of ~ + - * : ^ / ( ) ,", found: "'\(c)'")
            }
        }
        tokens.append((.end, characters.count))
    }

    var current: Token { tokens[index].0 }
    var position: Int { tokens[index].1 }

    mutating func expect(_ symbol: Character, _ what: String) throws {
        guard current == .symbol(symbol) else {
            throw BatchError.formulaSyntax(position: position, expected: what, found: current.description)
        }
        index += 1
    }

    mutating func parseFormula() throws -> (response: FormulaExpression, terms: [[FormulaExpression]], intercept: Bool) {
        try tokenize()
        if current == .end {
            throw BatchError.formulaSyntax(position: 0, expected: "a formula such as 'y ~ x'", found: "an empty formula")
        }
        let response = try parseArithmetic()
        try expect("~", "'~' after the response")
        let list = try parseSum()
        guard current == .end else {
            throw BatchError.formulaSyntax(position: position, expected: "'+', '-', '*', ':' or end of formula", found: current.description)
        }
        // Order by interaction order, first appearance within an order (R and patsy).
        let ordered = list.terms.enumerated().sorted { ($0.element.count, $0.offset) < ($1.element.count, $1.offset) }.map(\.element)
        if ordered.isEmpty && list.intercept == false {
            throw BatchError.formulaSyntax(position: characters.count, expected: "at least one term or the intercept", found: "an empty model")
        }
        return (response, ordered, list.intercept ?? true)
    }

    // sum := ['-'] product (('+' | '-') product)*
    mutating func parseSum() throws -> TermList {
        var list = TermList()
        var subtract = false
        if current == .symbol("-") { subtract = true; index += 1 }
        else if current == .symbol("+") { index += 1 }
        while true {
            let operand = try parseProduct()
            if subtract {
                if let intercept = operand.intercept { list.intercept = !intercept }
                let removed = Set(operand.terms.map { Set($0) })
                list.terms.removeAll { removed.contains(Set($0)) }
            } else {
                if let intercept = operand.intercept { list.intercept = intercept }
                var seen = Set(list.terms.map { Set($0) })
                for term in operand.terms where seen.insert(Set(term)).inserted { list.terms.append(term) }
            }
            if current == .symbol("+") { subtract = false; index += 1 }
            else if current == .symbol("-") { subtract = true; index += 1 }
            else { return list }
        }
    }

    // product := interaction ('*' interaction)*
    mutating func parseProduct() throws -> TermList {
        var left = try parseInteraction()
        while current == .symbol("*") {
            let at = position
            index += 1
            let right = try parseInteraction()
            guard left.intercept == nil, right.intercept == nil else {
                throw BatchError.formulaSyntax(position: at, expected: "terms on both sides of '*'", found: "an intercept (0 or 1)")
            }
            try FormulaParser.checkExpansion(left.terms.count + right.terms.count + left.terms.count * right.terms.count, at: at)
            var combined = left
            var seen = Set(left.terms.map { Set($0) })
            for term in right.terms where seen.insert(Set(term)).inserted { combined.terms.append(term) }
            for a in left.terms {
                for b in right.terms {
                    let product = FormulaParser.merge(a, b)
                    if seen.insert(Set(product)).inserted { combined.terms.append(product) }
                }
            }
            left = combined
        }
        return left
    }

    static func checkExpansion(_ termCount: Int, at position: Int) throws {
        guard termCount <= maximumTermCount else {
            throw BatchError.formulaSyntax(position: position, expected: "a model of at most \(maximumTermCount) terms",
                                           found: "an expansion to \(termCount) terms")
        }
    }

    static func merge(_ a: [FormulaExpression], _ b: [FormulaExpression]) -> [FormulaExpression] {
        var out = a
        for v in b where !out.contains(v) { out.append(v) }
        return out
    }

    // interaction := atom (':' atom)*
    mutating func parseInteraction() throws -> TermList {
        var left = try parseAtom()
        while current == .symbol(":") {
            let at = position
            index += 1
            let right = try parseAtom()
            guard left.intercept == nil, right.intercept == nil else {
                throw BatchError.formulaSyntax(position: at, expected: "terms on both sides of ':'", found: "an intercept (0 or 1)")
            }
            try FormulaParser.checkExpansion(left.terms.count * right.terms.count, at: at)
            var combined = TermList()
            for a in left.terms { for b in right.terms { combined.terms.append(FormulaParser.merge(a, b)) } }
            left = combined
        }
        return left
    }

    // atom := '(' sum ')' | 0 | 1 | variable
    mutating func parseAtom() throws -> TermList {
        switch current {
        case .symbol("("):
            index += 1
            let inner = try parseSum()
            try expect(")", "')'")
            return inner
        case .number(let value):
            guard value == 0 || value == 1 else {
                throw BatchError.formulaSyntax(position: position, expected: "0 or 1 (intercept), or a term", found: current.description)
            }
            index += 1
            var list = TermList()
            list.intercept = value == 1
            return list
        case .name:
            let variable = try parseVariable()
            return TermList(terms: [[variable]], intercept: nil)
        default:
            throw BatchError.formulaSyntax(position: position, expected: "a term (column name, function call, 0 or 1)", found: current.description)
        }
    }

    static let functions: Set<String> = ["log", "log2", "log10", "exp", "sqrt", "abs", "I", "poly", "factor", "C"]

    // variable := name | name '(' arguments ')'
    mutating func parseVariable() throws -> FormulaExpression {
        guard case .name(let name) = current else {
            throw BatchError.formulaSyntax(position: position, expected: "a column name", found: current.description)
        }
        let namePosition = position
        index += 1
        guard current == .symbol("(") else { return .column(name) }
        guard FormulaParser.functions.contains(name) else {
            throw BatchError.formulaSyntax(position: namePosition, expected: "one of the functions log, log2, log10, exp, sqrt, abs, I, poly, factor, C",
                                           found: "'\(name)('")
        }
        index += 1
        if name == "poly" {
            guard case .name(let column) = current else {
                throw BatchError.formulaSyntax(position: position, expected: "a column name as poly's first argument", found: current.description)
            }
            index += 1
            try expect(",", "',' and the degree in poly(x, degree)")
            guard case .number(let degree) = current, degree >= 1, degree == degree.rounded(), degree <= 20 else {
                throw BatchError.formulaSyntax(position: position, expected: "a whole degree from 1 to 20", found: current.description)
            }
            index += 1
            var raw = false
            if current == .symbol(",") {
                index += 1
                guard current == .name("raw") else {
                    throw BatchError.formulaSyntax(position: position, expected: "'raw = TRUE' or 'raw = FALSE'", found: current.description)
                }
                index += 1
                try expect("=", "'=' after raw")
                switch current {
                case .name("TRUE"), .name("True"), .name("true"): raw = true
                case .name("FALSE"), .name("False"), .name("false"): raw = false
                default:
                    throw BatchError.formulaSyntax(position: position, expected: "TRUE or FALSE", found: current.description)
                }
                index += 1
            }
            try expect(")", "')' closing poly(")
            return .call("poly", [.column(column), .number(degree)], raw: raw)
        }
        let argument = try parseArithmetic()
        try expect(")", "')' closing \(name)(")
        return .call(name, [argument], raw: false)
    }

    // Arithmetic inside I() and other calls, and on the left of '~'.
    // arithmetic := term (('+'|'-') term)*; term := power (('*'|'/') power)*; power := unary ('^' power)?
    mutating func parseArithmetic() throws -> FormulaExpression {
        var left = try parseArithmeticTerm()
        while case .symbol(let op) = current, op == "+" || op == "-" {
            index += 1
            left = .binary(op, left, try parseArithmeticTerm())
        }
        return left
    }

    mutating func parseArithmeticTerm() throws -> FormulaExpression {
        var left = try parsePower()
        while case .symbol(let op) = current, op == "*" || op == "/" {
            index += 1
            left = .binary(op, left, try parsePower())
        }
        return left
    }

    mutating func parsePower() throws -> FormulaExpression {
        let base = try parseUnary()
        if current == .symbol("^") {
            index += 1
            return .binary("^", base, try parsePower())
        }
        return base
    }

    mutating func parseUnary() throws -> FormulaExpression {
        switch current {
        case .symbol("-"):
            index += 1
            return .negate(try parseUnary())
        case .symbol("("):
            index += 1
            let inner = try parseArithmetic()
            try expect(")", "')'")
            return inner
        case .number(let value):
            index += 1
            return .number(value)
        case .name:
            return try parseVariable()
        default:
            throw BatchError.formulaSyntax(position: position, expected: "a number, column name or '('", found: current.description)
        }
    }
}
