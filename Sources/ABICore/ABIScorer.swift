/// Scores one visit: ABI per leg and patient, category, severity, TBI, WIfI ischemia grade,
/// inter-arm difference, exercise ABI, flags and validation issues (rules of docs/clinical-rules.md; each
/// threshold's source is on the type that applies it).
///
/// Decisions where docs/clinical-rules.md is silent:
/// - Absent signal counts as 0 mmHg at ankle and toe; an absent or noncompressible brachial
///   reading is not used (warning). An ABI or TBI whose numerator is 0 is 0.00 even without a
///   brachial pressure (0 over any pressure is 0); docs/clinical-rules.md's all-absent leg is this case.
/// - Patient ABI is nil when the patient category is noncompressible, and when a leg with
///   readings has no computable ABI (it could be the worse leg) unless the other leg is abnormal.
/// - WIfI uses the leg's higher ankle artery whatever the ABI method, and TcPO2 only where no
///   toe pressure is present.
/// - An invalid reading empties every result that depends on it (an invalid arm may have been
///   the higher one), and the row has status `error`.
/// - Standard and mean-arms methods: a noncompressible DP or PT makes the leg noncompressible
///   (the higher pressure is unknown). Lower-ankle method: a noncompressible artery is skipped
///   when the other has a pressure (the lower one is known), and the leg is flagged.
/// - TBI always uses the higher brachial pressure, whatever the ABI method.
///
/// Allocation-free unless an issue is reported.
public enum ABIScorer {
    /// Scores `readings` under `options`.
    ///
    /// Inlinable: the score is built in the caller's own variable (returned from a call, the
    /// 280-byte VisitScore was built in a local and copied out).
    @inlinable
    public static func score(_ readings: borrowing VisitReadings, options: ScoringOptions = ScoringOptions()) -> VisitScore {
        var score = VisitScore(options: options)
        if !scoreUsualVisit(readings, into: &score) {
            scoreGeneral(readings, into: &score)
        }
        return score
    }

