import ABICore

// Properties: a pressure cell's status never depends on surrounding spaces or on the case of its
// letters; a measured value lies in (0, 300] mmHg and reads back to itself from its own text; the
// String convenience agrees with the byte parser.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPressureCell(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let decimalComma = data[0] & 1 == 1
    let cell = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let reading = cell.withUnsafeBufferPointer { PressureCell.parse($0, decimalComma: decimalComma) }

    let padded = [0x20] + cell + [0x20, 0x09]
    let paddedReading = padded.withUnsafeBufferPointer { PressureCell.parse($0, decimalComma: decimalComma) }
    guard paddedReading == reading else { fatalError("surrounding spaces changed \(reading) to \(paddedReading)") }

    let upper = cell.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    let upperReading = upper.withUnsafeBufferPointer { PressureCell.parse($0, decimalComma: decimalComma) }
    guard upperReading == reading else { fatalError("letter case changed \(reading) to \(upperReading)") }

    if case .measured(let value) = reading {
        guard !value.isNegative, !value.isZero, ExactDecimal.compare(value, ExactDecimal(300)) <= 0 else {
            fatalError("measured value \(value) outside (0, 300]")
        }
        var text: [UInt8] = []
        value.append(to: &text, decimalMark: decimalComma ? UInt8(ascii: ",") : UInt8(ascii: "."))
        let again = text.withUnsafeBufferPointer { PressureCell.parse($0, decimalComma: decimalComma) }
        guard again == reading else { fatalError("\(value) written and read back gave \(again)") }
    }
    if let text = String(validating: cell, as: UTF8.self) {
        let fromString = PressureCell.parse(text, decimalComma: decimalComma)
        guard fromString == reading else { fatalError("String parse \(fromString) differs from bytes \(reading)") }
    }
    return 0
}
