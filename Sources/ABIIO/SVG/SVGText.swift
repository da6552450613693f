/// XML escaping for SVG text content and attribute values.
public enum SVGText {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, and characters XML 1.0 forbids (controls
    /// other than tab, line feed and carriage return) replaced by U+FFFD, so that any user text
    /// (column names, group labels, titles) yields a well-formed document.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// An approximate width in pixels of `text` at `fontSize` in a generic sans-serif face (0.6 em
    /// per character, a safe upper bound for Latin digits and lower case), for layout without font
    /// metrics.
    public static func estimatedWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6
    }

    /// `text` shortened with a trailing ellipsis so that its ``estimatedWidth(_:fontSize:)`` is at
    /// most `width` (at least one character and the ellipsis are kept).
    public static func truncated(_ text: String, toWidth width: Double, fontSize: Double) -> String {
        guard estimatedWidth(text, fontSize: fontSize) > width else { return text }
        let keep = max(1, Int(width / (fontSize * 0.6)) - 1)
        return String(text.prefix(keep)) + "\u{2026}"
    }
}