    /// Every rule, for any visit: `score` without the usual-visit shortcut. `score` must be a
    /// fresh `VisitScore` (no results, no flags, no issues).
    @usableFromInline
    static func scoreGeneral(_ readings: borrowing VisitReadings, into score: inout VisitScore) {
        // Flags and issues are gathered in the score itself (no final assignment, which made the
        // optimiser copy the whole VisitScore).
        let options = score.options

        // Every site in declaration order, read in place (unrolled: no subscript switch per site).
        checkSite(readings.brachialLeftReadings, .brachialLeft, flags: &score.flags, issues: &score.issues)
        checkSite(readings.brachialRightReadings, .brachialRight, flags: &score.flags, issues: &score.issues)
        checkSite(readings.ankleDPLeftReadings, .ankleDPLeft, flags: &score.flags, issues: &score.issues)
        checkSite(readings.anklePTLeftReadings, .anklePTLeft, flags: &score.flags, issues: &score.issues)
        checkSite(readings.ankleDPRightReadings, .ankleDPRight, flags: &score.flags, issues: &score.issues)
        checkSite(readings.anklePTRightReadings, .anklePTRight, flags: &score.flags, issues: &score.issues)
        checkSite(readings.toeLeftReadings, .toeLeft, flags: &score.flags, issues: &score.issues)
        checkSite(readings.toeRightReadings, .toeRight, flags: &score.flags, issues: &score.issues)
        checkSite(readings.postExerciseAnkleLeftReadings, .postExerciseAnkleLeft, flags: &score.flags, issues: &score.issues)
        checkSite(readings.postExerciseAnkleRightReadings, .postExerciseAnkleRight, flags: &score.flags, issues: &score.issues)
        checkSite(readings.postExerciseBrachialReadings, .postExerciseBrachial, flags: &score.flags, issues: &score.issues)
        checkSite(readings.tcpo2LeftReadings, .tcpo2Left, flags: &score.flags, issues: &score.issues)
        checkSite(readings.tcpo2RightReadings, .tcpo2Right, flags: &score.flags, issues: &score.issues)

        // Arms (AHA/ACC 2016: the higher brachial pressure; one arm available: use it).
        // Each site's status once (each builds its exact mean); the legs get them as arguments.
        let leftArmStatus = readings.brachialLeftReadings.status
        let rightArmStatus = readings.brachialRightReadings.status
        let postBrachialStatus = readings.postExerciseBrachialReadings.status
        let leftArm = usableArm(leftArmStatus, site: .brachialLeft, issues: &score.issues)
        let rightArm = usableArm(rightArmStatus, site: .brachialRight, issues: &score.issues)
        let armInvalid = isInvalid(leftArmStatus) || isInvalid(rightArmStatus)
        if !armInvalid && (leftArm == nil) != (rightArm == nil) { score.flags.insert(.singleArm) }
        if !armInvalid && leftArm == nil && rightArm == nil { score.issues.append(ScoringIssue(.noBrachialPressure)) }
        let higherArm = armInvalid ? nil : higher(leftArm, rightArm)
        var overflow = false
        let abiDenominator: ExactPressure?
        switch options.method {
        case .standard, .lowerAnkle, .posteriorTibialOnly, .dorsalisPedisOnly:
            abiDenominator = higherArm
        case .meanArms:
            abiDenominator = armInvalid ? nil : meanArmsDenominator(leftArm, rightArm, overflow: &overflow)
        case .nhanes:
            // NHANES LEXABPI: right arm, the left when the right has no pressure.
            if isInvalid(rightArmStatus) {
                abiDenominator = nil
            } else if let rightArm {
                abiDenominator = rightArm
            } else {
                abiDenominator = isInvalid(leftArmStatus) ? nil : leftArm
            }
        }

        if postBrachialStatus.isNoncompressible {
            score.issues.append(ScoringIssue(.postExerciseNoncompressible, site: .postExerciseBrachial))
        }

        // Inter-arm difference (Clark 2012), exact.
        if let leftArm, let rightArm {
            if let difference = ExactPressure.absoluteDifference(leftArm, rightArm) {
                score.interArmDifference = difference.roundedToHundredths
                if difference.compare(toMillimetres: UInt64(clamping: options.interArmSubclavianThreshold)) >= 0 {
                    score.flags.insert(.interArm10)
                }
                if difference.compare(toMillimetres: UInt64(clamping: options.interArmRiskThreshold)) >= 0 {
                    score.flags.insert(.interArm15)
                }
            } else {
                overflow = true
            }
        }

        var leftAnkleAvailable = false
        var rightAnkleAvailable = false
        scoreLeg(.left, into: &score.left,
                 dp: readings.ankleDPLeftReadings.status, pt: readings.anklePTLeftReadings.status,
                 toe: readings.toeLeftReadings.status, tcpo2: readings.tcpo2LeftReadings.status,
                 post: readings.postExerciseAnkleLeftReadings.status, postBrachial: postBrachialStatus,
                 options: options, abiDenominator: abiDenominator,
                 higherArm: higherArm, armInvalid: armInvalid, ankleAvailable: &leftAnkleAvailable,
                 flags: &score.flags, issues: &score.issues, overflow: &overflow)
        scoreLeg(.right, into: &score.right,
                 dp: readings.ankleDPRightReadings.status, pt: readings.anklePTRightReadings.status,
                 toe: readings.toeRightReadings.status, tcpo2: readings.tcpo2RightReadings.status,
                 post: readings.postExerciseAnkleRightReadings.status, postBrachial: postBrachialStatus,
                 options: options, abiDenominator: abiDenominator,
                 higherArm: higherArm, armInvalid: armInvalid, ankleAvailable: &rightAnkleAvailable,
                 flags: &score.flags, issues: &score.issues, overflow: &overflow)
        if !leftAnkleAvailable && !rightAnkleAvailable { score.issues.append(ScoringIssue(.noAnklePressure)) }
        if (score.left.category == nil) != (score.right.category == nil) { score.flags.insert(.singleLeg) }
        if score.left.category == .noncompressible || score.right.category == .noncompressible {
            score.flags.insert(.tbiRecommended)
        }
        if overflow { score.issues.append(ScoringIssue(.arithmeticOverflow)) }

        scorePatient(&score, options: options)
        score.wifiIschemiaGrade = worse(score.left.wifiIschemiaGrade, score.right.wifiIschemiaGrade)
    }

    // MARK: Usual visit

