/// What an input column means to ABIKit. Raw values are the canonical snake_case column names,
/// also accepted by `--map` (`--map ankle_pt_left=LPT`).
///
/// ABICore has its own pressure-site type; the CLI maps between the two.
public enum InputRole: String, Sendable, Hashable, CaseIterable, Comparable {
    case brachialLeft = "brachial_left"
    case brachialRight = "brachial_right"
    case ankleDorsalisPedisLeft = "ankle_dp_left"
    case anklePosteriorTibialLeft = "ankle_pt_left"
    case ankleDorsalisPedisRight = "ankle_dp_right"
    case anklePosteriorTibialRight = "ankle_pt_right"
    case toeLeft = "toe_left"
    case toeRight = "toe_right"
    case subject
    case date
    case method
    case anklePostExerciseLeft = "ankle_post_left"
    case anklePostExerciseRight = "ankle_post_right"
    case brachialPostExercise = "brachial_post"
    case tcpo2Left = "tcpo2_left"
    case tcpo2Right = "tcpo2_right"
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
