/// Which input columns hold which ``InputRole``, with an explanation for every column.
///
/// Built by ``resolve(headers:overrides:matchAliases:requireMeasurements:ignoring:textColumns:)`` from the header (through
/// the built-in aliases) and the user's `--map` overrides, which win. Several columns for one role
/// are repeated readings, ordered by their reading number (`brachial_left_1`, `brachial_left_2`) or
/// by the order given in `--map`.
public struct ColumnMapping: Sendable, Equatable {
    /// 0-based column indices per role, in reading order.
    public var columns: [InputRole: [Int]]
    /// One entry per input column, in column order.
    public var explanations: [ColumnExplanation]
    /// The header names the mapping was made from.
    public var headers: [String]
    /// Columns left unused because their header could name more than one pressure role and they
    /// hold text, where one of those roles is then read from no column at all: the commands say so
    /// on standard error, so that a missing arm or ankle is never silent.
    public var textColumnsLeftOut: [TextColumnLeftOut]

    /// A column whose header could name pressure roles (`arm`: brachial_left or brachial_right) but
    /// whose sampled cells are mostly text that is not a pressure (`placebo`), so it was not used.
    public struct TextColumnLeftOut: Sendable, Equatable {
        /// 0-based column index.
        public var index: Int
        /// The header text as in the file.
        public var header: String
        /// The roles the header could name.
        public var roles: [InputRole]
        /// Those of `roles` that no column holds.
        public var unmappedRoles: [InputRole]
    }

    /// A mapping from its parts; use ``resolve(headers:overrides:matchAliases:requireMeasurements:ignoring:textColumns:)``.
    public init(columns: [InputRole: [Int]], explanations: [ColumnExplanation], headers: [String],
                textColumnsLeftOut: [TextColumnLeftOut] = []) {
        self.columns = columns
        self.explanations = explanations
        self.headers = headers
        self.textColumnsLeftOut = textColumnsLeftOut
    }

    /// The 0-based columns holding `role` (empty when unmapped).
    public func columns(for role: InputRole) -> [Int] {
        columns[role] ?? []
    }

