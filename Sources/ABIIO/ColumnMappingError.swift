/// Why the columns of a file could not be mapped to roles. Every message lists the headers seen.
/// Column numbers are 1-based, as the user counts them.
public enum ColumnMappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A header that fits more than one role; resolve with `--map`.
    case ambiguousHeader(column: Int, header: String, roles: [InputRole], headers: [String])
    /// `--map` named a role that does not exist.
    case unknownRole(text: String, headers: [String])
    /// `--map` named a column that is neither a header nor a 1-based index in range.
    case unknownColumn(role: InputRole, text: String, headers: [String])
    /// `--map` named a header that several columns carry; name the column by number instead.
    case ambiguousColumnName(role: InputRole, text: String, columns: [Int], headers: [String])
    /// `--map` argument not of the form `role=COLUMN[,COLUMN...]`.
    case malformedOverride(text: String, headers: [String])
    /// One column was given two roles by `--map`.
    case columnMappedTwice(column: Int, header: String, roles: [InputRole], headers: [String])
    /// Several columns claim a role that takes one column, or claim it without reading numbers.
    case duplicateColumns(role: InputRole, columns: [Int], headers: [String])
    /// The required roles (one resting brachial, one resting ankle pressure) are not all mapped.
    case missingRequiredRoles(missing: [String], headers: [String])
    /// `--map ignore=COLUMN` named no column, several, or one that `--map` also gives a role.
    case invalidIgnore(text: String, reason: String, headers: [String])

    /// The headers seen, listed in every message.
    public var headers: [String] {
        switch self {
        case .ambiguousHeader(_, _, _, let headers), .unknownRole(_, let headers), .unknownColumn(_, _, let headers),
             .malformedOverride(_, let headers), .ambiguousColumnName(_, _, _, let headers), .columnMappedTwice(_, _, _, let headers),
             .duplicateColumns(_, _, let headers), .missingRequiredRoles(_, let headers), .invalidIgnore(_, _, let headers):
            return headers
        }
    }

    /// A message naming the column(s), what was expected, and the headers seen.
    public var description: String {
        let seen = "headers seen: " + (headers.isEmpty ? "(none)" : headers.enumerated()
            .map { "\($0.offset + 1) '\($0.element)'" }.joined(separator: ", "))
        let roleList = InputRole.allCases.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .ambiguousHeader(let column, let header, let roles, _):
            return "column \(column) '\(header)' could be \(roles.map(\.rawValue).joined(separator: " or ")); "
                + "say which with " + roles.map { "--map \($0.rawValue)=\(column)" }.joined(separator: " or ")
                + ", or --map ignore=\(column) if it is not a pressure; \(seen)"
        case .unknownRole(let text, _):
            return "--map: unknown role '\(text)'; expected one of \(roleList); \(seen)"
        case .unknownColumn(let role, let text, _):
            return "--map \(role.rawValue): no column '\(text)'; expected a header name or a column number "
                + "1...\(headers.count); \(seen)"
        case .ambiguousColumnName(let role, let text, let columns, _):
            return "--map \(role.rawValue): '\(text)' names columns \(columns.map(String.init).joined(separator: " and ")); "
                + "expected one column: use its number, e.g. --map \(role.rawValue)=\(columns[0]); \(seen)"
        case .malformedOverride(let text, _):
            return "--map '\(text)': expected ROLE=COLUMN[,COLUMN...], e.g. brachial_left=\"LB sys\"; \(seen)"
        case .columnMappedTwice(let column, let header, let roles, _):
            return "column \(column) '\(header)' is given two roles by --map: "
                + "\(roles.map(\.rawValue).joined(separator: " and ")); \(seen)"
        case .duplicateColumns(let role, let columns, _):
            let names = columns.map { "\($0) '\(headers[$0 - 1])'" }.joined(separator: ", ")
            let reason = role.allowsRepeatedReadings
                ? "number them (e.g. \(role.rawValue)_1, \(role.rawValue)_2) or choose with --map"
                : "it takes one column; choose with --map \(role.rawValue)=COLUMN"
            return "columns \(names) all look like \(role.rawValue); \(reason); \(seen)"
        case .invalidIgnore(let text, let reason, _):
            return "--map ignore='\(text)': \(reason); \(seen)"
        case .missingRequiredRoles(let missing, _):
            return "no column for \(missing.joined(separator: " or ")); map one with --map ROLE=COLUMN; \(seen)"
        }
    }
}