    /// The usual visit under the standard method: at most one measured reading at each arm and at
    /// each DP and PT, with at least one arm and one artery per leg, nothing at any other site, and
    /// nothing the general rules would report as an issue (brachial 70-250 mmHg, ankle arteries
    /// >= 40 mmHg, both ABIs 0.20-2.50; docs/clinical-rules.md validation). Scores it into the fresh
    /// `score` with the same rules and helpers as `scoreGeneral` restricted to that case, and
    /// returns true; returns false, with `score` untouched, for any other visit.
    /// `ScorerFastPathTests` checks it against `scoreGeneral`.
    ///
    /// What the general rules give in this case: no site issue and no repeated-readings flag
    /// (single clean readings); the higher arm is the denominator, or the only arm, flagged
    /// single-arm, and with both arms the inter-arm difference is reported (Clark 2012); per leg,
    /// the higher of DP and PT (or the only one, flagged single-artery) is both the ankle pressure
    /// and the ABI numerator (AHA/ACC 2016), never 0; no TBI, TcPO2 or exercise result; WIfI from
    /// the ABI and ankle pressure unless the leg is noncompressible (Mills 2014); both legs have a
    /// category, so no single-leg flag.
    @usableFromInline
    static func scoreUsualVisit(_ readings: borrowing VisitReadings, into score: inout VisitScore) -> Bool {
        let leftArmSite = readings.brachialLeftReadings, rightArmSite = readings.brachialRightReadings
        let leftDPSite = readings.ankleDPLeftReadings, leftPTSite = readings.anklePTLeftReadings
        let rightDPSite = readings.ankleDPRightReadings, rightPTSite = readings.anklePTRightReadings
        // Each main site one clean measured reading or none (status `.measured` or `.notMeasured`):
        // no invalid, absent, noncompressible or overflowed reading, at most one measured.
        let unusual = leftArmSite.unusualBits | rightArmSite.unusualBits | leftDPSite.unusualBits
            | leftPTSite.unusualBits | rightDPSite.unusualBits | rightPTSite.unusualBits
        guard unusual == 0,
              readings.toeLeftReadings.isEmpty, readings.toeRightReadings.isEmpty,
              readings.postExerciseAnkleLeftReadings.isEmpty, readings.postExerciseAnkleRightReadings.isEmpty,
              readings.postExerciseBrachialReadings.isEmpty,
              readings.tcpo2LeftReadings.isEmpty, readings.tcpo2RightReadings.isEmpty,
              let usual = scoreUsualReadings(
                leftArm: leftArmSite.singleReadingNanounits, rightArm: rightArmSite.singleReadingNanounits,
                leftDP: leftDPSite.singleReadingNanounits, leftPT: leftPTSite.singleReadingNanounits,
                rightDP: rightDPSite.singleReadingNanounits, rightPT: rightPTSite.singleReadingNanounits,
                options: score.options)
        else { return false }
        usual.left.fill(&score.left)
        usual.right.fill(&score.right)
        score.abi = usual.abi
        score.category = usual.category
        score.severity = usual.severity
        score.wifiIschemiaGrade = usual.wifiIschemiaGrade
        score.interArmDifference = usual.interArmDifference
        score.flags.formUnion(usual.flags)
        return true
    }

    /// The results of a usual visit (``scoreUsualReadings(leftArm:rightArm:leftDP:leftPT:rightDP:rightPT:options:)``)
    /// without a ``VisitScore``: what batch scoring writes, for rows that take its shortcut.
    package struct UsualVisitScore: Sendable, Equatable {
        /// One leg: the ankle pressure (the higher artery), its ABI in hundredths, category and WIfI grade.
        package struct Leg: Sendable, Equatable {
            package var anklePressure: ExactPressure
            package var abi: Int
            package var category: ABICategory
            package var wifiIschemiaGrade: WIfIIschemiaGrade?

            @inline(__always)
            func fill(_ leg: inout LegScore) {
                leg.anklePressure = anklePressure
                leg.abi = abi
                leg.category = category
                leg.wifiIschemiaGrade = wifiIschemiaGrade
            }
        }

        package var left: Leg
        package var right: Leg
        package var abi: Int?
        package var category: ABICategory?
        package var severity: PADSeverity?
        package var wifiIschemiaGrade: WIfIIschemiaGrade?
        package var interArmDifference: ExactDecimal?
        package var flags: ScoreFlags
    }

