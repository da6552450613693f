/// One `--map role=COLUMN[,COLUMN...]` argument. Several columns are repeated readings of the role.
public struct ColumnOverride: Sendable, Equatable {
    /// The role being assigned.
    public var role: InputRole
    /// Header names or 1-based column numbers, as typed.
    public var columns: [String]

    /// An override; `columns` must not be empty.
    public init(role: InputRole, columns: [String]) {
        precondition(!columns.isEmpty, "an override names at least one column")
        self.role = role
        self.columns = columns
    }

    /// The columns of a `--map ignore=COLUMN[,COLUMN...]` argument (role `ignore`, any case), or nil
    /// for any other argument. Ignored columns get no role, whatever their header says.
    public static func ignoredColumns(_ argument: String) -> [String]? {
        guard let equals = argument.firstIndex(of: "="),
              HeaderName.normalized(String(argument[..<equals])) == "ignore" else { return nil }
        return argument[argument.index(after: equals)...]
            .split(separator: ",", omittingEmptySubsequences: true)
            .map { String($0).trimmingASCIISpaces() }
            .filter { !$0.isEmpty }
    }

    /// Parses `role=COLUMN[,COLUMN...]`. The role is matched ignoring case, spaces, `_` and `-`.
    /// - Parameters:
    ///   - argument: the text of one `--map` option.
    ///   - headers: only used to list the headers in the error message.
    public static func parse(_ argument: String, headers: [String] = []) throws(ColumnMappingError) -> ColumnOverride {
        guard let equals = argument.firstIndex(of: "=") else {
            throw .malformedOverride(text: argument, headers: headers)
        }
        let roleText = String(argument[..<equals])
        let columns = argument[argument.index(after: equals)...]
            .split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingASCIISpaces() }
        guard !columns.isEmpty, !columns.contains(where: \.isEmpty) else {
            throw .malformedOverride(text: argument, headers: headers)
        }
        let wanted = HeaderName.normalized(roleText)
        guard let role = InputRole.allCases.first(where: { HeaderName.normalized($0.rawValue) == wanted }) else {
            throw .unknownRole(text: roleText, headers: headers)
        }
        return ColumnOverride(role: role, columns: columns)
    }
}
