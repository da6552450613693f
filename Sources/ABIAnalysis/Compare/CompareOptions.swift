import ABIIO
import ABIStatistics

/// What `abikit compare` compares, as parsed from the command line.
public struct CompareOptions: Sendable, Equatable {
    /// The layout of the data and what is compared.
    public enum Design: Sendable, Equatable {
        /// Long data, one row per subject x time: the `to` time against the `from` time of each
        /// subject, for each measure (`--subject --time --from --to --measure`).
        case longPaired(subject: String, time: String, from: String, to: String, measures: [String])
        /// Wide data, one row per subject: `post` against `pre` (`--pre --post`); `subject` names
        /// the clusters when a subject has several rows (two legs).
        case widePaired(pre: String, post: String, subject: String?)
        /// Independent groups of rows (`--group`): each measure between the levels of `group`;
        /// `subject`, when given, detects subjects with several rows (two legs), which are noted.
        case independent(group: String, measures: [String], subject: String? = nil)
    }

    /// What to do when a subject contributes more than one pair (two legs).
    public enum Aggregation: String, Sendable, Equatable, CaseIterable {
        /// Pairs are kept (legs paired in the order they appear); every row says that they are
        /// clustered, and the ANCOVA uses cluster-robust standard errors by subject.
        case none
        /// The subject's mean at each time first: one pair per subject.
        case mean
    }

    public var design: Design
    /// Between-group columns for paired designs (`--by`): within-group rows per group (per
    /// combination of the columns' values, ``ByGroups``), and the groups compared on the change.
    public var by: [String]
    /// `--adjust baseline`: the ANCOVA follow-up ~ group + baseline (paired designs with `by`).
    public var adjustForBaseline: Bool
    public var pValueAdjustment: PValueAdjustment
    /// `--student`: Student's pooled t and the classic one-way ANOVA instead of Welch's.
    public var equalVariances: Bool
    public var aggregation: Aggregation
    public var level: Double
    public var zeroMethod: WilcoxonZeroMethod
    /// `--where`: rows for which the filter is false are left out before anything else.
    public var filter: RowFilter?

    public init(design: Design, by: [String] = [], adjustForBaseline: Bool = false, pValueAdjustment: PValueAdjustment = .holm,
                equalVariances: Bool = false, aggregation: Aggregation = .none, level: Double = 0.95,
                zeroMethod: WilcoxonZeroMethod = .wilcox, filter: RowFilter? = nil) {
        self.design = design
        self.by = by
        self.adjustForBaseline = adjustForBaseline
        self.pValueAdjustment = pValueAdjustment
        self.equalVariances = equalVariances
        self.aggregation = aggregation
        self.level = level
        self.zeroMethod = zeroMethod
        self.filter = filter
    }

    /// The columns the engine reads, for `ColumnLoader.load` (filter columns loaded as found).
    public var columnRequests: [ColumnLoader.Request] {
        var requests: [ColumnLoader.Request] = []
        func add(_ request: ColumnLoader.Request) {
            if !requests.contains(where: { $0.name == request.name }) { requests.append(request) }
        }
        switch design {
        case .longPaired(let subject, let time, _, _, let measures):
            add(.categorical(subject)); add(.categorical(time)); measures.forEach { add(.numeric($0)) }
        case .widePaired(let pre, let post, let subject):
            add(.numeric(pre)); add(.numeric(post)); if let subject { add(.categorical(subject)) }
        case .independent(let group, let measures, let subject):
            add(.categorical(group)); measures.forEach { add(.numeric($0)) }; if let subject { add(.categorical(subject)) }
        }
        by.forEach { add(.categorical($0)) }
        for name in filter?.columnNames ?? [] where !requests.contains(where: { $0.name == name }) { add(.automatic(name)) }
        return requests
    }
}
