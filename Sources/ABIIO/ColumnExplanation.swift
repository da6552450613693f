/// How one input column was understood, for `abikit sniff`.
public struct ColumnExplanation: Sendable, Equatable, CustomStringConvertible {
    /// 0-based column index.
    public var index: Int
    /// The header text as in the file.
    public var header: String
    /// The role, or nil when the column is not used.
    public var role: InputRole?
    /// Why: "alias", "alias, reading 2", "--map", "not a recognised name", ...
    public var reason: String

    /// An explanation from its parts.
    public init(index: Int, header: String, role: InputRole?, reason: String) {
        self.index = index
        self.header = header
        self.role = role
        self.reason = reason
    }

    /// `column 3 'L PT (mmHg)' -> ankle_pt_left (alias)` or `column 9 'notes' -> not used (...)`.
    public var description: String {
        let target = role.map { "\($0.rawValue) (\(reason))" } ?? "not used (\(reason))"
        return "column \(index + 1) '\(header)' -> \(target)"
    }
}
