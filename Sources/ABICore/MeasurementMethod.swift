/// How a pressure was measured. Oscillometric readings are not interchangeable with Doppler
/// (Aboyans 2012 AHA statement; docs/clinical-rules.md): ABIKit carries the method through and reports
/// state it; the scorer's arithmetic does not change with it.
public enum MeasurementMethod: String, Sendable, Equatable, StableCoded {
    case doppler = "doppler"
    case oscillometric = "oscillometric"
    case photoplethysmography = "ppg"

    /// Reads `doppler`, `oscillometric` / `osc`, `ppg` / `photoplethysmography`, any case,
    /// surrounding spaces ignored; nil for anything else (including blank).
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> MeasurementMethod? {
        let (start, end) = DecimalText.trimmedBounds(bytes)
        func matches(_ word: StaticString) -> Bool {
            DecimalText.equalsIgnoringCase(bytes, from: start, to: end, word)
        }
        if matches("doppler") { return .doppler }
        if matches("oscillometric") || matches("osc") { return .oscillometric }
        if matches("ppg") || matches("photoplethysmography") { return .photoplethysmography }
        return nil
    }

    /// Convenience for tests and non-hot callers; see `parse(_:)`.
    public static func parse(_ text: String) -> MeasurementMethod? {
        var text = text
        return text.withUTF8 { parse($0) }
    }
}
