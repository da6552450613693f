/// Which input columns hold which ``InputRole``, with an explanation for every column.
///
/// Built by ``resolve(headers:overrides:matchAliases:requireMeasurements:)`` from the header (through
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

    /// A mapping from its parts; use ``resolve(headers:overrides:matchAliases:requireMeasurements:)``.
    public init(columns: [InputRole: [Int]], explanations: [ColumnExplanation], headers: [String]) {
        self.columns = columns
        self.explanations = explanations
        self.headers = headers
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
    /// - Throws: ``ColumnMappingError`` for ambiguous headers, unknown roles or columns, duplicates and
    ///   missing required roles; every message lists the headers seen.
    public static func resolve(headers: [String], overrides: [ColumnOverride] = [], matchAliases: Bool = true,
                               requireMeasurements: Bool = true) throws(ColumnMappingError) -> ColumnMapping {
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

        // 2. Aliases for the remaining columns.
        var aliasMatches: [InputRole: [(index: Int, reading: Int?)]] = [:]
        for (index, header) in headers.enumerated() where roleOfColumn[index] == nil {
            guard matchAliases else {
                reasonOfColumn[index] = "no header; only --map applies"
                continue
            }
            switch HeaderClassifier.classify(header) {
            case .unused(let why):
                reasonOfColumn[index] = why
            case .roles(let roles, let reading, let how):
                if roles.count > 1 {
                    if roles.allSatisfy(overridden.contains) {
                        reasonOfColumn[index] = "could be \(roles.map(\.rawValue).joined(separator: " or ")); all given by --map"
                        continue
                    }
                    throw .ambiguousHeader(column: index + 1, header: header, roles: roles, headers: headers)
                }
                let role = roles[0]
                if overridden.contains(role) {
                    reasonOfColumn[index] = "looks like \(role.rawValue), which --map assigns elsewhere"
                    continue
                }
                aliasMatches[role, default: []].append((index, reading))
                roleOfColumn[index] = role
                reasonOfColumn[index] = how
            }
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
            ColumnExplanation(index: index, header: header, role: roleOfColumn[index],
                              reason: reasonOfColumn[index] ?? "not a recognised name")
        }
        return ColumnMapping(columns: columns, explanations: explanations, headers: headers)
    }

    /// Names for the columns of a file without a header (`--no-headers`): `column 1`, `column 2`, ...
    /// Pass them to ``resolve(headers:overrides:matchAliases:requireMeasurements:)`` with
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