    /// `scoreUsualVisit` from the six main sites' readings, each the nanounits of one measured
    /// reading (more than 0) or 0 when the site has none; nil when the visit is not a usual one
    /// (the arms and ankles outside the ranges, a missing arm or leg, an implausible ABI, another
    /// method than the standard one). Batch scoring calls it straight from the parsed cells.
    @inline(__always)
    package static func scoreUsualReadings(leftArm leftArmNanounits: UInt64, rightArm rightArmNanounits: UInt64,
                                           leftDP leftDPNanounits: UInt64, leftPT leftPTNanounits: UInt64,
                                           rightDP rightDPNanounits: UInt64, rightPT rightPTNanounits: UInt64,
                                           options: ScoringOptions) -> UsualVisitScore? {
        let hasLeftArm = leftArmNanounits != 0, hasRightArm = rightArmNanounits != 0
        let hasLeftDP = leftDPNanounits != 0, hasLeftPT = leftPTNanounits != 0
        let hasRightDP = rightDPNanounits != 0, hasRightPT = rightPTNanounits != 0
        // At least one arm and one artery per leg: otherwise an issue or a single-leg visit.
        guard options.method == .standard, hasLeftArm || hasRightArm, hasLeftDP || hasLeftPT,
              hasRightDP || hasRightPT else { return nil }
        // A single measured reading's status is its pressure over 1 (SiteReadings.status). A missing
        // site reads as the other of its pair, for the range checks and the maxima below (the higher
        // of a pressure and itself is that pressure).
        let leftArm = ExactPressure(nanounits: hasLeftArm ? leftArmNanounits : rightArmNanounits, divisor: 1)
        let rightArm = ExactPressure(nanounits: hasRightArm ? rightArmNanounits : leftArmNanounits, divisor: 1)
        let leftDP = ExactPressure(nanounits: hasLeftDP ? leftDPNanounits : leftPTNanounits, divisor: 1)
        let leftPT = ExactPressure(nanounits: hasLeftPT ? leftPTNanounits : leftDPNanounits, divisor: 1)
        let rightDP = ExactPressure(nanounits: hasRightDP ? rightDPNanounits : rightPTNanounits, divisor: 1)
        let rightPT = ExactPressure(nanounits: hasRightPT ? rightPTNanounits : rightDPNanounits, divisor: 1)
        // docs/clinical-rules.md validation warnings (brachial < 70 or > 250, ankle 1-39): the general path.
        let armLow = ClinicalLimits.brachialLowMillimetres, armHigh = ClinicalLimits.brachialHighMillimetres
        let ankleLow = ClinicalLimits.ankleLowMillimetres
        guard leftArm.compare(toMillimetres: armLow) >= 0, leftArm.compare(toMillimetres: armHigh) <= 0,
              rightArm.compare(toMillimetres: armLow) >= 0, rightArm.compare(toMillimetres: armHigh) <= 0,
              leftDP.compare(toMillimetres: ankleLow) >= 0, leftPT.compare(toMillimetres: ankleLow) >= 0,
              rightDP.compare(toMillimetres: ankleLow) >= 0, rightPT.compare(toMillimetres: ankleLow) >= 0 else { return nil }

        // AHA/ACC 2016: higher ankle artery over the higher brachial pressure.
        let higherArm = maxPressure(leftArm, rightArm)
        let leftAnkle = maxPressure(leftDP, leftPT)
        let rightAnkle = maxPressure(rightDP, rightPT)
        // Both ankles are >= 40 mmHg and the arm >= 70 mmHg: the quotients fit (nil never happens).
        guard let leftABI = ExactPressure.ratioHundredths(leftAnkle, over: higherArm),
              let rightABI = ExactPressure.ratioHundredths(rightAnkle, over: higherArm),
              // docs/clinical-rules.md validation: ABI < 0.20 or > 2.50 is likely a typo (an issue).
              leftABI >= ClinicalLimits.implausibleABIBelowHundredths, leftABI <= ClinicalLimits.implausibleABIAboveHundredths,
              rightABI >= ClinicalLimits.implausibleABIBelowHundredths, rightABI <= ClinicalLimits.implausibleABIAboveHundredths
        else { return nil }

        var flags: ScoreFlags = []
        var interArmDifference: ExactDecimal? = nil
        if !(hasLeftArm && hasRightArm) {
            // One arm: it is the denominator, flagged; no inter-arm difference.
            flags.insert(.singleArm)
        } else {
            // Inter-arm difference (Clark 2012), exact; the difference of two single readings fits.
            let difference = ExactPressure(nanounits: leftArm.nanounits >= rightArm.nanounits
                                               ? leftArm.nanounits - rightArm.nanounits
                                               : rightArm.nanounits - leftArm.nanounits, divisor: 1)
            interArmDifference = difference.roundedToHundredths
            if difference.compare(toMillimetres: UInt64(clamping: options.interArmSubclavianThreshold)) >= 0 {
                flags.insert(.interArm10)
            }
            if difference.compare(toMillimetres: UInt64(clamping: options.interArmRiskThreshold)) >= 0 {
                flags.insert(.interArm15)
            }
        }
        // One artery of a leg: used alone and flagged (AHA/ACC 2016 takes the higher of those measured).
        if !(hasLeftDP && hasLeftPT && hasRightDP && hasRightPT) {
            flags.insert(.singleAnkleArtery)
        }
        let left = usualLeg(ankle: leftAnkle, abi: leftABI, options: options, flags: &flags)
        let right = usualLeg(ankle: rightAnkle, abi: rightABI, options: options, flags: &flags)
        if left.category == .noncompressible || right.category == .noncompressible {
            flags.insert(.tbiRecommended)
        }
        let patient = patientResult(leftCategory: left.category, rightCategory: right.category,
                                    leftABI: left.abi, rightABI: right.abi, eitherUndetermined: false, options: options)
        return UsualVisitScore(left: left, right: right, abi: patient.abi, category: patient.category,
                               severity: patient.severity,
                               wifiIschemiaGrade: worse(left.wifiIschemiaGrade, right.wifiIschemiaGrade),
                               interArmDifference: interArmDifference, flags: flags)
    }