    /// Maps `headers` to roles.
    ///
    /// - Parameters:
    ///   - headers: the header names; with `--no-headers` pass placeholders such as `column 1`.
    ///   - overrides: parsed `--map` arguments; a column may be named by header (exactly, or ignoring
    ///     case, spaces, `_`, `-` and units) or by its 1-based number.
    ///   - matchAliases: false with `--no-headers`, so only overrides apply.
    ///   - requireMeasurements: demand at least one resting brachial and one resting ankle role.
    ///   - ignoring: columns the user excluded (`--map ignore=COL`): never given a role.
    ///   - textColumns: 0-based columns whose sampled cells are mostly text that is not a pressure
    ///     (see ``ColumnSample``). Such a column is not used when its header could name more than one
    ///     role, so a treatment column `arm` holding `placebo` is not read as an arm pressure (and is
    ///     listed in ``textColumnsLeftOut`` when an arm is then read from no column). A header that
    ///     names one pressure role (`brachial_right`, `left arm SBP`) is a pressure column whatever
    ///     it holds: its text cells are reported one by one as invalid pressures, never dropped silently.
    ///
    /// A header that names a role exactly (an alias such as `brachial_left`) wins over one that only
    /// contains words of the role (`arm`, `left arm`): the partial one is left unused and says why.
    /// - Throws: ``ColumnMappingError`` for ambiguous headers, unknown roles or columns, duplicates and
    ///   missing required roles; every message lists the headers seen.
    public static func resolve(headers: [String], overrides: [ColumnOverride] = [], matchAliases: Bool = true,
                               requireMeasurements: Bool = true, ignoring: [String] = [],
                               textColumns: Set<Int> = []) throws(ColumnMappingError) -> ColumnMapping {
        var roleOfColumn: [Int: InputRole] = [:]
        var reasonOfColumn: [Int: String] = [:]
        var columns: [InputRole: [Int]] = [:]

        // 1. Overrides.
        for override in overrides {
            var indices: [Int] = []
            for text in override.columns {
                let index = try column(named: text, in: headers, role: override.role)
                if let existing = roleOfColumn[index], existing != override.role {
                    throw .columnMappedTwice(column: index + 1, header: headers[index],
                                             roles: [existing, override.role], headers: headers)
                }
                roleOfColumn[index] = override.role
                reasonOfColumn[index] = "--map"
                indices.append(index)
            }
            columns[override.role, default: []].append(contentsOf: indices)
        }
        for (role, indices) in columns where !role.allowsRepeatedReadings && Set(indices).count > 1 {
            throw .duplicateColumns(role: role, columns: indices.map { $0 + 1 }, headers: headers)
        }
        let overridden = Set(columns.keys)
        // `--map ignore=COL`: excluded from every role.
        var ignored = Set<Int>()
        for text in ignoring {
            let index: Int
            do {
                index = try column(named: text, in: headers, role: .subject)  // the role only labels errors
            } catch {
                if case .ambiguousColumnName(_, _, let columns, _) = error {
                    throw .invalidIgnore(text: text, reason: "names columns "
                        + columns.map(String.init).joined(separator: " and ") + "; use its number", headers: headers)
                }
                throw .invalidIgnore(text: text, reason: "no such column; expected a header name or a column number "
                    + "1...\(headers.count)", headers: headers)
            }
            if let existing = roleOfColumn[index] {
                throw .invalidIgnore(text: text, reason: "column \(index + 1) is mapped to \(existing.rawValue) by --map too",
                                     headers: headers)
            }
            ignored.insert(index)
            reasonOfColumn[index] = "--map ignore"
        }

        // 2. Aliases for the remaining columns: classify every header first, so that a header naming
        //    a role exactly wins over one that only contains the role's words.
        var classified: [(index: Int, header: String, roles: [InputRole], reading: Int?, how: String, exact: Bool)] = []
        var textLeftOut: [(index: Int, roles: [InputRole])] = []
        for (index, header) in headers.enumerated() where roleOfColumn[index] == nil && !ignored.contains(index) {
            guard matchAliases else {
                reasonOfColumn[index] = "no header; only --map applies"
                continue
            }
            switch HeaderClassifier.classify(header) {
            case .unused(let why):
                reasonOfColumn[index] = why
            case .roles(let roles, let reading, let how):
                if textColumns.contains(index) && roles.count > 1 && roles.allSatisfy(\.allowsRepeatedReadings) {
                    textLeftOut.append((index, roles))
                    reasonOfColumn[index] = "named like \(roles.map(\.rawValue).joined(separator: " or ")) but holds text, "
                        + "not pressures; not used"
                    continue
                }
                classified.append((index, header, roles, reading, how, HeaderClassifier.isExact(how: how)))
            }
        }
        var exactColumn: [InputRole: Int] = [:]
        for match in classified where match.exact && match.roles.count == 1 && exactColumn[match.roles[0]] == nil {
            exactColumn[match.roles[0]] = match.index
        }
        func claimed(_ role: InputRole) -> String? {
            if overridden.contains(role) { return "--map" }
            return exactColumn[role].map { "column \($0 + 1) '\(headers[$0])'" }
        }
        // Roles that a column of numbers names on its own: a column of text named the same way
        // (`left arm` holding `placebo` beside `brachial_left`) gives way to it.
        let rolesOfNumberColumns = Set(classified.filter { !textColumns.contains($0.index) && $0.roles.count == 1 }
            .map { $0.roles[0] })
        var aliasMatches: [InputRole: [(index: Int, reading: Int?)]] = [:]
        for match in classified {
            let (index, header, roles, reading, how) = (match.index, match.header, match.roles, match.reading, match.how)
            if roles.count > 1 {
                if roles.allSatisfy(overridden.contains) {
                    reasonOfColumn[index] = "could be \(roles.map(\.rawValue).joined(separator: " or ")); all given by --map"
                    continue
                }
                if !match.exact, roles.allSatisfy({ claimed($0) != nil }) {
                    reasonOfColumn[index] = "could be \(roles.map(\.rawValue).joined(separator: " or ")), which "
                        + "columns named exactly hold; not used"
                    continue
                }
                throw .ambiguousHeader(column: index + 1, header: header, roles: roles, headers: headers)
            }
            let role = roles[0]
            if textColumns.contains(index) && role.allowsRepeatedReadings && rolesOfNumberColumns.contains(role) {
                reasonOfColumn[index] = "named like \(role.rawValue) but holds text, not pressures, and another column "
                    + "of that name holds numbers; not used"
                continue
            }
            if overridden.contains(role) {
                reasonOfColumn[index] = "looks like \(role.rawValue), which --map assigns elsewhere"
                continue
            }
            if !match.exact, let holder = claimed(role) {
                reasonOfColumn[index] = "looks like \(role.rawValue), which \(holder) names exactly; not used"
                continue
            }
            aliasMatches[role, default: []].append((index, reading))
            roleOfColumn[index] = role
            reasonOfColumn[index] = how
        }
        for (role, matches) in aliasMatches {
            if matches.count > 1 {
                let unnumbered = matches.filter { $0.reading == nil }.count
                let readings = matches.compactMap(\.reading)
                if !role.allowsRepeatedReadings || unnumbered > 1 || Set(readings).count != readings.count {
                    throw .duplicateColumns(role: role, columns: matches.map { $0.index + 1 }, headers: headers)
                }
            }
            // An unnumbered column counts as reading 1 when numbered ones accompany it.
            let ordered = matches.sorted { ($0.reading ?? 1, $0.index) < ($1.reading ?? 1, $1.index) }
            columns[role] = ordered.map(\.index)
            if matches.count > 1 {
                for match in matches {
                    reasonOfColumn[match.index] = (reasonOfColumn[match.index] ?? "alias")
                        + (match.reading == nil ? ", reading 1" : "") + " of \(matches.count)"
                }
            }
        }

        // 3. Required roles.
        if requireMeasurements {
            var missing: [String] = []
            if !InputRole.allCases.contains(where: { $0.isRestingBrachial && columns[$0] != nil }) {
                missing.append("a brachial pressure (brachial_left or brachial_right)")
            }
            if !InputRole.allCases.contains(where: { $0.isRestingAnkle && columns[$0] != nil }) {
                missing.append("an ankle pressure (ankle_dp_left, ankle_pt_left, ankle_dp_right or ankle_pt_right)")
            }
            if !missing.isEmpty { throw .missingRequiredRoles(missing: missing, headers: headers) }
        }

        let explanations = headers.enumerated().map { index, header in
            var reason = reasonOfColumn[index] ?? "not a recognised name"
            if let role = roleOfColumn[index], role.allowsRepeatedReadings, textColumns.contains(index) {
                reason += "; holds mostly text, not pressures: each such cell is an error"
            }
            return ColumnExplanation(index: index, header: header, role: roleOfColumn[index], reason: reason)
        }
        let leftOut = textLeftOut.compactMap { index, roles -> TextColumnLeftOut? in
            let unmapped = roles.filter { columns[$0] == nil }
            guard !unmapped.isEmpty else { return nil }
            return TextColumnLeftOut(index: index, header: headers[index], roles: roles, unmappedRoles: unmapped)
        }
        return ColumnMapping(columns: columns, explanations: explanations, headers: headers, textColumnsLeftOut: leftOut)
    }

