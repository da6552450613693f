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
    /// (`0.905` -> 91); nil for other spellings (exponents, signs, more than 15 integer digits).
    static func hundredths(_ text: String, decimalMark: CSVDialect.DecimalMark) -> Int? {
        let mark = decimalMark == .comma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let bytes = Array(text.trimmingASCIISpaces().utf8)
        var integer = 0, fraction: [Int] = [], seenMark = false, digits = 0
        for byte in bytes {
            if byte == mark && !seenMark { seenMark = true; continue }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            if seenMark { fraction.append(digit) } else { integer = integer * 10 + digit; digits += 1 }
            if digits > 15 { return nil }
        }
        guard digits > 0 || !fraction.isEmpty else { return nil }
        while fraction.count < 3 { fraction.append(0) }
        return integer * 100 + fraction[0] * 10 + fraction[1] + (fraction[2] >= 5 ? 1 : 0)
    }
}
