/// What an input column means to ABIKit. Raw values are the canonical snake_case column names,
/// also accepted by `--map` (`--map ankle_pt_left=LPT`).
///
/// ABICore has its own pressure-site type; the CLI maps between the two.
public enum InputRole: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Resting systolic pressure, left arm (mmHg).
    case brachialLeft = "brachial_left"
    /// Resting systolic pressure, right arm (mmHg).
    case brachialRight = "brachial_right"
    /// Resting ankle pressure, left dorsalis pedis artery.
    case ankleDorsalisPedisLeft = "ankle_dp_left"
    /// Resting ankle pressure, left posterior tibial artery (also a generic "left ankle" pressure).
    case anklePosteriorTibialLeft = "ankle_pt_left"
    /// Resting ankle pressure, right dorsalis pedis artery.
    case ankleDorsalisPedisRight = "ankle_dp_right"
    /// Resting ankle pressure, right posterior tibial artery (also a generic "right ankle" pressure).
    case anklePosteriorTibialRight = "ankle_pt_right"
    /// Left toe (hallux) systolic pressure, for the toe-brachial index.
    case toeLeft = "toe_left"
    /// Right toe (hallux) systolic pressure.
    case toeRight = "toe_right"
    /// Subject or patient identifier.
    case subject
    /// Visit or measurement date.
    case date
    /// Measurement method or device (Doppler, oscillometric, ...).
    case method
    /// Left ankle pressure after exercise (treadmill test).
    case anklePostExerciseLeft = "ankle_post_left"
    /// Right ankle pressure after exercise.
    case anklePostExerciseRight = "ankle_post_right"
    /// Arm pressure after exercise.
    case brachialPostExercise = "brachial_post"
    /// Transcutaneous oxygen pressure, left foot (mmHg).
    case tcpo2Left = "tcpo2_left"
    /// Transcutaneous oxygen pressure, right foot (mmHg).
    case tcpo2Right = "tcpo2_right"
    /// Pressure unit of the row (mmHg or kPa).
    case unit

    /// Resting arm pressures; at least one is required.
    public var isRestingBrachial: Bool { self == .brachialLeft || self == .brachialRight }

    /// Resting ankle pressures; at least one is required.
    public var isRestingAnkle: Bool {
        switch self {
        case .ankleDorsalisPedisLeft, .anklePosteriorTibialLeft, .ankleDorsalisPedisRight, .anklePosteriorTibialRight:
            return true
        default:
            return false
        }
    }

    /// Whether several columns may hold repeated readings of this role (measurements, not labels).
    public var allowsRepeatedReadings: Bool {
        switch self {
        case .subject, .date, .method, .unit: return false
        default: return true
        }
    }

    /// Declaration order, so mappings print in a stable, familiar order.
    public static func < (lhs: InputRole, rhs: InputRole) -> Bool {
        let order = InputRole.allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}