    /// Names for the columns of a file without a header (`--no-headers`): `column 1`, `column 2`, ...
    /// Pass them to ``resolve(headers:overrides:matchAliases:requireMeasurements:ignoring:textColumns:)`` with
    /// `matchAliases: false`; `--map` then names columns by number.
    public static func placeholderHeaders(count: Int) -> [String] {
        precondition(count >= 0, "count must not be negative")
        return (0..<count).map { "column \($0 + 1)" }
    }

    /// Finds a `--map` column: exact header, then normalised header, then 1-based number.
    static func column(named text: String, in headers: [String], role: InputRole) throws(ColumnMappingError) -> Int {
        let exactMatches = headers.indices.filter { headers[$0] == text }
        if exactMatches.count == 1 { return exactMatches[0] }
        if exactMatches.count > 1 {
            throw .ambiguousColumnName(role: role, text: text, columns: exactMatches.map { $0 + 1 }, headers: headers)
        }
        let wanted = HeaderName.normalized(text)
        let normalizedMatches = wanted.isEmpty ? [] : headers.indices.filter { HeaderName.normalized(headers[$0]) == wanted }
        if normalizedMatches.count == 1 { return normalizedMatches[0] }
        if normalizedMatches.count > 1 {
            throw .ambiguousColumnName(role: role, text: text, columns: normalizedMatches.map { $0 + 1 }, headers: headers)
        }
        if let number = Int(text), number >= 1, number <= headers.count { return number - 1 }
        throw .unknownColumn(role: role, text: text, headers: headers)
    }
}
