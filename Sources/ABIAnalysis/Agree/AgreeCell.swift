import ABICore
import ABIIO

/// Why a cell of a compared column cannot be used.
public enum UnusableReason: String, Sendable, Equatable, CaseIterable {
    /// Blank or a missing marker (`NA`, `NaN`, `.`, `not measured`).
    case blank
    /// `NC`, `>255`, `noncompressible`: the cuff could not occlude the artery (AHA 2012, Aboyans).
    case noncompressible
    /// Any other text (`error`, `E03`, `absent`, `inf`): a device or transcription error.
    case deviceError = "device_error"
}

/// One cell of a compared column, read with the pressure-cell vocabulary of ABICore
/// (`PressureCell`) and the number parser of ABIIO (`DecimalNumberParser`).
public enum AgreeCell: Sendable, Equatable {
    /// A finite number, with its value in hundredths rounded half up from the text when the
    /// text is a plain decimal (the rounding `score` applies before a cut-off).
    case number(Double, hundredths: Int?)
    /// An ABI category word as `score` writes it.
    case category(ABICategory)
    case unusable(UnusableReason)

    /// Classifies `text` (already unquoted; `""` for a missing marker).
    public init(_ text: String, decimalMark: CSVDialect.DecimalMark) {
        if let value = DecimalNumberParser.parseDouble(text, decimalMark: decimalMark), value.isFinite {
            self = .number(value, hundredths: AgreeCell.hundredths(text, decimalMark: decimalMark))
            return
        }
        let trimmed = text.trimmingASCIISpaces().lowercased()
        if let category = ABICategory(rawValue: trimmed) {
            self = .category(category)
            return
        }
        switch PressureCell.parse(text, decimalComma: decimalMark == .comma) {
        case .notMeasured: self = .unusable(.blank)
        case .noncompressible: self = .unusable(.noncompressible)
        default: self = .unusable(.deviceError)
        }
    }

    /// A plain non-negative decimal rounded half up to hundredths, exactly from its digits
    /// (`0.905` -> 91) with ABICore's ``ExactDecimal`` (the parser `score` uses); nil for other
    /// spellings (exponents, negative values, more than 9 nonzero decimals).
    static func hundredths(_ text: String, decimalMark: CSVDialect.DecimalMark) -> Int? {
        guard let exact = ExactDecimal.parse(text, decimalComma: decimalMark == .comma), exact.significand >= 0 else {
            return nil
        }
        let rounded = exact.rounded(toPlaces: 2)
        let scaleUp = rounded.scale == 2 ? 1 : (rounded.scale == 1 ? 10 : 100)
        let (value, overflow) = Int(rounded.significand).multipliedReportingOverflow(by: scaleUp)
        return overflow ? nil : value
    }
}
