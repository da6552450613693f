/// One problem found while scoring a visit: what, where (site or limb), how severe.
public struct ScoringIssue: Sendable, Hashable {
    /// What the problem is.
    public let kind: ScoringIssueKind
    /// The site it concerns, when one site does.
    public let site: PressureSite?
    /// The leg it concerns, when a leg-level result does (e.g. an implausible ABI).
    public let limb: Limb?

    /// Creates an issue.
    public init(_ kind: ScoringIssueKind, site: PressureSite? = nil, limb: Limb? = nil) {
        self.kind = kind
        self.site = site
        self.limb = limb
    }

    /// Error or warning.
    public var severity: IssueSeverity { kind.severity }

    /// Stable snake_case code.
    public var code: String { kind.code }

    /// A human message: `ankle_pt_left: invalid pressure: above 300 mmHg (...)`.
    public var message: String {
        if let site { return site.code + ": " + kind.explanation }
        if let limb { return limb.code + " leg: " + kind.explanation }
        return kind.explanation
    }
}
