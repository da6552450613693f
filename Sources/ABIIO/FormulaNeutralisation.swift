/// Spreadsheet formula-injection defence (OWASP "CSV Injection").
///
/// A text cell starting with `=`, `+`, `-`, `@`, tab or CR would be executed or reinterpreted by
/// Excel, LibreOffice or Google Sheets; it is prefixed with a single quote `'`. A cell that is a plain
/// number (`-5`, `+3.2`, `-0.5e3`, `-1,5`) is left alone: it is data, and mangling it would corrupt it.
public enum FormulaNeutralisation {
    /// Whether `text` needs the `'` prefix.
    public static func needsPrefix(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = text.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
            return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            return NumericText.shape(of: text) == nil
        default:
            return false
        }
    }

    /// Whether a cell starting with `byte` may need the prefix (a cheap first test).
    @inline(__always)
    public static func triggers(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == 0x09 || byte == 0x0D
    }

    /// `text` as a CSV or TSV writer would store it: with a `'` in front if it needs one.
    public static func neutralised(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { needsPrefix($0) } ? "'" + text : text
    }
}
