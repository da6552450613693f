/// Header normalisation for alias matching.
enum HeaderName {
    /// Contents of `(...)` or `[...]` that are units and are ignored when matching.
    static let units: Set<String> = ["mmhg", "mm hg", "mm", "hg", "kpa", "torr", "pa", "%", "mm of hg", "mmofhg"]

    /// The header without unit groups such as `(mmHg)` or `[kPa]`; other bracketed text is kept as
    /// words, so `Left ankle (DP)` still says DP. Brackets become spaces.
    static func withoutUnits(_ header: String) -> String {
        var result = ""
        var group: String?
        for character in header.lowercased() {
            switch character {
            case "(", "[":
                if let open = group { result += " " + open }
                group = ""
            case ")", "]":
                if let content = group {
                    let trimmed = content.trimmingASCIISpaces()
                    if !units.contains(trimmed) { result += " " + content + " " }
                    group = nil
                } else {
                    result += " "
                }
            default:
                if group != nil { group?.append(character) } else { result.append(character) }
            }
        }
        if let open = group { result += " " + open }
        return result
    }

    /// Lower case, without unit groups, and without spaces, `_`, `-`, `.` and brackets.
    /// `"L PT (mmHg)"` becomes `"lpt"`, `"Brachial_Left [mm Hg]"` becomes `"brachialleft"`.
    static func normalized(_ header: String) -> String {
        String(withoutUnits(header).filter { !" _-.\t()[]".contains($0) })
    }

    /// Words of a header without unit groups: split at non-alphanumerics, lower-cased.
    /// `"Left Dorsalis-Pedis SBP (mmHg)"` gives `["left", "dorsalis", "pedis", "sbp"]`.
    static func words(_ header: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in withoutUnits(header) {
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