    /// One leg of the usual visit (`scoreLeg` with one or two measured arteries, no toe, TcPO2 or
    /// exercise reading, and a plausible ABI).
    @inline(__always)
    static func usualLeg(ankle: ExactPressure, abi: Int, options: ScoringOptions,
                         flags: inout ScoreFlags) -> UsualVisitScore.Leg {
        // PARC; TASC II: < 50 rest pain, < 70 tissue loss.
        if ankle.compare(toMillimetres: 50) < 0 { flags.insert(.ankleBelow50) }
        if ankle.compare(toMillimetres: 70) < 0 { flags.insert(.ankleBelow70) }
        let category = ABICategory(hundredths: abi, cutoff: options.padCutoff,
                                   noncompressibleAbove: options.noncompressibleThreshold)
        var grade: WIfIIschemiaGrade? = nil
        if category == .noncompressible {
            flags.insert(.noncompressible)
        } else {
            // WIfI (Mills 2014): worst of the ABI and ankle-pressure grades; a noncompressible
            // leg's values are falsely high and are not used.
            grade = Swift.max(WIfIIschemiaGrade(abiHundredths: abi), WIfIIschemiaGrade(anklePressure: ankle))
        }
        return UsualVisitScore.Leg(anklePressure: ankle, abi: abi, category: category, wifiIschemiaGrade: grade)
    }

    /// Validation issues and the repeated-readings flag of one site.
    @inline(__always)
    static func checkSite(_ siteReadings: SiteReadings, _ site: PressureSite, flags: inout ScoreFlags,
                          issues: inout [ScoringIssue]) {
        // Usual case: only measured readings (or none), so no invalid reason (it is set with the
        // first invalid reading), no overflow and no mix.
        if (siteReadings.invalidCount | siteReadings.noncompressibleCount | siteReadings.absentSignalCount) == 0
            && !siteReadings.overflowed {
            if siteReadings.measuredCount > 1 { flags.insert(.repeatedReadings) }
            return
        }
        if let reason = siteReadings.firstInvalidReason {
            issues.append(ScoringIssue(.invalidPressure(reason), site: site))
        }
        if siteReadings.overflowed { issues.append(ScoringIssue(.tooManyReadings, site: site)) }
        if siteReadings.hasMixedStatuses { issues.append(ScoringIssue(.mixedReadings, site: site)) }
        if siteReadings.measuredCount > 1 { flags.insert(.repeatedReadings) }
    }

    // MARK: Patient

    /// docs/clinical-rules.md patient level: worst leg; a leg at or below the cut-off makes the patient
    /// abnormal; a noncompressible leg with the other normal (or also noncompressible, or
    /// missing) is noncompressible with no patient ABI. An undetermined leg (readings but no
    /// ABI) could be the worse one, so then only an abnormal other leg gives a patient result.
    @inline(always)
    static func scorePatient(_ score: inout VisitScore, options: ScoringOptions) {
        // Fields read in place: no copy of either LegScore.
        let patient = patientResult(leftCategory: score.left.category, rightCategory: score.right.category,
                                    leftABI: score.left.abi, rightABI: score.right.abi,
                                    eitherUndetermined: score.left.isUndetermined || score.right.isUndetermined,
                                    options: options)
        score.abi = patient.abi
        score.category = patient.category
        score.severity = patient.severity
    }

    /// ``scorePatient(_:options:)``'s rules on the legs' categories and ABIs (`eitherUndetermined`: a
    /// leg has readings but no computable ABI).
    @inline(__always)
    static func patientResult(leftCategory: ABICategory?, rightCategory: ABICategory?, leftABI: Int?, rightABI: Int?,
                              eitherUndetermined: Bool, options: ScoringOptions)
        -> (abi: Int?, category: ABICategory?, severity: PADSeverity?) {
        var abi: Int? = nil
        var category: ABICategory? = nil
        if leftCategory == .abnormal || rightCategory == .abnormal {
            category = .abnormal
            abi = lower(leftCategory == .abnormal ? leftABI : nil,
                        rightCategory == .abnormal ? rightABI : nil)
        } else if eitherUndetermined {
            return (nil, nil, nil)
        } else if leftCategory == .noncompressible || rightCategory == .noncompressible {
            let leftIsNoncompressible = leftCategory == .noncompressible
            let otherCategory = leftIsNoncompressible ? rightCategory : leftCategory
            if otherCategory == .borderline {
                category = .borderline
                abi = leftIsNoncompressible ? rightABI : leftABI
            } else {
                category = .noncompressible
                abi = nil
            }
        } else if let worst = lower(leftABI, rightABI) {
            abi = worst
            category = ABICategory(hundredths: worst, cutoff: options.padCutoff,
                                   noncompressibleAbove: options.noncompressibleThreshold)
        }
        var severity: PADSeverity? = nil
        if category == .abnormal, let abi {
            severity = options.severityScheme.severity(ofAbnormal: abi)
        }
        return (abi, category, severity)
    }

