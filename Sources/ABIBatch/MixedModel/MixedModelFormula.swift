/// The random-effects term of a mixed-model formula, in lme4's syntax (Bates et al. 2015,
/// J Stat Softw 67(1), sec. 2.1): `(1 | g)`, `(1 + t | g)` (correlated intercept and slope),
/// `(1 + t || g)` (uncorrelated: lme4 expands it to `(1 | g) + (0 + t | g)`), `(0 + t | g)`.
public struct RandomEffectsTerm: Sendable, Equatable {
    /// The grouping column (subjects); with nesting, the inner one (`subject` of `site/subject`).
    public let groupingColumn: String
    /// The outer grouping column of a nested term, `(1 | site/subject)`: lme4 expands it to
    /// `(1 | site) + (1 | subject:site)`, the same effects with their own covariance at each level,
    /// and a subject is identified by its site and its own label. Nil for one grouping factor.
    public let outerGroupingColumn: String?
    /// Whether each group has a random intercept.
    public let hasIntercept: Bool
    /// Numeric columns with a random slope per group, in formula order.
    public let slopeColumns: [String]
    /// Whether the effects of a group are correlated (`|`) or independent (`||`).
    public let correlated: Bool

    public init(groupingColumn: String, hasIntercept: Bool, slopeColumns: [String], correlated: Bool,
                outerGroupingColumn: String? = nil) {
        self.groupingColumn = groupingColumn
        self.outerGroupingColumn = outerGroupingColumn
        self.hasIntercept = hasIntercept
        self.slopeColumns = slopeColumns
        self.correlated = correlated
    }

    /// Number of random effects per group (q), at each level of a nested term.
    public var dimension: Int { (hasIntercept ? 1 : 0) + slopeColumns.count }

    /// The grouping factors as lme4 names them, inner first (lme4 orders terms by their number of
    /// levels): `["subject"]`, or `["subject:site", "site"]` for `site/subject`.
    public var levelNames: [String] {
        guard let outer = outerGroupingColumn else { return [groupingColumn] }
        return ["\(groupingColumn):\(outer)", outer]
    }

    /// The grouping columns the data must have (outer first).
    public var groupingColumns: [String] { (outerGroupingColumn.map { [$0] } ?? []) + [groupingColumn] }

    /// Names of the effects as lme4 prints them: `(Intercept)`, then the slope columns.
    public var effectNames: [String] { (hasIntercept ? ["(Intercept)"] : []) + slopeColumns }

    /// The free elements of the relative covariance factor T (lower triangular, q x q), in lme4's
    /// order (column by column down the lower triangle; only the diagonal when uncorrelated), as
    /// (row, column) pairs.
    public var thetaPositions: [(row: Int, column: Int)] {
        let q = dimension
        var positions: [(row: Int, column: Int)] = []
        for j in 0..<q {
            if correlated { for i in j..<q { positions.append((i, j)) } } else { positions.append((j, j)) }
        }
        return positions
    }
}

/// A linear mixed-model formula: fixed effects in the language of `RegressionFormula` plus exactly
/// one random-effects term in lme4's syntax, e.g. `abi ~ arm * weeks + (1 + weeks | subject)`.
///
/// One grouping factor, or two nested ones (`(1 | site/subject)`); crossed factors and deeper
/// nesting are reported as syntax errors. Random slopes must be plain numeric columns.
public struct MixedModelFormula: Sendable, Equatable {
    /// The formula text as given.
    public let text: String
    /// The fixed part (the formula without the random term; `y ~ 1` when nothing else is left).
    public let fixed: RegressionFormula
    /// The random-effects term.
    public let random: RandomEffectsTerm

    /// Parses a formula.
    /// - Throws: `BatchError.formulaSyntax` with the character offset in `text`.
    public init(_ text: String) throws {
        let characters = Array(text)
        guard let tilde = characters.firstIndex(of: "~") else {
            throw BatchError.formulaSyntax(position: characters.count, expected: "'~' after the response", found: "end of formula")
        }
        // Split the right-hand side at '+' outside parentheses; keep each piece's offset.
        var pieces: [(text: String, start: Int)] = []
        var depth = 0
        var current = ""
        var start = tilde + 1
        for i in (tilde + 1)..<characters.count {
            let c = characters[i]
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if c == "+" && depth == 0 {
                pieces.append((current, start))
                current = ""
                start = i + 1
            } else {
                current.append(c)
            }
        }
        pieces.append((current, start))

        var fixedPieces: [String] = []
        var randomTerms: [(RandomEffectsTerm, Int)] = []
        for piece in pieces {
            let trimmed = piece.text.trimmingCharacters(whitespace: true)
            let offset = piece.start + (piece.text.prefix { $0.isWhitespace }.count)
            if trimmed.first == "(", trimmed.last == ")", trimmed.contains("|"), MixedModelFormula.isOneGroup(trimmed) {
                randomTerms.append((try MixedModelFormula.parseRandom(String(trimmed.dropFirst().dropLast()), offset: offset + 1), offset))
            } else if trimmed.contains("|") {
                let bar = offset + (trimmed.firstIndex(of: "|").map { trimmed.distance(from: trimmed.startIndex, to: $0) } ?? 0)
                throw BatchError.formulaSyntax(position: bar, expected: "a random-effects term in parentheses, e.g. (1 + t | subject)",
                                               found: "'|' outside such a term")
            } else {
                fixedPieces.append(piece.text)
            }
        }
        guard let first = randomTerms.first else {
            throw BatchError.formulaSyntax(position: characters.count, expected: "a random-effects term such as (1 | subject)",
                                           found: "none (use regress for a model without random effects)")
        }
        if randomTerms.count > 1 {
            throw BatchError.formulaSyntax(position: randomTerms[1].1, expected: "one random-effects term (one grouping factor)",
                                           found: "a second term")
        }
        let left = String(characters[..<tilde])
        var right = fixedPieces.map { $0.trimmingCharacters(whitespace: true) }.filter { !$0.isEmpty }.joined(separator: " + ")
        if right.isEmpty { right = "1" }
        self.text = text
        self.fixed = try RegressionFormula(left + "~ " + right)
        self.random = first.0
    }

