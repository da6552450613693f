import ABICore
import ABIIO
import Yams

/// A study report recipe (YAML): the input and the sections in order. Parsed with Yams; every
/// error names the recipe's line and column (Yams' marks).
///
/// ```yaml
/// title: Exercise trial
/// input: study.csv            # relative to the recipe's folder
/// sections:
///   - table1: {by: arm, columns: [abi, month], categorical: [pad]}
///   - agreement: {a: doppler, b: oscillometric, subject: subject, cutoff: le-0.90}
///   - comparison: {group: arm, measures: [abi]}
///   - regression: {formula: "abi ~ month + arm"}
///   - mixed: {formula: "abi ~ month * arm + (1 | subject)"}
///   - trajectories: {subject: subject, time: month, measure: abi, by: arm}
/// ```
public struct StudyRecipe: Sendable, Equatable {
    public var title: String
    /// The input path as written (relative paths are relative to the recipe's folder).
    public var input: String
    public var sections: [Section]

    /// One section of the recipe, with the line it starts on.
    public struct Section: Sendable, Equatable {
        public var kind: Kind
        /// `title:` of the section; nil for the default heading.
        public var title: String?
        public var line: Int
    }

    public enum Kind: Sendable, Equatable {
        case table1(by: String?, columns: [String], categorical: [String], nonnormal: [String], digits: Int?)
        case agreement(AgreeOptions)
        case comparison(CompareOptions)
        case regression(formula: String, by: [String], covariance: String)
        case mixed(formula: String, by: String?, maximumLikelihood: Bool)
        case trajectories(subject: String, time: String, measure: String, by: String?)
        case trend(subject: String, time: String, measures: [String], by: String?, methods: String)

        /// The recipe key of the section kind.
        public var key: String {
            switch self {
            case .table1: return "table1"
            case .agreement: return "agreement"
            case .comparison: return "comparison"
            case .regression: return "regression"
            case .mixed: return "mixed"
            case .trajectories: return "trajectories"
            case .trend: return "trend"
            }
        }
    }

    static let sectionKeys = ["table1", "trend", "agreement", "comparison", "regression", "mixed", "trajectories"]
}

/// A recipe that cannot be used: where (1-based line and column of the recipe) and why.
public struct StudyRecipeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

