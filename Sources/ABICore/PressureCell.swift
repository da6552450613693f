/// Reads a pressure cell's text into a `PressureReading`, byte by byte and without allocating.
///
/// Rules (status from the cell, never inferred; docs/clinical-rules.md "Inputs per visit", Aboyans 2012):
/// - Surrounding spaces and tabs are ignored; words are matched case-insensitively.
/// - Not measured: empty, `NA`, `N/A`, `NaN`, `.`, `not measured`.
/// - Absent signal: any number equal to zero (`0`, `0.0`, `00`), `absent`, `absent signal`,
///   `no signal`, `nosignal`, `no flow`.
/// - Noncompressible: `NC`, `>N` for any non-negative number N (`>255`, `> 300`),
///   `noncompressible`, `non-compressible`, `non compressible`, `incompressible`.
/// - Measured: a number with `0 < value <= 300` mmHg (decimal mark `.`, or `,` when
///   `decimalComma`; the other mark is rejected rather than guessed).
/// - Invalid: a minus sign (including `-0`), a value above 300 mmHg, `inf`/`infinity`, a lone
///   `-` (spreadsheets' accounting format writes zero as a dash, so it is neither blank nor 0),
///   and any other text.
public enum PressureCell {
    /// The highest valid systolic pressure, mmHg (docs/clinical-rules.md validation rule).
    @inlinable public static var maximumMillimetres: Int64 { Int64(ClinicalLimits.maximumPressureMillimetres) }

    /// Parses one cell. Allocation-free.
    ///
    /// Always inlined: the usual cell (1-3 plain digits) is parsed in the caller's cell loop;
    /// every other cell is a call to `parseOther`.
    @inlinable @inline(__always)
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> PressureReading {
        // Fast path for the usual cell, 1-3 plain digits: same result as below.
        if let value = plainDigitsValue(bytes) {
            if value == 0 { return .absentSignal }
            if value > maximumMillimetres { return .invalid(.aboveMaximum) }
            return .measured(ExactDecimal(value))
        }
        return parseOther(bytes, decimalComma: decimalComma)
    }

    /// The value of a cell of 1-3 plain digits (`0`, `98`, `095`, `131`), nil for any other cell:
    /// ``parse(_:decimalComma:)-(UnsafeBufferPointer<UInt8>,_)``'s fast path, and the cells batch
    /// scoring reads without it.
    /// Unrolled: the digits a shorter cell lacks count as leading zeros.
    @inlinable @inline(__always)
    public static func plainDigitsValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        let count = bytes.count
        guard count >= 1 && count <= 3, let base = bytes.baseAddress else { return nil }
        let last = base[count &- 1] &- UInt8(ascii: "0")
        let middle = count >= 2 ? base[count &- 2] &- UInt8(ascii: "0") : 0
        let first = count == 3 ? base[0] &- UInt8(ascii: "0") : 0
        guard first <= 9 && middle <= 9 && last <= 9 else { return nil }
        return Int64(first) &* 100 &+ Int64(middle) &* 10 &+ Int64(last)
    }

    /// `parse` for every cell but 1-3 plain digits (it also parses those, with the same result).
    @inlinable @inline(never)
    static func parseOther(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> PressureReading {
        let (start, end) = DecimalText.trimmedBounds(bytes)
        if start == end { return .notMeasured }
        let first = bytes[start]
        if first == UInt8(ascii: ">") {
            let rest = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end])
            if case .number(_, let hadMinusSign) = ExactDecimal.scan(rest, decimalComma: decimalComma),
               !hadMinusSign {
                return .noncompressible
            }
            return .invalid(.unrecognizedText)
        }
        let isNumberStart = (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
            || first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || first == UInt8(ascii: ",")
        if isNumberStart {
            let cell = UnsafeBufferPointer(rebasing: bytes[start..<end])
            switch ExactDecimal.scan(cell, decimalComma: decimalComma) {
            case .number(let value, let hadMinusSign):
                if hadMinusSign { return .invalid(.negative) }
                if value.isZero { return .absentSignal }
                if ExactDecimal.compare(value, ExactDecimal(maximumMillimetres)) > 0 {
                    return .invalid(.aboveMaximum)
                }
                return .measured(value)
            case .tooLarge(let hadMinusSign):
                return .invalid(hadMinusSign ? .negative : .aboveMaximum)
            case .tooPrecise(let hadMinusSign):
                return .invalid(hadMinusSign ? .negative : .tooPrecise)
            case .notANumber:
                break // `.`, `-inf`, `+inf`, `-`: words below
            }
        }
        return parseWord(bytes, from: start, to: end)
    }

    /// Convenience for tests and non-hot callers; see `parse(_:decimalComma:)`.
    public static func parse(_ text: String, decimalComma: Bool = false) -> PressureReading {
        var text = text
        return text.withUTF8 { parse($0, decimalComma: decimalComma) }
    }

    @inlinable
    static func parseWord(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> PressureReading {
        func matches(_ word: StaticString) -> Bool {
            DecimalText.equalsIgnoringCase(bytes, from: start, to: end, word)
        }
        if MissingValueMarker.matches(bytes, from: start, to: end) || matches("not measured") {
            return .notMeasured
        }
        if matches("absent") || matches("absent signal") || matches("no signal") || matches("nosignal")
            || matches("no flow") {
            return .absentSignal
        }
        if matches("nc") || matches("noncompressible") || matches("non-compressible")
            || matches("non compressible") || matches("incompressible") {
            return .noncompressible
        }
        if matches("inf") || matches("infinity") || matches("+inf") || matches("-inf")
            || matches("+infinity") || matches("-infinity") {
            return .invalid(.notFinite)
        }
        return .invalid(.unrecognizedText)
    }
}
