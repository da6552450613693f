/// Findings and caveats of one scored visit, as a bit set with stable snake_case codes.
public struct ScoreFlags: OptionSet, Sendable, Equatable, Hashable {
    public let rawValue: UInt64

    @inlinable
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// A leg's ABI used one ankle artery because the other was not measured (AHA/ACC 2016).
    public static let singleAnkleArtery = ScoreFlags(rawValue: 1 << 0)
    /// Only one arm had a brachial pressure; it is the denominator (AHA/ACC 2016).
    public static let singleArm = ScoreFlags(rawValue: 1 << 1)
    /// Only one leg has an ABI.
    public static let singleLeg = ScoreFlags(rawValue: 1 << 2)
    /// Inter-arm difference >= the subclavian threshold, default 10 mmHg (Clark 2012).
    public static let interArm10 = ScoreFlags(rawValue: 1 << 3)
    /// Inter-arm difference >= the risk threshold, default 15 mmHg (Clark 2012).
    public static let interArm15 = ScoreFlags(rawValue: 1 << 4)
    /// An ankle artery had an absent Doppler signal.
    public static let absentSignal = ScoreFlags(rawValue: 1 << 5)
    /// Every examined ankle artery of a leg had an absent signal: that leg's ABI is 0.00
    /// (docs/clinical-rules.md).
    public static let allAnkleArteriesAbsent = ScoreFlags(rawValue: 1 << 6)
    /// A leg is noncompressible (an artery read noncompressible, or ABI above the threshold).
    public static let noncompressible = ScoreFlags(rawValue: 1 << 7)
    /// A toe-brachial index is recommended because a leg is noncompressible (AHA/ACC 2016).
    public static let tbiRecommended = ScoreFlags(rawValue: 1 << 8)
    /// A TBI is at or below the TBI cut-off (AHA/ACC 2016; ESC 2024 option).
    public static let tbiAbnormal = ScoreFlags(rawValue: 1 << 9)
    /// A toe pressure < 30 mmHg: CLTI marker (PARC; TASC II).
    public static let toeBelow30 = ScoreFlags(rawValue: 1 << 10)
    /// A leg's ankle pressure < 50 mmHg: rest-pain CLTI marker (PARC; TASC II).
    public static let ankleBelow50 = ScoreFlags(rawValue: 1 << 11)
    /// A leg's ankle pressure < 70 mmHg: tissue-loss CLTI marker (PARC; TASC II).
    public static let ankleBelow70 = ScoreFlags(rawValue: 1 << 12)
    /// Exercise ABI positive in a leg (AHA/ACC 2016; docs/clinical-rules.md).
    public static let exercisePositive = ScoreFlags(rawValue: 1 << 13)
    /// A leg's ABI is < 0.20 from a nonzero ankle pressure, or > 2.50: likely a typo.
    public static let abiImplausible = ScoreFlags(rawValue: 1 << 14)
    /// A site was averaged over repeated readings.
    public static let repeatedReadings = ScoreFlags(rawValue: 1 << 15)
    /// |delta ABI| vs the previous visit >= the change threshold (set by the caller from
    /// `VisitChangeTracker`; `ABIScorer` scores one visit and never sets it).
    public static let significantChange = ScoreFlags(rawValue: 1 << 16)

    /// Every flag with its code, in the stable order reports list them.
    public static let ordered: [(flag: ScoreFlags, code: String)] = [
        (.singleAnkleArtery, "single_ankle_artery"),
        (.singleArm, "single_arm"),
        (.singleLeg, "single_leg"),
        (.interArm10, "interarm_10"),
        (.interArm15, "interarm_15"),
        (.absentSignal, "absent_signal"),
        (.allAnkleArteriesAbsent, "all_ankle_arteries_absent"),
        (.noncompressible, "noncompressible"),
        (.tbiRecommended, "tbi_recommended"),
        (.tbiAbnormal, "tbi_abnormal"),
        (.toeBelow30, "toe_lt30"),
        (.ankleBelow50, "ankle_lt50"),
        (.ankleBelow70, "ankle_lt70"),
        (.exercisePositive, "exercise_positive"),
        (.abiImplausible, "abi_implausible"),
        (.repeatedReadings, "repeated_readings"),
        (.significantChange, "abi_change_significant"),
    ]

    /// Calls `body` with the code of each flag set, in the stable order. Allocation-free.
    @inlinable
    public func forEachCode(_ body: (String) -> Void) {
        if isEmpty { return }
        // Index loop, not for-in: no iterator machinery per row, even unoptimised.
        let ordered = ScoreFlags.ordered
        var index = 0
        while index < ordered.count {
            let entry = ordered[index]
            if contains(entry.flag) { body(entry.code) }
            index += 1
        }
    }

    /// Appends the codes of the flags set, separated by `separator` (`;` by default).
    @inlinable
    public func appendCodes(to bytes: inout [UInt8], separator: UInt8 = UInt8(ascii: ";")) {
        var first = true
        forEachCode { code in
            if !first { bytes.append(separator) }
            first = false
            bytes.append(contentsOf: code.utf8)
        }
    }

    /// The codes of the flags set, in the stable order (allocates; non-hot callers).
    public var codes: [String] {
        var result: [String] = []
        forEachCode { result.append($0) }
        return result
    }

    /// The flag with this code, or nil.
    public init?(code: String) {
        guard let entry = ScoreFlags.ordered.first(where: { $0.code == code }) else { return nil }
        self = entry.flag
    }
}