extension StudyRecipe {
    /// Parses the recipe text.
    public static func parse(_ text: String) throws(StudyRecipeError) -> StudyRecipe {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw StudyRecipeError(line: 1, column: 1, message: "the recipe is empty; expected input: and sections:") }
            root = node
        } catch let error as StudyRecipeError {
            throw error
        } catch let error as YamlError {
            throw Self.location(of: error)
        } catch {
            throw StudyRecipeError(line: 1, column: 1, message: "\(error)")
        }
        let top = try Mapping(root, what: "the recipe", allowed: ["title", "input", "sections"])
        let input = try top.requiredString("input")
        let title = try top.string("title") ?? "Study report"
        guard let sectionsNode = top["sections"] else { throw top.error("sections: is missing (a list of sections)") }
        guard let list = sectionsNode.sequence else { throw StudyRecipeError(sectionsNode, "sections: must be a list (lines starting with '- ')") }
        guard !list.isEmpty else { throw StudyRecipeError(sectionsNode, "sections: is empty") }
        var sections: [Section] = []
        for item in list {
            guard let mapping = item.mapping, mapping.count == 1, let (keyNode, body) = mapping.first, let key = keyNode.scalar?.string else {
                throw StudyRecipeError(item, "a section is one of \(sectionKeys.joined(separator: ", ")) with its options (e.g. '- table1: {by: arm}')")
            }
            guard sectionKeys.contains(key) else {
                throw StudyRecipeError(keyNode, "unknown section '\(key)'; expected one of \(sectionKeys.joined(separator: ", "))")
            }
            sections.append(try section(key: key, keyNode: keyNode, body: body))
        }
        return StudyRecipe(title: title, input: input, sections: sections)
    }

    static func section(key: String, keyNode: Node, body: Node) throws(StudyRecipeError) -> Section {
        let line = keyNode.mark?.line ?? 1
        let common = ["title"]
        switch key {
        case "table1":
            let m = try Mapping(body, what: key, allowed: common + ["by", "columns", "categorical", "nonnormal", "digits"], emptyAllowed: true)
            let digits = try m.integer("digits")
            if let digits, !(0...15).contains(digits) { throw m.error("digits must be from 0 to 15", key: "digits") }
            return Section(kind: .table1(by: try m.string("by"), columns: try m.list("columns"), categorical: try m.list("categorical"),
                                         nonnormal: try m.list("nonnormal"), digits: digits), title: try m.string("title"), line: line)
        case "agreement":
            let m = try Mapping(body, what: key, allowed: common + ["a", "b", "subject", "cutoff", "relative", "level"])
            var cutoff: PADCutoff? = nil
            if let text = try m.string("cutoff") {
                guard let parsed = PADCutoff(code: text) else { throw m.error("cutoff must be le-0.90 or lt-0.90", key: "cutoff") }
                cutoff = parsed
            }
            let level = try m.level()
            return Section(kind: .agreement(AgreeOptions(indexColumn: try m.requiredString("a"), referenceColumn: try m.requiredString("b"),
                                                         subjectColumn: try m.string("subject"), cutoff: cutoff,
                                                         relative: try m.boolean("relative") ?? false, level: level)),
                           title: try m.string("title"), line: line)
        case "comparison":
            let m = try Mapping(body, what: key, allowed: common + ["group", "measures", "subject", "time", "from", "to", "pre", "post", "by", "level"])
            let measures = try m.list("measures")
            let design: CompareOptions.Design
            if let group = try m.string("group") {
                guard !measures.isEmpty else { throw m.error("group: needs measures: (a list of columns)") }
                design = .independent(group: group, measures: measures, subject: try m.string("subject"))
            } else if let pre = try m.string("pre") {
                design = .widePaired(pre: pre, post: try m.requiredString("post"), subject: try m.string("subject"))
            } else {
                guard !measures.isEmpty else { throw m.error("give group: and measures:, pre: and post:, or subject:, time:, from:, to: and measures:") }
                design = .longPaired(subject: try m.requiredString("subject"), time: try m.requiredString("time"), from: try m.requiredString("from"),
                                     to: try m.requiredString("to"), measures: measures)
            }
            return Section(kind: .comparison(CompareOptions(design: design, by: try m.string("by").map { [$0] } ?? [], level: try m.level())),
                           title: try m.string("title"), line: line)
        case "regression":
            let m = try Mapping(body, what: key, allowed: common + ["formula", "by", "covariance"])
            let covariance = try m.string("covariance") ?? "classical"
            guard RegressionCovarianceChoice(covariance) != nil else {
                throw m.error("covariance must be classical, hc0-hc3 or cluster:COLUMN", key: "covariance")
            }
            return Section(kind: .regression(formula: try m.requiredString("formula"), by: try m.list("by"), covariance: covariance),
                           title: try m.string("title"), line: line)
        case "mixed":
            let m = try Mapping(body, what: key, allowed: common + ["formula", "by", "ml"])
            return Section(kind: .mixed(formula: try m.requiredString("formula"), by: try m.string("by"), maximumLikelihood: try m.boolean("ml") ?? false),
                           title: try m.string("title"), line: line)
        case "trend":
            let m = try Mapping(body, what: key, allowed: common + ["subject", "time", "measures", "by", "method"])
            let measures = try m.list("measures")
            guard !measures.isEmpty else { throw m.error("measures: is missing (a list of columns)") }
            let methods = try m.string("method") ?? "ols"
            var check = TrendAnalysis(subject: "s", time: "t", measures: ["m"])
            check.methods = methods
            do { _ = try check.parsedMethods() } catch {
                throw m.error("method: \(error.message)", key: "method")
            }
            return Section(kind: .trend(subject: try m.requiredString("subject"), time: try m.requiredString("time"), measures: measures,
                                        by: try m.string("by"), methods: methods),
                           title: try m.string("title"), line: line)
        default:
            let m = try Mapping(body, what: key, allowed: common + ["subject", "time", "measure", "by"])
            return Section(kind: .trajectories(subject: try m.requiredString("subject"), time: try m.requiredString("time"),
                                               measure: try m.requiredString("measure"), by: try m.string("by")),
                           title: try m.string("title"), line: line)
        }
    }

    static func location(of error: YamlError) -> StudyRecipeError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return StudyRecipeError(line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        case .composer(_, let problem, let mark, _):
            return StudyRecipeError(line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return StudyRecipeError(line: context.mark.line, column: context.mark.column,
                                    message: "\(duplicates.sorted().joined(separator: ", ")) given twice in one mapping")
        default:
            return StudyRecipeError(line: 1, column: 1, message: "not valid YAML: \(error)")
        }
    }
}