    // MARK: Legs

    /// The ankle pressure a method selects for one leg.
    enum AnkleChoice {
        case pressure(ExactPressure)
        case noncompressible
        case unavailable
        case invalid
    }

    /// Scores one leg into `leg` (a fresh `LegScore`) from its sites' statuses.
    @inline(__always)
    static func scoreLeg(_ limb: Limb, into leg: inout LegScore,
                         dp: SiteStatus, pt: SiteStatus, toe: SiteStatus, tcpo2: SiteStatus,
                         post: SiteStatus, postBrachial: SiteStatus, options: ScoringOptions,
                         abiDenominator: ExactPressure?, higherArm: ExactPressure?, armInvalid: Bool,
                         ankleAvailable: inout Bool, flags: inout ScoreFlags, issues: inout [ScoringIssue],
                         overflow: inout Bool) {
        let dpSite: PressureSite = limb == .left ? .ankleDPLeft : .ankleDPRight
        let ptSite: PressureSite = limb == .left ? .anklePTLeft : .anklePTRight

        // Validation: ankle pressure 1-39 mmHg (docs/clinical-rules.md), checked on each site's mean.
        if let pressure = dp.measuredPressure, pressure.compare(toMillimetres: ClinicalLimits.ankleLowMillimetres) < 0 {
            issues.append(ScoringIssue(.anklePressureVeryLow, site: dpSite))
        }
        if let pressure = pt.measuredPressure, pressure.compare(toMillimetres: ClinicalLimits.ankleLowMillimetres) < 0 {
            issues.append(ScoringIssue(.anklePressureVeryLow, site: ptSite))
        }
        if dp.isAbsentSignal || pt.isAbsentSignal { flags.insert(.absentSignal) }
        let dpExamined = !dp.isNotMeasured
        let ptExamined = !pt.isNotMeasured
        let allAbsent = (dpExamined || ptExamined) && (!dpExamined || dp.isAbsentSignal)
            && (!ptExamined || pt.isAbsentSignal)
        if allAbsent { flags.insert(.allAnkleArteriesAbsent) }

        // The leg's ankle pressure for CLTI markers and WIfI: higher of DP and PT.
        let ankleInputsUsable = !isInvalid(dp) && !isInvalid(pt) && !dp.isNoncompressible && !pt.isNoncompressible
        leg.anklePressure = ankleInputsUsable ? higher(dp.pressureOrZero, pt.pressureOrZero) : nil
        if let ankle = leg.anklePressure {
            // PARC; TASC II: < 50 rest pain, < 70 tissue loss.
            if ankle.compare(toMillimetres: 50) < 0 { flags.insert(.ankleBelow50) }
            if ankle.compare(toMillimetres: 70) < 0 { flags.insert(.ankleBelow70) }
        }

        // ABI.
        let choice: AnkleChoice
        switch options.method {
        case .standard, .meanArms:
            choice = chooseHigher(dp, pt, flags: &flags)
        case .lowerAnkle:
            choice = chooseLower(dp, pt, flags: &flags)
        case .posteriorTibialOnly, .nhanes:
            choice = chooseSingle(pt)
        case .dorsalisPedisOnly:
            choice = chooseSingle(dp)
        }
        var restingAnkle: ExactPressure?
        switch choice {
        case .pressure(let ankle):
            ankleAvailable = true
            restingAnkle = ankle
            leg.abi = ratio(ankle, over: abiDenominator, overflow: &overflow)
            leg.isUndetermined = leg.abi == nil
        case .noncompressible:
            ankleAvailable = true
            leg.category = .noncompressible
        case .invalid:
            ankleAvailable = true
            leg.isUndetermined = true
        case .unavailable:
            break
        }
        if let abi = leg.abi {
            leg.category = ABICategory(hundredths: abi, cutoff: options.padCutoff,
                                       noncompressibleAbove: options.noncompressibleThreshold)
            // docs/clinical-rules.md validation: ABI < 0.20 (from a found pulse) or > 2.50 is likely a typo.
            if (abi < ClinicalLimits.implausibleABIBelowHundredths && restingAnkle?.isZero == false)
                || abi > ClinicalLimits.implausibleABIAboveHundredths {
                flags.insert(.abiImplausible)
                issues.append(ScoringIssue(.abiImplausible, limb: limb))
            }
        }
        if leg.category == .noncompressible { flags.insert(.noncompressible) }

        // TBI (AHA/ACC 2016; ESC 2024 option): toe over the higher brachial pressure.
        let toeSite: PressureSite = limb == .left ? .toeLeft : .toeRight
        if toe.isNoncompressible { issues.append(ScoringIssue(.toeNoncompressible, site: toeSite)) }
        if let toePressure = toe.pressureOrZero {
            if toePressure.compare(toMillimetres: 30) < 0 { flags.insert(.toeBelow30) }
            leg.tbi = ratio(toePressure, over: higherArm, overflow: &overflow)
            if let tbi = leg.tbi, options.tbiCutoff.isAbnormal(tbi) { flags.insert(.tbiAbnormal) }
        }

        // WIfI ischemia (Mills 2014): toe pressure decides where present; otherwise the worst
        // grade of ABI, ankle pressure and TcPO2. A noncompressible leg's ABI and ankle pressure
        // are falsely high and are not used.
        if let toePressure = toe.pressureOrZero {
            leg.wifiIschemiaGrade = WIfIIschemiaGrade(toePressureOrTcPO2: toePressure)
        } else if !isInvalid(toe) && !isInvalid(tcpo2) && !isInvalid(dp) && !isInvalid(pt) && !armInvalid {
            var grade: WIfIIschemiaGrade?
            if leg.category != .noncompressible {
                if let abi = leg.abi { grade = worse(grade, WIfIIschemiaGrade(abiHundredths: abi)) }
                if let ankle = leg.anklePressure { grade = worse(grade, WIfIIschemiaGrade(anklePressure: ankle)) }
            }
            if let oxygen = tcpo2.pressureOrZero {
                grade = worse(grade, WIfIIschemiaGrade(toePressureOrTcPO2: oxygen))
            }
            leg.wifiIschemiaGrade = grade
        }

        // Exercise ABI (AHA/ACC 2016; docs/clinical-rules.md).
        let postSite: PressureSite = limb == .left ? .postExerciseAnkleLeft : .postExerciseAnkleRight
        if post.isNoncompressible { issues.append(ScoringIssue(.postExerciseNoncompressible, site: postSite)) }
        if let restingAnkle, let postAnkle = post.pressureOrZero {
            leg.exercise = exerciseResult(restingAnkle: restingAnkle, restingABI: leg.abi, postAnkle: postAnkle,
                                          postBrachial: postBrachial, overflow: &overflow)
            if leg.exercise?.isPositive == true { flags.insert(.exercisePositive) }
        }
    }

