import ABIBatch
import ABIIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Renders a `MixedModelReport`: one rectangular table (CSV, TSV, JSON Lines) or Markdown for people.
///
/// Table layout, one row per quantity, `kind` saying which:
/// - `fixed`: a fixed effect (estimate, std_error, df = Satterthwaite or Kenward-Roger, t, p_value, ci_low, ci_high);
/// - `sd`: a random-effect standard deviation (`factor` = grouping column, `term` = effect) or the
///   residual SD (`factor` = Residual), with `variance`;
/// - `correlation`: the correlation of two random effects (`term` = `a:b`), in `estimate`;
/// - `test`: a joint F test of a term (`f`, `num_df`, `df` = denominator df, `p_value`).
/// Every row repeats the model's statistics.
public enum MixedModelRenderer {
    /// Column names of the table layout.
    public static func headers(byColumns: [String]) -> [String] {
        (byColumns.isEmpty ? [] : ["group"]) + [
            "kind", "factor", "term", "estimate", "variance", "std_error", "df", "num_df", "t", "f", "p_value", "ci_low", "ci_high",
            "n", "groups", "dropped_rows", "criterion", "reml_criterion", "deviance", "log_likelihood", "aic", "bic", "residual_sd",
            "singular", "level", "ddf_method", "notes",
        ]
    }

    /// The notes of a model joined for one cell.
    public static func notes(_ result: LinearMixedModelResult) -> String {
        var texts = result.notes.map(\.message)
        if !result.missingByVariable.isEmpty {
            texts.append("missing: " + result.missingByVariable.map { "\($0.variable) \($0.rowCount)" }.joined(separator: ", "))
        }
        return texts.joined(separator: "; ")
    }

    public static func writeTable(_ report: MixedModelReport, to writer: inout any TableWriter) throws(OutputError) {
        let grouped = !report.options.byColumns.isEmpty
        try writer.writeHeader(headers(byColumns: report.options.byColumns))
        for model in report.models {
            let r = model.result
            let noteText = notes(r)
            func row(kind: String, factor: String, term: String, estimate: Double, variance: Double = .nan, se: Double = .nan,
                     df: Double = .nan, numDF: Int? = nil, t: Double = .nan, f: Double = .nan, p: Double = .nan,
                     low: Double = .nan, high: Double = .nan) throws(OutputError) {
                writer.beginRow()
                if grouped { writer.writeText(model.group ?? "") }
                writer.writeText(kind)
                writer.writeText(factor)
                writer.writeText(term)
                for value in [estimate, variance, se, df] { writer.writeNumber(value) }
                if let numDF { writer.writeInteger(numDF) } else { writer.writeBlank() }
                for value in [t, f, p, low, high] { writer.writeNumber(value) }
                writer.writeInteger(r.observationCount)
                writer.writeInteger(r.groupCount)
                writer.writeInteger(r.droppedRowCount)
                writer.writeText(r.criterion.rawValue)
                writer.writeNumber(r.criterion == .reml ? r.objective : .nan)
                writer.writeNumber(r.criterion == .reml ? .nan : r.objective)
                writer.writeNumber(r.logLikelihood)
                writer.writeNumber(r.aic)
                writer.writeNumber(r.bic)
                writer.writeNumber(r.residualStandardDeviation)
                writer.writeText(r.singular ? "true" : "false")
                writer.writeNumber(r.level)
                writer.writeText(r.degreesOfFreedomMethod.rawValue)
                writer.writeText(noteText)
                try writer.endRow()
            }
            for e in r.fixedEffects {
                try row(kind: "fixed", factor: "", term: e.term, estimate: e.estimate, se: e.standardError, df: e.degreesOfFreedom,
                        t: e.tStatistic, p: e.pValue, low: e.lowerConfidenceLimit, high: e.upperConfidenceLimit)
            }
            for c in r.varianceComponents {
                try row(kind: "sd", factor: c.group, term: c.effect, estimate: c.standardDeviation, variance: c.variance)
            }
            for c in r.correlations {
                try row(kind: "correlation", factor: c.group, term: c.first + ":" + c.second, estimate: c.correlation)
            }
            for test in r.termTests {
                try row(kind: "test", factor: "", term: test.term, estimate: .nan, df: test.denominatorDegreesOfFreedom,
                        numDF: test.numeratorDegreesOfFreedom, f: test.fStatistic, p: test.pValue)
            }
        }
        try writer.finish()
    }

    /// The conditional modes (BLUPs): group (with --by), the grouping column's level, one column per
    /// effect. A nested term (`site/subject`) gives a `factor` column (`subject:site` or `site`, as
    /// lme4's `ranef` names its tables) and `level` (`S01:site1`, `site1`): the subjects, then the sites.
    public static func writeConditionalModes(_ report: MixedModelReport, to writer: inout any TableWriter) throws(OutputError) {
        let grouped = !report.options.byColumns.isEmpty
        let effects = report.models.first?.result.conditionalModes.effectNames ?? []
        let random = (try? MixedModelFormula(report.options.formula))?.random
        let nested = random?.outerGroupingColumn != nil
        let leading = nested ? ["factor", "level"] : [random?.groupingColumn ?? "level"]
        try writer.writeHeader((grouped ? ["group"] : []) + leading + effects)
        for model in report.models {
            var tables = [(random?.levelNames.first ?? "", model.result.conditionalModes)]
            if let outer = model.result.outerConditionalModes, let names = random?.levelNames { tables.append((names[1], outer)) }
            for (factor, modes) in tables {
                for (g, label) in modes.groupLabels.enumerated() {
                    writer.beginRow()
                    if grouped { writer.writeText(model.group ?? "") }
                    if nested { writer.writeText(factor) }
                    writer.writeText(label)
                    for value in modes.values[g] { writer.writeNumber(value) }
                    try writer.endRow()
                }
            }
        }
        try writer.finish()
    }

