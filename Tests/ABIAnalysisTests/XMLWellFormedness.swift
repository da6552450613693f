/// A small XML 1.0 well-formedness checker for the SVG the figures write (no DTDs, CDATA or
/// processing instructions other than the declaration): one root; tags balanced and properly
/// nested; attributes double-quoted, unique per element, without `<`; every `&` starts a predefined
/// entity or a character reference; no raw `<` in text. Returns the first problem, or nil.
func xmlWellFormednessProblem(_ text: String) -> String? {
    let s = Array(text.unicodeScalars)
    var i = 0
    var stack: [String] = []
    var roots = 0
    func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_" || c == ":" || c == "."
    }
    func entityProblem(at start: Int) -> (String?, Int) {
        guard let end = s[start...].firstIndex(of: ";") else { return ("unterminated entity", start) }
        let name = String(String.UnicodeScalarView(s[(start + 1)..<end]))
        if ["amp", "lt", "gt", "quot", "apos"].contains(name) { return (nil, end + 1) }
        if name.hasPrefix("#x"), UInt32(name.dropFirst(2), radix: 16) != nil { return (nil, end + 1) }
        if name.hasPrefix("#"), UInt32(name.dropFirst()) != nil { return (nil, end + 1) }
        return ("unknown entity &\(name);", start)
    }
    if text.hasPrefix("<?xml") {
        guard let end = text.range(of: "?>") else { return "unterminated XML declaration" }
        i = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: end.upperBound)
    }
    while i < s.count {
        let c = s[i]
        if c == "<" {
            if i + 1 < s.count && s[i + 1] == "/" {
                var j = i + 2
                while j < s.count && isNameScalar(s[j]) { j += 1 }
                let name = String(String.UnicodeScalarView(s[(i + 2)..<j]))
                while j < s.count && s[j] == " " { j += 1 }
                guard j < s.count, s[j] == ">" else { return "bad end tag </\(name)" }
                guard stack.last == name else { return "end tag </\(name)> does not match <\(stack.last ?? "")>" }
                stack.removeLast()
                i = j + 1
                continue
            }
            var j = i + 1
            while j < s.count && isNameScalar(s[j]) { j += 1 }
            let name = String(String.UnicodeScalarView(s[(i + 1)..<j]))
            guard !name.isEmpty else { return "empty tag name at \(i)" }
            var attributes: Set<String> = []
            while true {
                while j < s.count && (s[j] == " " || s[j] == "\n") { j += 1 }
                guard j < s.count else { return "unterminated tag <\(name)" }
                if s[j] == ">" || (s[j] == "/" && j + 1 < s.count && s[j + 1] == ">") { break }
                let attributeStart = j
                while j < s.count && isNameScalar(s[j]) { j += 1 }
                let attribute = String(String.UnicodeScalarView(s[attributeStart..<j]))
                guard !attribute.isEmpty, j + 1 < s.count, s[j] == "=", s[j + 1] == "\"" else { return "bad attribute in <\(name)> at \(j)" }
                guard attributes.insert(attribute).inserted else { return "duplicate attribute \(attribute) in <\(name)>" }
                j += 2
                while j < s.count && s[j] != "\"" {
                    if s[j] == "<" { return "< in attribute \(attribute)" }
                    if s[j] == "&" {
                        let (problem, next) = entityProblem(at: j)
                        if let problem { return problem }
                        j = next
                        continue
                    }
                    j += 1
                }
                guard j < s.count else { return "unterminated attribute value" }
                j += 1
            }
            if stack.isEmpty {
                roots += 1
                if roots > 1 { return "more than one root element" }
            }
            if s[j] == "/" {
                i = j + 2
            } else {
                stack.append(name)
                i = j + 1
            }
            continue
        }
        if c == "&" {
            let (problem, next) = entityProblem(at: i)
            if let problem { return problem }
            i = next
            continue
        }
        if stack.isEmpty && !(c == " " || c == "\n" || c == "\r" || c == "\t") { return "text outside the root element" }
        if c.value < 0x20 && c != "\n" && c != "\r" && c != "\t" { return "control character U+\(String(c.value, radix: 16))" }
        i += 1
    }
    if !stack.isEmpty { return "unclosed <\(stack.last!)>" }
    return roots == 1 ? nil : "no root element"
}