    static func exerciseResult(restingAnkle: ExactPressure, restingABI: Int?, postAnkle: ExactPressure,
                               postBrachial: SiteStatus, overflow: inout Bool) -> ExerciseABIResult? {
        guard let fall = ExactPressure.absoluteDifference(restingAnkle, postAnkle),
              let fallMagnitude = fall.roundedToHundredths else {
            overflow = true
            return nil
        }
        let fell = ExactPressure.compare(restingAnkle, postAnkle) > 0
        let signedFall = fell ? fallMagnitude : ExactDecimal(significand: -fallMagnitude.significand,
                                                              scale: fallMagnitude.scale)
        var postABI: Int?
        if let brachial = postBrachial.measuredPressure {
            postABI = ratio(postAnkle, over: brachial, overflow: &overflow)
        }
        var abiFell: Bool?
        if let postABI, let restingABI { abiFell = 5 * postABI < 4 * restingABI }
        return ExerciseABIResult(postExerciseABI: postABI, ankleFall: signedFall,
                                 ankleFallExceeds30: fell && fall.compare(toMillimetres: 30) > 0,
                                 abiFallExceeds20Percent: abiFell)
    }

    // MARK: Ankle choice per method

    /// Higher of two arteries (standard): any noncompressible artery makes the leg
    /// noncompressible; one artery alone is used and flagged.
    @inline(__always)
    static func chooseHigher(_ first: SiteStatus, _ second: SiteStatus, flags: inout ScoreFlags) -> AnkleChoice {
        if isInvalid(first) || isInvalid(second) { return .invalid }
        if first.isNoncompressible || second.isNoncompressible { return .noncompressible }
        return choosePair(first.pressureOrZero, second.pressureOrZero, pickHigher: true, flags: &flags)
    }

