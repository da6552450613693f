/// A row filter (`--where`) parsed from text and evaluated on loaded columns.
///
/// Grammar (keywords in any case; precedence from loosest: `or`, `and`, `not`, comparison):
///
///     filter     := or
///     or         := and ("or" and)*
///     and        := not ("and" not)*
///     not        := "not" not | primary
///     primary    := "(" filter ")" | operand comparison
///     comparison := ("==" | "!=" | "<" | "<=" | ">" | ">=") operand
///                 | ["not"] "in" "(" operand ("," operand)* ")"
///     operand    := column | number | string
///     column     := a name of letters, digits, "_" and "." (not starting with a digit), or `any text`
///     number     := decimal with "." (an optional sign and exponent): 0.9, -1, 1e-3
///     string     := 'text' or "text" (a doubled quote inside stands for itself)
///
/// Semantics: a comparison with a number compares numbers (a text cell that does not read as a
/// number is then missing); a comparison with a string compares text exactly. A missing cell
/// (blank, NA, unparsable number) makes every comparison on it false, `!=` included (as SQL's NULL
/// keeps no row), so `not (x == 1)` keeps the missing rows. Errors name the position, and
/// `RowFilterError.pointer(in:)` draws a caret under it, as the regression formula parser does.
public struct RowFilter: Sendable, Equatable {
    /// The filter text as given.
    public let text: String
    let root: Node

    indirect enum Node: Sendable, Equatable {
        case or(Node, Node)
        case and(Node, Node)
        case not(Node)
        case compare(Operand, ComparisonOperator, Operand, position: Int)
        case member(Operand, [Operand], negated: Bool, position: Int)
    }

    enum Operand: Sendable, Equatable {
        case column(String, position: Int)
        case number(Double)
        case string(String)
    }

    enum ComparisonOperator: String, Sendable, Equatable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    /// Parses `text`.
    /// - Throws: `RowFilterError` with the 0-based character position of the problem.
    public init(_ text: String) throws(RowFilterError) {
        self.text = text
        var parser = RowFilterParser(text: text)
        root = try parser.parseFilter()
    }

    /// The column names the filter reads, in order of first use.
    public var columnNames: [String] {
        var names: [String] = []
        forEachColumn { name, _ in if !names.contains(name) { names.append(name) } }
        return names
    }

    /// The rows of `columns` that pass, one Bool per row.
    /// - Throws: `RowFilterError.unknownColumn` when a column is not among `columns`.
    public func evaluate(_ columns: LoadedColumns) throws(RowFilterError) -> [Bool] {
        var bound: [String: LoadedColumn] = [:]
        for name in columnNames { bound[name] = columns[name] }
        return try evaluate(rowCount: columns.rowCount, columns: bound)
    }

    /// The rows that pass, for columns held elsewhere (each with at least `rowCount` values):
    /// numeric columns compare as numbers, categorical ones as text (or as numbers against a number).
    /// - Throws: `RowFilterError.unknownColumn` when a column the filter reads is not in `columns`.
    public func evaluate(rowCount: Int, columns: [String: LoadedColumn]) throws(RowFilterError) -> [Bool] {
        for name in columnNames where columns[name] == nil {
            throw RowFilterError.unknownColumn(name: name, position: position(of: name))
        }
        return (0..<rowCount).map { row in evaluate(root, row: row, columns: columns) }
    }

    private func position(of name: String) -> Int {
        var found = 0
        forEachColumn { column, position in if column == name { found = position } }
        return found
    }

    /// Calls `body` with every column operand (name, position in the text), in tree order.
    private func forEachColumn(_ body: (String, Int) -> Void) {
        func visit(_ operand: Operand) { if case .column(let name, let position) = operand { body(name, position) } }
        func visit(_ node: Node) {
            switch node {
            case .or(let a, let b), .and(let a, let b): visit(a); visit(b)
            case .not(let a): visit(a)
            case .compare(let a, _, let b, _): visit(a); visit(b)
            case .member(let a, let list, _, _): visit(a); list.forEach(visit)
            }
        }
        visit(root)
    }

    private enum Value { case number(Double), text(String), missing }

    private func value(_ operand: Operand, row: Int, columns: [String: LoadedColumn], numeric: Bool, decimalComma: Bool = false) -> Value {
        switch operand {
        case .number(let n): return .number(n)
        case .string(let s): return .text(s)
        case .column(let name, _):
            switch columns[name]! {
            case .numeric(let values):
                let v = values[row]
                return v.isNaN ? .missing : (numeric ? .number(v) : .text(Self.shortest(v)))
            case .categorical(let values):
                let cell = values[row]
                if cell.isEmpty { return .missing }
                if numeric {
                    // The numeric columns' parser: `inf`, `nan` and `0x10` are not numbers here either.
                    return DecimalNumberParser.parseDouble(cell, decimalMark: decimalComma ? .comma : .point)
                        .map { .number($0) } ?? .missing
                }
                return .text(cell)
            }
        }
    }

