/// Header normalisation for alias matching.
enum HeaderName {
    /// Lower case, without units in `(...)` or `[...]`, and without spaces, `_`, `-` and `.`.
    /// `"L PT (mmHg)"` becomes `"lpt"`, `"Brachial_Left [mm Hg]"` becomes `"brachialleft"`.
    static func normalized(_ header: String) -> String {
        var result = ""
        var depth = 0
        for character in header.lowercased() {
            switch character {
            case "(", "[": depth += 1
            case ")", "]": depth = max(0, depth - 1)
            case " ", "_", "-", ".", "\t": continue
            default: if depth == 0 { result.append(character) }
            }
        }
        return result
    }

    /// Words of a header without units: split at non-alphanumerics, lower-cased.
    /// `"Left Dorsalis-Pedis SBP (mmHg)"` gives `["left", "dorsalis", "pedis", "sbp"]`.
    static func words(_ header: String) -> [String] {
        var words: [String] = []
        var current = ""
        var depth = 0
        for character in header.lowercased() {
            if character == "(" || character == "[" { depth += 1; continue }
            if character == ")" || character == "]" { depth = max(0, depth - 1); continue }
            if depth > 0 { continue }
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Splits a trailing reading number: `"brachialleft2"` gives `("brachialleft", 2)`.
    static func splitReadingNumber(_ name: String) -> (base: String, reading: Int)? {
        let digits = name.reversed().prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count < name.count, digits.count <= 3,
              let reading = Int(String(digits.reversed())) else { return nil }
        return (String(name.dropLast(digits.count)), reading)
    }
}