    // MARK: Markdown

    static func format(_ format: String, _ value: Double) -> String {
        guard !value.isNaN else { return "NA" }
        guard value.isFinite else { return value > 0 ? "Inf" : "-Inf" }
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func number(_ value: Double) -> String { format("%.6g", value) }
    static func pValue(_ value: Double) -> String { value < 2.2e-16 ? "< 2.2e-16" : format("%.4g", value) }

    /// Markdown: per model a fixed-effects table, the variance components, tests and fit statistics.
    public static func writeMarkdown(_ report: MixedModelReport, into buffer: inout OutputBuffer) {
        for (index, model) in report.models.enumerated() {
            let r = model.result
            if index > 0 { buffer.append(string: "\n") }
            var title = "### `\(r.formula)`"
            if let group = model.group, !report.options.byColumns.isEmpty {
                title += " — \(report.options.byColumns.joined(separator: ", ")) = \(group)"
            }
            buffer.append(string: title + "\n\n")
            let lowPercent = format("%g", (1 - r.level) / 2 * 100), highPercent = format("%g", (1 + r.level) / 2 * 100)
            buffer.append(string: "| term | estimate | std. error | df | t | p | \(lowPercent) % | \(highPercent) % |\n")
            buffer.append(string: "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
            for e in r.fixedEffects {
                buffer.append(string: "| ")
                var term = e.term
                term.withUTF8 { buffer.appendMarkdownCell($0) }
                buffer.append(string: " | \(number(e.estimate)) | \(number(e.standardError)) | \(format("%.2f", e.degreesOfFreedom)) | "
                    + "\(format("%.4g", e.tStatistic)) | \(pValue(e.pValue)) | \(number(e.lowerConfidenceLimit)) | \(number(e.upperConfidenceLimit)) |\n")
            }
            buffer.append(string: "\n| random effect | group | variance | std. dev. |\n| --- | --- | ---: | ---: |\n")
            for c in r.varianceComponents {
                var effect = c.effect
                var group = c.group
                buffer.append(string: "| ")
                effect.withUTF8 { buffer.appendMarkdownCell($0) }
                buffer.append(string: " | ")
                group.withUTF8 { buffer.appendMarkdownCell($0) }
                buffer.append(string: " | \(number(c.variance)) | \(number(c.standardDeviation)) |\n")
            }
            for c in r.correlations {
                buffer.append(string: "\n- Correlation of \(c.first) and \(c.second) within \(c.group): \(format("%.4f", c.correlation))")
            }
            if !r.correlations.isEmpty { buffer.append(string: "\n") }
            if !r.termTests.isEmpty {
                buffer.append(string: "\n| test (type III, Satterthwaite) | F | num. df | den. df | p |\n| --- | ---: | ---: | ---: | ---: |\n")
                for t in r.termTests {
                    var term = t.term
                    buffer.append(string: "| ")
                    term.withUTF8 { buffer.appendMarkdownCell($0) }
                    buffer.append(string: " | \(format("%.4g", t.fStatistic)) | \(t.numeratorDegreesOfFreedom) | \(format("%.2f", t.denominatorDegreesOfFreedom)) | \(pValue(t.pValue)) |\n")
                }
            }
            buffer.append(string: "\n")
            var observations = "- Observations: \(r.observationCount), groups: \(r.groupCount)"
            if let outer = r.outerConditionalModes, let formula = try? MixedModelFormula(r.formula) {
                let names = formula.random.levelNames
                observations = "- Observations: \(r.observationCount), groups: \(names[0]) \(r.groupCount), \(names[1]) \(outer.groupLabels.count)"
            }
            if r.droppedRowCount > 0 { observations += " (\(r.droppedRowCount) rows dropped for missing values)" }
            buffer.append(string: observations + "\n")
            for missing in r.missingByVariable { buffer.append(string: "- Missing \(missing.variable): \(missing.rowCount) rows\n") }
            let objectiveName = r.criterion == .reml ? "REML criterion" : "Deviance"
            buffer.append(string: "- \(r.criterion == .reml ? "REML" : "Maximum likelihood"); \(objectiveName): \(number(r.objective)), "
                + "log-likelihood: \(number(r.logLikelihood)), AIC: \(number(r.aic)), BIC: \(number(r.bic))\n")
            buffer.append(string: "- Residual standard deviation: \(number(r.residualStandardDeviation))\n")
            let ddf = r.degreesOfFreedomMethod == .satterthwaite ? "Satterthwaite (as lmerTest)"
                : "Kenward-Roger (as pbkrtest; adjusted standard errors); F tests: Satterthwaite"
            buffer.append(string: "- Degrees of freedom: \(ddf); optimiser evaluations: \(r.evaluations)\n")
            for note in r.notes { buffer.append(string: "- Note: \(note.message)\n") }
        }
    }
}
