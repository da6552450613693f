import ABICore
import ABIIO

/// Where `score` finds each input role in a record, and which result columns it appends.
///
/// Built once per file from a `ColumnMapping`: every column mapped to a pressure role becomes a
/// (column, site) reading, so repeated readings of one site are simply several entries.
public struct ScoreLayout: Sendable {
    /// One pressure cell to read from each record.
    public struct PressureColumn: Sendable, Equatable {
        public var column: Int
        public var site: PressureSite
    }

    /// Pressure cells, in column order.
    public let pressureColumns: [PressureColumn]
    public let subjectColumn: Int?
    public let dateColumn: Int?
    public let unitColumn: Int?
    public let methodColumn: Int?
    /// The input header (or `col1`, `col2`... without one).
    public let inputHeaders: [String]
    /// Cells are read with a decimal comma (decided once per file by the sniffer or `--decimal-comma`).
    public let decimalComma: Bool
    public let options: ScoringOptions
    /// How the date column is read: ISO dates and datetimes always, day/month order only as set
    /// (`--date-format`; the parser `trend` uses too).
    public var dateFormat: DateFormat = .iso
    /// Whether post-exercise ankle pressures are mapped (adds the exercise ABI columns).
    public let hasExercise: Bool
    /// Names of the appended result columns, in order.
    public let resultHeaders: [String]
    /// Set when an input column already has a result column's name: results then carry this prefix.
    public let resultPrefix: String

    /// The columns of the six main sites (-1 for a site without one) when they are the only pressure
    /// columns, one per site, with no unit column and the standard method: the layout that
    /// `ScoreEngine`'s usual-row shortcut reads. Nil otherwise.
    let usualPressureColumns: UsualPressureColumns?

    /// See ``usualPressureColumns``.
    struct UsualPressureColumns: Sendable, Equatable {
        var brachialLeft = -1, brachialRight = -1
        var ankleDPLeft = -1, anklePTLeft = -1, ankleDPRight = -1, anklePTRight = -1

        /// The columns of `pressures` when each is one of the six main sites, no site twice; else nil.
        init?(_ pressures: [PressureColumn]) {
            for pressure in pressures {
                switch pressure.site {
                case .brachialLeft where brachialLeft < 0: brachialLeft = pressure.column
                case .brachialRight where brachialRight < 0: brachialRight = pressure.column
                case .ankleDPLeft where ankleDPLeft < 0: ankleDPLeft = pressure.column
                case .anklePTLeft where anklePTLeft < 0: anklePTLeft = pressure.column
                case .ankleDPRight where ankleDPRight < 0: ankleDPRight = pressure.column
                case .anklePTRight where anklePTRight < 0: anklePTRight = pressure.column
                default: return nil
                }
            }
        }
    }

    /// Whether visit-to-visit change is computed (needs a subject and a date column).
    public var tracksVisitChange: Bool { subjectColumn != nil && dateColumn != nil }

    /// Every output column: the input columns unchanged, then the results.
    public var outputHeaders: [String] { inputHeaders + resultHeaders }

    public init(mapping: ColumnMapping, inputHeaders: [String], decimalComma: Bool, options: ScoringOptions) {
        var pressures: [PressureColumn] = []
        for (role, columns) in mapping.columns {
            guard let site = Self.site(for: role) else { continue }
            pressures += columns.map { PressureColumn(column: $0, site: site) }
        }
        pressureColumns = pressures.sorted { $0.column < $1.column }
        subjectColumn = mapping.columns(for: .subject).first
        dateColumn = mapping.columns(for: .date).first
        unitColumn = mapping.columns(for: .unit).first
        methodColumn = mapping.columns(for: .method).first
        self.inputHeaders = inputHeaders
        self.decimalComma = decimalComma
        self.options = options
        usualPressureColumns = options.method == .standard && unitColumn == nil
            ? UsualPressureColumns(pressureColumns) : nil
        hasExercise = !mapping.columns(for: .anklePostExerciseLeft).isEmpty
            || !mapping.columns(for: .anklePostExerciseRight).isEmpty
        var names = ["abi_left", "abi_right", "abi", "category", "severity", "tbi_left", "tbi_right",
                     "wifi_ischemia", "interarm_diff"]
        if hasExercise { names += ["exercise_abi_left", "exercise_abi_right"] }
        if subjectColumn != nil && dateColumn != nil { names.append("abi_change") }
        names += ["flags", "status", "message"]
        let taken = Set(inputHeaders)
        let prefix = names.contains(where: taken.contains) ? "abikit_" : ""
        resultPrefix = prefix
        resultHeaders = names.map { prefix + $0 }
    }

    /// The ABICore pressure site an input role feeds; nil for roles that are not pressures.
    public static func site(for role: InputRole) -> PressureSite? {
        switch role {
        case .brachialLeft: .brachialLeft
        case .brachialRight: .brachialRight
        case .ankleDorsalisPedisLeft: .ankleDPLeft
        case .anklePosteriorTibialLeft: .anklePTLeft
        case .ankleDorsalisPedisRight: .ankleDPRight
        case .anklePosteriorTibialRight: .anklePTRight
        case .toeLeft: .toeLeft
        case .toeRight: .toeRight
        case .anklePostExerciseLeft: .postExerciseAnkleLeft
        case .anklePostExerciseRight: .postExerciseAnkleRight
        case .brachialPostExercise: .postExerciseBrachial
        case .tcpo2Left: .tcpo2Left
        case .tcpo2Right: .tcpo2Right
        case .subject, .date, .method, .unit: nil
        }
    }

    /// The readings of the current record's pressure columns into the fresh `readings`: the one row
    /// path of `score`, `validate` and `trend --measure abi`. A cell that is not a valid pressure
    /// counts as a reading with that status; returns true when there is one, and
    /// ``invalidCells(of:_:)`` then names them.
    // No closure for the rare invalid cell: one capturing the parser made every row copy it.
    @inline(__always)
    func readings(of parser: borrowing CSVRecordParser, into readings: inout VisitReadings) -> Bool {
        var sawInvalid = false
        let fieldCount = parser.fieldCount
        for pressure in pressureColumns where pressure.column < fieldCount {
            let reading = PressureCell.parse(parser.field(at: pressure.column), decimalComma: decimalComma)
            if case .invalid = reading { sawInvalid = true }
            readings.add(reading, at: pressure.site)
        }
        return sawInvalid
    }

    /// Calls `body` with each pressure cell of the current record that is not a valid pressure (its
    /// column, bytes and reason), in column order.
    func invalidCells(of parser: borrowing CSVRecordParser,
                      _ body: (PressureColumn, UnsafeBufferPointer<UInt8>, InvalidPressureReason) -> Void) {
        let fieldCount = parser.fieldCount
        for pressure in pressureColumns where pressure.column < fieldCount {
            let cell = parser.field(at: pressure.column)
            if case .invalid(let reason) = PressureCell.parse(cell, decimalComma: decimalComma) { body(pressure, cell, reason) }
        }
    }

    /// The first column holding `site`, for pointing a message at it.
    func firstColumn(of site: PressureSite) -> Int? {
        pressureColumns.first(where: { $0.site == site })?.column
    }

    /// The first ankle column of a leg.
    func firstAnkleColumn(of limb: Limb) -> Int? {
        let (dp, pt): (PressureSite, PressureSite) = limb == .left ? (.ankleDPLeft, .anklePTLeft) : (.ankleDPRight, .anklePTRight)
        return pressureColumns.first(where: { $0.site == dp || $0.site == pt })?.column
    }
}