extension StudyRecipeError {
    init(_ node: Node, _ message: String) {
        self.init(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
    }
}

/// A YAML mapping with checked keys and typed, located values.
struct Mapping {
    let node: Node
    let what: String
    var values: [String: (key: Node, value: Node)] = [:]

    init(_ node: Node, what: String, allowed: [String], emptyAllowed: Bool = false) throws(StudyRecipeError) {
        self.node = node
        self.what = what
        if emptyAllowed, case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" { return }
        guard let mapping = node.mapping else { throw StudyRecipeError(node, "\(what): expected options as 'key: value' lines or {key: value}") }
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw StudyRecipeError(key, "\(what): a key must be a word") }
            guard allowed.contains(name) else {
                throw StudyRecipeError(key, "\(what): unknown option '\(name)'; expected one of \(allowed.joined(separator: ", "))")
            }
            guard values[name] == nil else { throw StudyRecipeError(key, "\(what): '\(name)' given twice") }
            values[name] = (key, value)
        }
    }

    subscript(name: String) -> Node? { values[name]?.value }

    func error(_ message: String, key: String? = nil) -> StudyRecipeError {
        StudyRecipeError(key.flatMap { values[$0]?.value } ?? node, "\(what): \(message)")
    }

    func string(_ name: String) throws(StudyRecipeError) -> String? {
        guard let value = self[name] else { return nil }
        guard let scalar = value.scalar, !scalar.string.isEmpty else { throw StudyRecipeError(value, "\(what): \(name) must be a text value") }
        return scalar.string
    }

    func requiredString(_ name: String) throws(StudyRecipeError) -> String {
        guard let text = try string(name) else { throw error("\(name): is missing") }
        return text
    }

    func list(_ name: String) throws(StudyRecipeError) -> [String] {
        guard let value = self[name] else { return [] }
        if let scalar = value.scalar {
            return scalar.string.split(separator: ",").map { String($0).trimmingASCIISpaces() }.filter { !$0.isEmpty }
        }
        guard let items = value.sequence else { throw StudyRecipeError(value, "\(what): \(name) must be a list of column names") }
        var names: [String] = []
        for item in items {
            guard let text = item.scalar?.string, !text.isEmpty else { throw StudyRecipeError(item, "\(what): \(name): expected a column name") }
            names.append(text)
        }
        return names
    }

    func integer(_ name: String) throws(StudyRecipeError) -> Int? {
        guard let value = self[name] else { return nil }
        guard let text = value.scalar?.string, let number = Int(text) else { throw StudyRecipeError(value, "\(what): \(name) must be a whole number") }
        return number
    }

    func boolean(_ name: String) throws(StudyRecipeError) -> Bool? {
        guard let value = self[name] else { return nil }
        switch value.scalar?.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw StudyRecipeError(value, "\(what): \(name) must be true or false")
        }
    }

    func level() throws(StudyRecipeError) -> Double {
        guard let value = self["level"] else { return 0.95 }
        guard let text = value.scalar?.string, let level = Double(text), level > 0, level < 1 else {
            throw StudyRecipeError(value, "\(what): level must be a number between 0 and 1 (e.g. 0.95)")
        }
        return level
    }
}