    private static func shortest(_ value: Double) -> String {
        String(shortestRoundTrip: value) ?? String(value)
    }

    private func isNumber(_ operand: Operand, columns: [String: LoadedColumn]) -> Bool? {
        switch operand {
        case .number: return true
        case .string: return false
        case .column(let name, _):
            if case .numeric = columns[name]! { return true }
            return nil
        }
    }

    /// One row of columns bound by name (every column the filter reads present).
    func evaluateRow(_ row: Int, columns: [String: LoadedColumn], decimalComma: Bool) -> Bool {
        evaluate(root, row: row, columns: columns, decimalComma: decimalComma)
    }

    private func evaluate(_ node: Node, row: Int, columns: [String: LoadedColumn], decimalComma: Bool = false) -> Bool {
        switch node {
        case .or(let a, let b): return evaluate(a, row: row, columns: columns, decimalComma: decimalComma) || evaluate(b, row: row, columns: columns, decimalComma: decimalComma)
        case .and(let a, let b): return evaluate(a, row: row, columns: columns, decimalComma: decimalComma) && evaluate(b, row: row, columns: columns, decimalComma: decimalComma)
        case .not(let a): return !evaluate(a, row: row, columns: columns, decimalComma: decimalComma)
        case .compare(let a, let op, let b, _):
            return compare(a, op, b, row: row, columns: columns, decimalComma: decimalComma)
        case .member(let a, let list, let negated, _):
            // Missing is false for both `in` and `not in`.
            if case .missing = value(a, row: row, columns: columns, numeric: isNumber(a, columns: columns) ?? false, decimalComma: decimalComma) { return false }
            let found = list.contains { compare(a, .equal, $0, row: row, columns: columns, decimalComma: decimalComma) }
            return negated ? !found : found
        }
    }

    private func compare(_ a: Operand, _ op: ComparisonOperator, _ b: Operand, row: Int, columns: [String: LoadedColumn],
                         decimalComma: Bool = false) -> Bool {
        // Numbers if either side is a number literal or both are numeric columns; else text.
        let kinds = (isNumber(a, columns: columns), isNumber(b, columns: columns))
        let numeric: Bool
        switch kinds {
        case (false, _), (_, false): numeric = false
        case (true, _), (_, true): numeric = true
        default: numeric = false
        }
        switch (value(a, row: row, columns: columns, numeric: numeric, decimalComma: decimalComma),
                value(b, row: row, columns: columns, numeric: numeric, decimalComma: decimalComma)) {
        case (.number(let x), .number(let y)):
            switch op {
            case .equal: return x == y
            case .notEqual: return x != y
            case .less: return x < y
            case .lessOrEqual: return x <= y
            case .greater: return x > y
            case .greaterOrEqual: return x >= y
            }
        case (.text(let x), .text(let y)):
            switch op {
            case .equal: return x == y
            case .notEqual: return x != y
            case .less: return x < y
            case .lessOrEqual: return x <= y
            case .greater: return x > y
            case .greaterOrEqual: return x >= y
            }
        default:
            return false
        }
    }
}

/// A `--where` filter that could not be parsed or bound to the data.
public enum RowFilterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// At 0-based character `position`: what was expected and what was found.
    case syntax(position: Int, expected: String, found: String)
    /// A column the filter names is not in the input.
    case unknownColumn(name: String, position: Int)

    public var position: Int {
        switch self {
        case .syntax(let position, _, _), .unknownColumn(_, let position): return position
        }
    }

    public var description: String {
        switch self {
        case .syntax(let position, let expected, let found):
            return "--where: at character \(position + 1): expected \(expected), found \(found)"
        case .unknownColumn(let name, let position):
            return "--where: at character \(position + 1): no column '\(name)'"
        }
    }

    /// The filter on one line and a caret under the offending character, each indented by two
    /// spaces, for a message on standard error.
    public func pointer(in text: String) -> String {
        "  \(text)\n  " + String(repeating: " ", count: max(0, min(position, text.count))) + "^"
    }
}

struct RowFilterParser {
    enum Token: Equatable {
        case identifier(String), number(Double), string(String), symbol(String), keyword(String), end
    }

    let characters: [Character]
    var index = 0
    var token: Token = .end
    var tokenStart = 0

    init(text: String) { characters = Array(text) }

    mutating func parseFilter() throws(RowFilterError) -> RowFilter.Node {
        try advance()
        if token == .end { throw RowFilterError.syntax(position: tokenStart, expected: "a condition", found: "the end") }
        let node = try parseOr()
        guard token == .end else { throw RowFilterError.syntax(position: tokenStart, expected: "'and', 'or' or the end", found: describe(token)) }
        return node
    }

    private mutating func parseOr() throws(RowFilterError) -> RowFilter.Node {
        var node = try parseAnd()
        while token == .keyword("or") { try advance(); node = .or(node, try parseAnd()) }
        return node
    }