    /// Whether the parenthesised text is one group `( ... )` (its first '(' closes at the end).
    private static func isOneGroup(_ text: String) -> Bool {
        var depth = 0
        for (i, c) in text.enumerated() {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1; if depth == 0 && i != text.count - 1 { return false } }
        }
        return true
    }

    private static func parseRandom(_ inner: String, offset: Int) throws -> RandomEffectsTerm {
        let correlated: Bool
        let parts: [Substring]
        if inner.contains("||") {
            correlated = false
            parts = inner.split(separator: "||", omittingEmptySubsequences: false).map { Substring($0) }
        } else {
            correlated = true
            parts = inner.split(separator: "|", omittingEmptySubsequences: false)
        }
        guard parts.count == 2 else {
            throw BatchError.formulaSyntax(position: offset, expected: "effects | group", found: "'\(inner)'")
        }
        let group = String(parts[1]).trimmingCharacters(whitespace: true)
        let groupOffset = offset + parts[0].count + (correlated ? 1 : 2)
        var outer: String? = nil
        var inner = group
        let levels = group.split(separator: "/", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(whitespace: true) }
        if levels.count == 2, levels.allSatisfy(MixedModelFormula.isName) {
            outer = MixedModelFormula.unquoted(levels[0])
            inner = levels[1]
        } else if !MixedModelFormula.isName(group) {
            let found = levels.count > 2 ? "three or more nested levels '\(group)' (not supported)"
                : group.contains(":") ? "crossed or interaction grouping '\(group)' (not supported)" : "'\(group)'"
            throw BatchError.formulaSyntax(position: groupOffset, expected: "one grouping column, or two nested ones (site/subject), after '|'",
                                           found: found)
        }
        var intercept = true
        var slopes: [String] = []
        let effects = String(parts[0])
        var tokens: [(sign: Character, text: String)] = []
        var sign: Character = "+"
        var buffer = ""
        for c in effects {
            if c == "+" || c == "-" {
                let t = buffer.trimmingCharacters(whitespace: true)
                if !t.isEmpty { tokens.append((sign, t)) }
                buffer = ""
                sign = c
            } else {
                buffer.append(c)
            }
        }
        let last = buffer.trimmingCharacters(whitespace: true)
        if !last.isEmpty { tokens.append((sign, last)) }
        for token in tokens {
            switch (token.sign, token.text) {
            case ("+", "1"): intercept = true
            case ("+", "0"), ("-", "1"): intercept = false
            case ("+", let name) where MixedModelFormula.isName(name):
                if slopes.contains(name) { continue }
                slopes.append(name)
            default:
                throw BatchError.formulaSyntax(position: offset, expected: "1, 0 or numeric column names joined by '+' before '|'",
                                               found: "'\(token.sign == "-" ? "-" : "")\(token.text)'")
            }
        }
        guard intercept || !slopes.isEmpty else {
            throw BatchError.formulaSyntax(position: offset, expected: "at least one random effect", found: "none")
        }
        if let outer, outer == MixedModelFormula.unquoted(inner) {
            throw BatchError.formulaSyntax(position: groupOffset, expected: "two different grouping columns", found: "'\(group)'")
        }
        return RandomEffectsTerm(groupingColumn: MixedModelFormula.unquoted(inner), hasIntercept: intercept,
                                 slopeColumns: slopes.map(MixedModelFormula.unquoted), correlated: correlated, outerGroupingColumn: outer)
    }

    private static func unquoted(_ name: String) -> String {
        name.hasPrefix("`") && name.hasSuffix("`") && name.count >= 2 ? String(name.dropFirst().dropLast()) : name
    }

    /// A column name: letters, digits, '_' and '.', or anything between backquotes.
    private static func isName(_ text: String) -> Bool {
        if text.hasPrefix("`") && text.hasSuffix("`") && text.count >= 2 { return true }
        guard let first = text.first, first.isLetter || first == "_" || first == "." else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    }
}

extension String {
    func trimmingCharacters(whitespace: Bool) -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
