/// Where a pressure was taken. Raw values are dense (`0..<count`) so storage can be indexed.
///
/// Post-exercise sites serve the exercise-ABI rule (docs/clinical-rules.md; AHA/ACC 2016): one ankle
/// pressure per leg (the clinic records the artery it follows after exercise, usually the one
/// with the higher resting pressure) and one brachial pressure. TcPO2 (mmHg) feeds the WIfI
/// ischemia grade (Mills 2014) where no toe pressure is present.
public enum PressureSite: UInt8, Sendable, Equatable, Hashable, CaseIterable {
    case brachialLeft
    case brachialRight
    case ankleDPLeft
    case anklePTLeft
    case ankleDPRight
    case anklePTRight
    case toeLeft
    case toeRight
    case postExerciseAnkleLeft
    case postExerciseAnkleRight
    case postExerciseBrachial
    case tcpo2Left
    case tcpo2Right

    /// Number of sites.
    public static let count = 13

    /// All sites in declaration order, stored once (iterating it does not allocate).
    public static let allCases: [PressureSite] = [
        .brachialLeft, .brachialRight, .ankleDPLeft, .anklePTLeft, .ankleDPRight, .anklePTRight,
        .toeLeft, .toeRight, .postExerciseAnkleLeft, .postExerciseAnkleRight, .postExerciseBrachial,
        .tcpo2Left, .tcpo2Right,
    ]

    /// Stable snake_case code for messages, e.g. `ankle_pt_left`.
    public var code: String {
        switch self {
        case .brachialLeft: return "brachial_left"
        case .brachialRight: return "brachial_right"
        case .ankleDPLeft: return "ankle_dp_left"
        case .anklePTLeft: return "ankle_pt_left"
        case .ankleDPRight: return "ankle_dp_right"
        case .anklePTRight: return "ankle_pt_right"
        case .toeLeft: return "toe_left"
        case .toeRight: return "toe_right"
        case .postExerciseAnkleLeft: return "post_exercise_ankle_left"
        case .postExerciseAnkleRight: return "post_exercise_ankle_right"
        case .postExerciseBrachial: return "post_exercise_brachial"
        case .tcpo2Left: return "tcpo2_left"
        case .tcpo2Right: return "tcpo2_right"
        }
    }

    /// The site with this code, or nil.
    public init?(code: String) {
        guard let site = PressureSite.allCases.first(where: { $0.code == code }) else { return nil }
        self = site
    }
}