    private mutating func parseAnd() throws(RowFilterError) -> RowFilter.Node {
        var node = try parseNot()
        while token == .keyword("and") { try advance(); node = .and(node, try parseNot()) }
        return node
    }

    private mutating func parseNot() throws(RowFilterError) -> RowFilter.Node {
        if token == .keyword("not") { try advance(); return .not(try parseNot()) }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(RowFilterError) -> RowFilter.Node {
        if token == .symbol("(") {
            try advance()
            let node = try parseOr()
            guard token == .symbol(")") else { throw RowFilterError.syntax(position: tokenStart, expected: "')'", found: describe(token)) }
            try advance()
            return node
        }
        let left = try parseOperand()
        let position = tokenStart
        if case .symbol(let symbol) = token, let op = RowFilter.ComparisonOperator(rawValue: symbol) {
            try advance()
            let right = try parseOperand()
            if case .column = left {} else if case .column = right {} else {
                throw RowFilterError.syntax(position: position, expected: "a column on one side of the comparison", found: "two values")
            }
            return .compare(left, op, right, position: position)
        }
        var negated = false
        if token == .keyword("not") { negated = true; try advance() }
        guard token == .keyword("in") else {
            throw RowFilterError.syntax(position: tokenStart, expected: negated ? "'in'" : "a comparison (== != < <= > >=) or 'in'", found: describe(token))
        }
        try advance()
        guard token == .symbol("(") else { throw RowFilterError.syntax(position: tokenStart, expected: "'(' and a list of values", found: describe(token)) }
        try advance()
        var list = [try parseOperand()]
        while token == .symbol(",") { try advance(); list.append(try parseOperand()) }
        guard token == .symbol(")") else { throw RowFilterError.syntax(position: tokenStart, expected: "',' or ')'", found: describe(token)) }
        try advance()
        return .member(left, list, negated: negated, position: position)
    }

    private mutating func parseOperand() throws(RowFilterError) -> RowFilter.Operand {
        let start = tokenStart
        switch token {
        case .identifier(let name): try advance(); return .column(name, position: start)
        case .number(let value): try advance(); return .number(value)
        case .string(let text): try advance(); return .string(text)
        default: throw RowFilterError.syntax(position: start, expected: "a column, a number or a quoted string", found: describe(token))
        }
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .identifier(let name): return "column '\(name)'"
        case .number(let value): return "number \(value)"
        case .string(let text): return "string '\(text)'"
        case .symbol(let symbol): return "'\(symbol)'"
        case .keyword(let word): return "'\(word)'"
        case .end: return "the end"
        }
    }

    private mutating func advance() throws(RowFilterError) {
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        tokenStart = index
        guard index < characters.count else { token = .end; return }
        let c = characters[index]
        if c == "'" || c == "\"" || c == "`" {
            var text = ""
            index += 1
            while true {
                guard index < characters.count else {
                    throw RowFilterError.syntax(position: tokenStart, expected: "a closing \(c)", found: "the end")
                }
                if characters[index] == c {
                    if index + 1 < characters.count, characters[index + 1] == c { text.append(c); index += 2; continue }
                    index += 1
                    break
                }
                text.append(characters[index]); index += 1
            }
            token = c == "`" ? .identifier(text) : .string(text)
            return
        }
        if c.isNumber || ((c == "-" || c == "+" || c == ".") && index + 1 < characters.count && (characters[index + 1].isNumber || characters[index + 1] == ".")) {
            var end = index + 1
            while end < characters.count {
                let d = characters[end]
                if d.isNumber || d == "." { end += 1; continue }
                if (d == "e" || d == "E") { end += 1; if end < characters.count, characters[end] == "-" || characters[end] == "+" { end += 1 }; continue }
                break
            }
            let text = String(characters[index..<end])
            guard let value = Double(text), value.isFinite else {
                throw RowFilterError.syntax(position: tokenStart, expected: "a number", found: "'\(text)'")
            }
            index = end
            token = .number(value)
            return
        }
        if c.isLetter || c == "_" {
            var end = index + 1
            while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" || characters[end] == "." { end += 1 }
            let word = String(characters[index..<end])
            index = end
            let lower = word.lowercased()
            token = ["and", "or", "not", "in"].contains(lower) ? .keyword(lower) : .identifier(word)
            return
        }
        for symbol in ["==", "!=", "<=", ">=", "<", ">", "(", ")", ","] {
            let symbolCharacters = Array(symbol)
            if index + symbolCharacters.count <= characters.count, Array(characters[index..<(index + symbolCharacters.count)]) == symbolCharacters {
                index += symbolCharacters.count
                token = .symbol(symbol)
                return
            }
        }
        if c == "=" { throw RowFilterError.syntax(position: index, expected: "'==' (a single '=' is not a comparison)", found: "'='") }
        throw RowFilterError.syntax(position: index, expected: "a column, a value, a comparison, 'and', 'or', 'not', 'in' or a parenthesis", found: "'\(c)'")
    }
}
