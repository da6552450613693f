/// A caveat on the significance of a rank-based trend (Theil-Sen interval, Mann-Kendall test).
public enum TrendSignificanceNote: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Fewer than ``TrendSignificanceNote/minimumMeaningfulCount`` points: under the exact
    /// permutation distribution of Kendall's S (Kendall 1975) the smallest attainable two-sided
    /// p-value is 2 / n!, 0.083 for n = 4 and 0.33 for n = 3, so no result can be significant at
    /// 0.05, while the normal approximation and Sen's interval still report one.
    case tooFewPointsForSignificance(count: Int)

    /// Below this many points a Mann-Kendall or Theil-Sen significance is not meaningful.
    public static let minimumMeaningfulCount = 5

    /// The note for a series of `count` usable points, nil when there are enough (or too few for any result).
    public static func forSeries(count: Int) -> TrendSignificanceNote? {
        count >= 2 && count < minimumMeaningfulCount ? .tooFewPointsForSignificance(count: count) : nil
    }

    public var description: String {
        switch self {
        case .tooFewPointsForSignificance(let count):
            "\(count) points: Mann-Kendall and Theil-Sen significance is not meaningful below 5 points "
                + "(the exact smallest two-sided p-value is 2/\(count)! = \(Self.smallestExactP(count)))"
        }
    }

    static func smallestExactP(_ count: Int) -> String {
        var factorial = 1
        for k in 1...max(count, 1) { factorial *= k }
        let thousandths = Int((2000.0 / Double(factorial)).rounded())
        return thousandths >= 1000 ? "1" : "0." + String(repeating: "0", count: 3 - String(thousandths).count) + String(thousandths)
    }
}

extension TheilSenResult {
    /// A caveat on Sen's interval for short series (see ``TrendSignificanceNote``).
    public var significanceNote: TrendSignificanceNote? { TrendSignificanceNote.forSeries(count: count) }
}

extension MannKendallResult {
    /// A caveat on the test for short series (see ``TrendSignificanceNote``).
    public var significanceNote: TrendSignificanceNote? { TrendSignificanceNote.forSeries(count: count) }
}
