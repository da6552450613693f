@testable import ABIAnalysis
import ABICore
import Testing

/// Study recipes: the documented example parses to the sections in order; every error names the
/// recipe line (and column) where it is, as a person would look for it.
@Suite struct StudyRecipeTests {
    static let example = """
        title: Exercise trial
        input: study.csv
        sections:
          - table1:
              by: arm
              columns: [abi, month]
              categorical: [pad]
          - agreement: {a: oscillometric, b: doppler, subject: subject, cutoff: le-0.90}
          - comparison:
              group: arm
              measures: [abi]
          - comparison: {subject: subject, time: month, from: 0, to: 12, measures: abi, by: arm}
          - regression: {formula: "abi ~ month + arm", covariance: hc3}
          - mixed:
              formula: abi ~ month * arm + (1 | subject)
              title: Longitudinal model
          - trajectories: {subject: subject, time: month, measure: abi, by: arm}
          - trend: {subject: subject, time: month, measures: [abi, tcpo2], method: "ols,theil-sen"}
        """

    @Test func documentedExampleParses() throws {
        let recipe = try StudyRecipe.parse(Self.example)
        #expect(recipe.title == "Exercise trial" && recipe.input == "study.csv")
        #expect(recipe.sections.map(\.kind.key) == ["table1", "agreement", "comparison", "comparison", "regression", "mixed", "trajectories", "trend"])
        #expect(recipe.sections.map(\.line) == [4, 8, 9, 12, 13, 14, 17, 18])
        #expect(recipe.sections[0].kind == .table1(by: "arm", columns: ["abi", "month"], categorical: ["pad"], nonnormal: [], digits: nil))
        guard case .agreement(let agree) = recipe.sections[1].kind else { Issue.record("agreement"); return }
        #expect(agree.indexColumn == "oscillometric" && agree.referenceColumn == "doppler" && agree.subjectColumn == "subject")
        #expect(agree.cutoff == .atOrBelow090)
        guard case .comparison(let paired) = recipe.sections[3].kind else { Issue.record("comparison"); return }
        #expect(paired.design == .longPaired(subject: "subject", time: "month", from: "0", to: "12", measures: ["abi"]) && paired.by == ["arm"])
        #expect(recipe.sections[4].kind == .regression(formula: "abi ~ month + arm", by: [], covariance: "hc3"))
        #expect(recipe.sections[5].title == "Longitudinal model")
        #expect(recipe.sections[7].kind == .trend(subject: "subject", time: "month", measures: ["abi", "tcpo2"], by: nil, methods: "ols,theil-sen"))
    }

    /// (recipe, line, column, words the message must contain)
    static let errors: [(String, Int, Int, String)] = [
        ("", 1, 1, "empty"),
        ("input: a.csv\n", 1, 1, "sections: is missing"),
        ("sections:\n  - table1: {}\n", 1, 1, "input: is missing"),
        ("input: a.csv\nsections:\n  - table1: {by: arm}\n  - plots: {x: 1}\n", 4, 5, "unknown section 'plots'"),
        ("input: a.csv\nsections:\n  - agreement:\n      a: x\n      bb: y\n", 5, 7, "unknown option 'bb'"),
        ("input: a.csv\nsections:\n  - agreement:\n      a: x\n", 4, 7, "b: is missing"),
        ("input: a.csv\nsections:\n  - agreement: {a: x, b: y, cutoff: 0.9}\n", 3, 37, "cutoff must be"),
        ("input: a.csv\nsections:\n  - comparison: {group: arm, measures: [abi], level: 95}\n", 3, 54, "level must be"),
        ("input: a.csv\nsections:\n  - regression: {formula: y ~ x, covariance: hc9}\n", 3, 46, "covariance must be"),
        ("input: a.csv\nsections:\n  - table1: {digits: many}\n", 3, 22, "whole number"),
        ("input: a.csv\nsections:\n  - table1: {by: arm}\n    - mixed: {formula: y ~ x}\n", 4, 5, "not valid YAML"),
        ("input: a.csv\nsections: table1\n", 2, 11, "must be a list"),
        ("input: a.csv\nsections:\n  - table1: {by: arm}\n    regression: {formula: y}\n", 3, 5, "a section is one of"),
        ("input: a.csv\nsections:\n  - mixed: {formula: y ~ x, ml: maybe}\n", 3, 33, "true or false"),
        ("input: a.csv\nsections:\n  - table1: {by: arm}\n  - table1: {by: arm, by: site}\n", 4, 14, "given twice"),
        ("input: a.csv\nextra: 1\nsections:\n  - table1: {}\n", 2, 1, "unknown option 'extra'"),
        ("input: a.csv\nsections:\n  - trend:\n      subject: s\n      time: t\n      measures: [abi]\n      method: linear\n", 7, 15, "method:"),
        ("input: a.csv\nsections:\n  - trend: {subject: s, time: t}\n", 3, 12, "measures: is missing"),
    ]

    @Test(arguments: errors.indices)
    func errorsNameTheLine(index: Int) {
        let (text, line, column, words) = Self.errors[index]
        do {
            _ = try StudyRecipe.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error) for \(text.debugDescription)")
            #expect(error.column == column, "\(error) for \(text.debugDescription)")
            #expect(error.message.contains(words), "\(error)")
            #expect(error.description.hasPrefix("line \(line), column \(column): "))
        }
    }
}
