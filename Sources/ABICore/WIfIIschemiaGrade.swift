/// SVS WIfI ischemia grade (Mills et al., J Vasc Surg 2014;59:220), 0 (none) to 3 (severe).
///
/// | grade | ABI | ankle systolic mmHg | toe pressure or TcPO2 mmHg |
/// |---|---|---|---|
/// | 0 | >= 0.80 | > 100 | >= 60 |
/// | 1 | 0.60-0.79 | 70-100 | 40-59 |
/// | 2 | 0.40-0.59 | 50-69 | 30-39 |
/// | 3 | <= 0.39 | < 50 | < 30 |
///
/// The published ankle ranges overlap at 70 mmHg; ABIKit puts 70 in grade 1 (docs/clinical-rules.md).
/// Pressures are compared exactly, so 69.5 mmHg is grade 2 and 100.5 mmHg grade 0.
public enum WIfIIschemiaGrade: Int, Sendable, Equatable, Comparable, CaseIterable {
    case grade0 = 0
    case grade1 = 1
    case grade2 = 2
    case grade3 = 3

    /// Stable code: `0` to `3`.
    public var code: String {
        switch self {
        case .grade0: return "0"
        case .grade1: return "1"
        case .grade2: return "2"
        case .grade3: return "3"
        }
    }

    public static func < (lhs: WIfIIschemiaGrade, rhs: WIfIIschemiaGrade) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// Grade from an ABI in hundredths (the 2-decimal value).
    @inlinable @inline(__always)
    public init(abiHundredths hundredths: Int) {
        if hundredths >= 80 { self = .grade0 } else if hundredths >= 60 { self = .grade1 } else if hundredths >= 40 {
            self = .grade2
        } else { self = .grade3 }
    }

    /// Grade from an ankle systolic pressure: > 100, 70-100, 50-69, < 50 mmHg.
    @inlinable @inline(__always)
    public init(anklePressure pressure: ExactPressure) {
        if pressure.compare(toMillimetres: 100) > 0 {
            self = .grade0
        } else if pressure.compare(toMillimetres: 70) >= 0 {
            self = .grade1
        } else if pressure.compare(toMillimetres: 50) >= 0 {
            self = .grade2
        } else {
            self = .grade3
        }
    }

    /// Grade from a toe pressure or TcPO2: >= 60, 40-59, 30-39, < 30 mmHg.
    @inlinable @inline(__always)
    public init(toePressureOrTcPO2 pressure: ExactPressure) {
        if pressure.compare(toMillimetres: 60) >= 0 {
            self = .grade0
        } else if pressure.compare(toMillimetres: 40) >= 0 {
            self = .grade1
        } else if pressure.compare(toMillimetres: 30) >= 0 {
            self = .grade2
        } else {
            self = .grade3
        }
    }
}
