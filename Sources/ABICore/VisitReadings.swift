/// Every reading of one visit, by site, in fixed-size storage (no arrays): any number of
/// repeated readings per site are aggregated as they arrive (docs/clinical-rules.md: repeated readings at
/// one site are averaged). How statuses combine at one site is documented on `SiteReadings`.
public struct VisitReadings: Sendable, Equatable {
    @usableFromInline var brachialLeftReadings = SiteReadings()
    @usableFromInline var brachialRightReadings = SiteReadings()
    @usableFromInline var ankleDPLeftReadings = SiteReadings()
    @usableFromInline var anklePTLeftReadings = SiteReadings()
    @usableFromInline var ankleDPRightReadings = SiteReadings()
    @usableFromInline var anklePTRightReadings = SiteReadings()
    @usableFromInline var toeLeftReadings = SiteReadings()
    @usableFromInline var toeRightReadings = SiteReadings()
    @usableFromInline var postExerciseAnkleLeftReadings = SiteReadings()
    @usableFromInline var postExerciseAnkleRightReadings = SiteReadings()
    @usableFromInline var postExerciseBrachialReadings = SiteReadings()
    @usableFromInline var tcpo2LeftReadings = SiteReadings()
    @usableFromInline var tcpo2RightReadings = SiteReadings()

    /// A visit with no readings.
    public init() {}

    /// Adds one reading at `site`. `.notMeasured` changes nothing. Inlinable: the cell loop of
    /// a caller in another module dispatches on the site without a call.
    @inlinable
    public mutating func add(_ reading: PressureReading, at site: PressureSite) {
        switch site {
        case .brachialLeft: brachialLeftReadings.add(reading)
        case .brachialRight: brachialRightReadings.add(reading)
        case .ankleDPLeft: ankleDPLeftReadings.add(reading)
        case .anklePTLeft: anklePTLeftReadings.add(reading)
        case .ankleDPRight: ankleDPRightReadings.add(reading)
        case .anklePTRight: anklePTRightReadings.add(reading)
        case .toeLeft: toeLeftReadings.add(reading)
        case .toeRight: toeRightReadings.add(reading)
        case .postExerciseAnkleLeft: postExerciseAnkleLeftReadings.add(reading)
        case .postExerciseAnkleRight: postExerciseAnkleRightReadings.add(reading)
        case .postExerciseBrachial: postExerciseBrachialReadings.add(reading)
        case .tcpo2Left: tcpo2LeftReadings.add(reading)
        case .tcpo2Right: tcpo2RightReadings.add(reading)
        }
    }

    /// Parses a cell and adds it at `site` (convenience for tests and non-hot callers).
    public mutating func add(_ text: String, at site: PressureSite, decimalComma: Bool = false) {
        add(PressureCell.parse(text, decimalComma: decimalComma), at: site)
    }

    /// The aggregated readings at `site`.
    public subscript(site: PressureSite) -> SiteReadings {
        get {
            switch site {
            case .brachialLeft: return brachialLeftReadings
            case .brachialRight: return brachialRightReadings
            case .ankleDPLeft: return ankleDPLeftReadings
            case .anklePTLeft: return anklePTLeftReadings
            case .ankleDPRight: return ankleDPRightReadings
            case .anklePTRight: return anklePTRightReadings
            case .toeLeft: return toeLeftReadings
            case .toeRight: return toeRightReadings
            case .postExerciseAnkleLeft: return postExerciseAnkleLeftReadings
            case .postExerciseAnkleRight: return postExerciseAnkleRightReadings
            case .postExerciseBrachial: return postExerciseBrachialReadings
            case .tcpo2Left: return tcpo2LeftReadings
            case .tcpo2Right: return tcpo2RightReadings
            }
        }
        set {
            switch site {
            case .brachialLeft: brachialLeftReadings = newValue
            case .brachialRight: brachialRightReadings = newValue
            case .ankleDPLeft: ankleDPLeftReadings = newValue
            case .anklePTLeft: anklePTLeftReadings = newValue
            case .ankleDPRight: ankleDPRightReadings = newValue
            case .anklePTRight: anklePTRightReadings = newValue
            case .toeLeft: toeLeftReadings = newValue
            case .toeRight: toeRightReadings = newValue
            case .postExerciseAnkleLeft: postExerciseAnkleLeftReadings = newValue
            case .postExerciseAnkleRight: postExerciseAnkleRightReadings = newValue
            case .postExerciseBrachial: postExerciseBrachialReadings = newValue
            case .tcpo2Left: tcpo2LeftReadings = newValue
            case .tcpo2Right: tcpo2RightReadings = newValue
            }
        }
    }
}
