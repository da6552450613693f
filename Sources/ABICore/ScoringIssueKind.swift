/// Every problem ABICore reports: the one typed issue enum of the clinical layer. Each kind has
/// a fixed severity and a stable snake_case code (validation rules from docs/clinical-rules.md "Flags").
public enum ScoringIssueKind: Sendable, Hashable {
    /// A reading is not a valid pressure (< 0 or > 300 mmHg, or unreadable). Error.
    case invalidPressure(InvalidPressureReason)
    /// More readings at one site than the exact sum can hold. Error.
    case tooManyReadings
    /// Two of measured, absent signal and noncompressible were recorded at one site; see
    /// `SiteReadings` for which one wins. Warning.
    case mixedReadings
    /// No arm has a usable (measured) brachial pressure, so no ABI or TBI. Error.
    case noBrachialPressure
    /// Neither leg has an ankle reading the method uses, so no ABI. Error.
    case noAnklePressure
    /// A brachial reading is an absent signal; that arm is not used. Warning.
    case brachialAbsentSignal
    /// A brachial reading is noncompressible; that arm is not used. Warning.
    case brachialNoncompressible
    /// Brachial pressure < 70 or > 250 mmHg (docs/clinical-rules.md validation). Warning.
    case brachialOutOfRange
    /// Ankle pressure from 1 to 39 mmHg (exactly: above 0 and below 40; docs/clinical-rules.md
    /// validation). Warning.
    case anklePressureVeryLow
    /// A leg's ABI < 0.20 from a nonzero ankle pressure, or > 2.50: likely a typo
    /// (docs/clinical-rules.md validation). Warning.
    case abiImplausible
    /// A toe reading is noncompressible; no TBI for that leg. Warning.
    case toeNoncompressible
    /// A post-exercise reading is noncompressible; that criterion is not evaluated. Warning.
    case postExerciseNoncompressible
    /// A unit column says something other than mmHg (docs/clinical-rules.md validation). Warning.
    case unitNotMillimetresOfMercury
    /// A systolic pressure is below the diastolic pressure given for it (docs/clinical-rules.md
    /// validation). Warning.
    case systolicBelowDiastolic
    /// An exact quotient's operands do not fit in 64 bits; the result is left empty. Error.
    case arithmeticOverflow
    /// A visit date is not a valid `yyyy-mm-dd` date. Error.
    case invalidVisitDate
    /// A visit is dated before the subject's latest visit (unsorted input); no change is computed. Warning.
    case visitDateOutOfOrder
    /// The subject already has a visit on this date. Warning.
    case duplicateVisitDate

    /// Error or warning.
    public var severity: IssueSeverity {
        switch self {
        case .invalidPressure, .tooManyReadings, .noBrachialPressure, .noAnklePressure,
             .arithmeticOverflow, .invalidVisitDate:
            return .error
        case .mixedReadings, .brachialAbsentSignal, .brachialNoncompressible, .brachialOutOfRange,
             .anklePressureVeryLow, .abiImplausible, .toeNoncompressible, .postExerciseNoncompressible,
             .visitDateOutOfOrder, .duplicateVisitDate, .unitNotMillimetresOfMercury, .systolicBelowDiastolic:
            return .warning
        }
    }

    /// Stable snake_case code.
    public var code: String {
        switch self {
        case .invalidPressure: return "invalid_pressure"
        case .tooManyReadings: return "too_many_readings"
        case .mixedReadings: return "mixed_readings"
        case .noBrachialPressure: return "no_brachial_pressure"
        case .noAnklePressure: return "no_ankle_pressure"
        case .brachialAbsentSignal: return "brachial_absent_signal"
        case .brachialNoncompressible: return "brachial_noncompressible"
        case .brachialOutOfRange: return "brachial_out_of_range"
        case .anklePressureVeryLow: return "ankle_pressure_very_low"
        case .abiImplausible: return "abi_implausible"
        case .toeNoncompressible: return "toe_noncompressible"
        case .postExerciseNoncompressible: return "post_exercise_noncompressible"
        case .unitNotMillimetresOfMercury: return "unit_not_mmhg"
        case .systolicBelowDiastolic: return "systolic_below_diastolic"
        case .arithmeticOverflow: return "arithmetic_overflow"
        case .invalidVisitDate: return "invalid_visit_date"
        case .visitDateOutOfOrder: return "visit_date_out_of_order"
        case .duplicateVisitDate: return "duplicate_visit_date"
        }
    }

    /// A short human description.
    public var explanation: String {
        switch self {
        case .invalidPressure(let reason): return "invalid pressure: " + reason.explanation
        case .tooManyReadings: return "too many readings to sum exactly"
        case .mixedReadings: return "readings of different status at one site"
        case .noBrachialPressure: return "no usable brachial pressure; ABI and TBI not computed"
        case .noAnklePressure: return "no ankle pressure for the ABI method in either leg"
        case .brachialAbsentSignal: return "absent brachial signal; arm not used"
        case .brachialNoncompressible: return "noncompressible brachial reading; arm not used"
        case .brachialOutOfRange:
            return "brachial pressure below \(ClinicalLimits.brachialLowMillimetres) or above \(ClinicalLimits.brachialHighMillimetres) mmHg"
        case .anklePressureVeryLow: return "ankle pressure between 1 and 39 mmHg"
        case .abiImplausible: return "ABI below 0.20 or above 2.50; likely a typo"
        case .toeNoncompressible: return "noncompressible toe reading; no TBI"
        case .postExerciseNoncompressible: return "noncompressible post-exercise reading; not evaluated"
        case .unitNotMillimetresOfMercury: return "unit is not mmHg"
        case .systolicBelowDiastolic: return "systolic pressure below diastolic pressure"
        case .arithmeticOverflow: return "numbers too large for exact arithmetic; result left empty"
        case .invalidVisitDate: return "visit date is not a valid date (yyyy-mm-dd, an ISO datetime, or the --date-format)"
        case .visitDateOutOfOrder: return "visit dated before this subject's latest visit; ABI change not computed (sort rows by subject and date)"
        case .duplicateVisitDate: return "subject already has a visit on this date"
        }
    }
}