    /// Lower of two arteries (getABI): a noncompressible artery is skipped when the other has
    /// a pressure.
    @inline(__always)
    static func chooseLower(_ first: SiteStatus, _ second: SiteStatus, flags: inout ScoreFlags) -> AnkleChoice {
        if isInvalid(first) || isInvalid(second) { return .invalid }
        let firstPressure = first.pressureOrZero
        let secondPressure = second.pressureOrZero
        if first.isNoncompressible || second.isNoncompressible {
            if let known = firstPressure ?? secondPressure {
                flags.insert(.noncompressible)
                return .pressure(known)
            }
            return .noncompressible
        }
        return choosePair(firstPressure, secondPressure, pickHigher: false, flags: &flags)
    }

    @inline(__always)
    static func choosePair(_ first: ExactPressure?, _ second: ExactPressure?, pickHigher: Bool,
                           flags: inout ScoreFlags) -> AnkleChoice {
        switch (first, second) {
        case let (first?, second?):
            return .pressure(pickHigher ? maxPressure(first, second) : minPressure(first, second))
        case let (only?, nil), let (nil, only?):
            flags.insert(.singleAnkleArtery)
            return .pressure(only)
        case (nil, nil):
            return .unavailable
        }
    }

    @inline(__always)
    static func chooseSingle(_ artery: SiteStatus) -> AnkleChoice {
        if isInvalid(artery) { return .invalid }
        if artery.isNoncompressible { return .noncompressible }
        if let pressure = artery.pressureOrZero { return .pressure(pressure) }
        return .unavailable
    }

    // MARK: Arms

    /// A measured arm; absent and noncompressible arms are not used (warning). docs/clinical-rules.md
    /// validation: brachial < 70 or > 250 mmHg warns.
    @inline(__always)
    static func usableArm(_ status: SiteStatus, site: PressureSite, issues: inout [ScoringIssue]) -> ExactPressure? {
        switch status {
        case .measured(let pressure):
            if pressure.compare(toMillimetres: ClinicalLimits.brachialLowMillimetres) < 0
                || pressure.compare(toMillimetres: ClinicalLimits.brachialHighMillimetres) > 0 {
                issues.append(ScoringIssue(.brachialOutOfRange, site: site))
            }
            return pressure
        case .absentSignal:
            issues.append(ScoringIssue(.brachialAbsentSignal, site: site))
            return nil
        case .noncompressible:
            issues.append(ScoringIssue(.brachialNoncompressible, site: site))
            return nil
        case .notMeasured, .invalid:
            return nil
        }
    }

    /// getABI: mean of both arms unless they differ by >= 10 mmHg, then the higher.
    static func meanArmsDenominator(_ left: ExactPressure?, _ right: ExactPressure?,
                                    overflow: inout Bool) -> ExactPressure? {
        guard let left, let right else { return left ?? right }
        guard let difference = ExactPressure.absoluteDifference(left, right),
              let mean = ExactPressure.mean(left, right) else {
            overflow = true
            return nil
        }
        return difference.compare(toMillimetres: 10) >= 0 ? Swift.max(left, right) : mean
    }

    // MARK: Helpers

    /// ABI or TBI in hundredths; 0 over anything (even nothing) is 0.
    @inline(__always)
    static func ratio(_ numerator: ExactPressure, over denominator: ExactPressure?, overflow: inout Bool) -> Int? {
        if numerator.isZero { return 0 }
        guard let denominator else { return nil }
        guard let hundredths = ExactPressure.ratioHundredths(numerator, over: denominator) else {
            overflow = true
            return nil
        }
        return hundredths
    }

    @inline(__always)
    static func isInvalid(_ status: SiteStatus) -> Bool {
        if case .invalid = status { return true }
        return false
    }

    @inline(__always)
    static func higher(_ first: ExactPressure?, _ second: ExactPressure?) -> ExactPressure? {
        guard let first else { return second }
        guard let second else { return first }
        return maxPressure(first, second)
    }

    /// `Swift.max(first, second)` (the second when equal) with the comparison inlined.
    @inline(__always)
    static func maxPressure(_ first: ExactPressure, _ second: ExactPressure) -> ExactPressure {
        ExactPressure.compare(second, first) >= 0 ? second : first
    }

    /// `Swift.min(first, second)` (the first when equal) with the comparison inlined.
    @inline(__always)
    static func minPressure(_ first: ExactPressure, _ second: ExactPressure) -> ExactPressure {
        ExactPressure.compare(second, first) < 0 ? second : first
    }

    @inline(__always)
    static func lower(_ first: Int?, _ second: Int?) -> Int? {
        guard let first else { return second }
        guard let second else { return first }
        return Swift.min(first, second)
    }

    @inline(__always)
    static func worse(_ first: WIfIIschemiaGrade?, _ second: WIfIIschemiaGrade?) -> WIfIIschemiaGrade? {
        guard let first else { return second }
        guard let second else { return first }
        return Swift.max(first, second)
    }
}
