import ABIBatch
import ABIIO
import ABIStatistics
import ArgumentParser
import Dispatch
import Glibc

struct RegressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Multiple linear regression with a model formula: factors, interactions, polynomials, robust standard errors.",
        discussion: """
            Fits y ~ terms by ordinary least squares (Householder QR with iterative refinement; see README.md) on the rows where every variable the model uses is present; dropped rows are counted and reported. Formula terms: x, x1:x2 (interaction), x1*x2 (= x1 + x2 + x1:x2), poly(t, 3) (orthogonal, R's default; raw = TRUE for raw powers), I(x^2), log(x), factor(k); '- 1' removes the intercept. Text columns are factors in treatment coding against their first level in sorted order, or the level given with --reference.

            CSV, TSV and JSON output: one row per coefficient with group (with --by), term, estimate, std_error, t, p_value, ci_low, ci_high (boot_ci_low, boot_ci_high, boot_std_error with --bootstrap), then the model's statistics repeated on every row of the model: n, dropped_rows, df_model, df_resid, r_squared, adj_r_squared, f_statistic, f_df_num, f_df_denom, f_p_value, residual_se, log_likelihood, aic, bic, condition_number, covariance, level, notes. Numbers are written at full round-trip precision; an aliased (not estimable) term has blank statistics and is named in notes. Markdown output is a coefficient table per model with its fit statistics and notes, rounded for people.

            Examples:
              abikit regress study.csv --formula "abi ~ age + sex + diabetes"
              abikit regress study.csv --formula "abi ~ age * sex + poly(bmi, 2)" --reference sex=female --robust hc3
              abikit regress visits.csv --formula "abi ~ years + smoker" --robust cluster:subject --format markdown
              abikit regress study.csv --formula "abi ~ age" --by site -o by_site.csv
              abikit regress study.csv --formula "abi ~ age + sex" --bootstrap 2000 --seed 7
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The model, e.g. \"abi ~ age + sex + age:sex + poly(bmi, 2)\"; column names as in the header.",
                               valueName: "formula"))
    var formula: String

    @Option(help: ArgumentHelp("Fit one model per value of this column, in order of first appearance.", valueName: "column"))
    var by: String?

    @Option(help: ArgumentHelp(
        "Coefficient covariance: classical, hc0, hc1, hc2, hc3 (heteroscedasticity-robust) or cluster:COLUMN (cluster-robust, e.g. by subject).",
        valueName: "type"))
    var robust: String = "classical"

    @Option(name: .customLong("reference"), parsing: .singleValue, help: ArgumentHelp(
        "Reference level of a factor: COLUMN=LEVEL (repeatable). Default: the first level in sorted order.",
        valueName: "column=level"))
    var references: [String] = []

    @Option(help: ArgumentHelp("Confidence level of the intervals, between 0 and 1.", valueName: "level"))
    var level: Double = 0.95

    @Option(help: ArgumentHelp("Also give percentile bootstrap intervals from N case-resampling replicates.", valueName: "n"))
    var bootstrap: Int?

    @Option(help: ArgumentHelp("Seed of the bootstrap; the result is the same for any --threads.", valueName: "seed"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Threads for reading, the blocked QR and the bootstrap (default: all cores; BLAS itself runs on one thread inside each); results do not depend on it.",
                               valueName: "n"))
    var threads: Int = Platform.processorCount

    @Flag(help: "No summary on standard error.")
    var quiet = false

    /// Phase timings on standard error (for Scripts/bench.sh).
    @Flag(help: .hidden)
    var reportTiming = false

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be from 1 to 256") }
        guard level > 0 && level < 1 else { throw ValidationError("--level must lie between 0 and 1 (e.g. 0.95), got \(level)") }
        if let bootstrap, bootstrap < 2 { throw ValidationError("--bootstrap needs at least 2 replicates, got \(bootstrap)") }
        _ = try covarianceChoice()
        _ = try referenceLevels()
    }

    /// The covariance type and, for cluster-robust errors, the cluster column.
    func covarianceChoice() throws -> (MultipleRegressionResult.CovarianceType, String?) {
        let text = robust.trimmedWhitespace()
        switch text.lowercased() {
        case "classical", "nonrobust", "none": return (.classical, nil)
        case "hc0": return (.hc0, nil)
        case "hc1": return (.hc1, nil)
        case "hc2": return (.hc2, nil)
        case "hc3": return (.hc3, nil)
        default:
            if text.lowercased().hasPrefix("cluster:") {
                let column = String(text.dropFirst("cluster:".count))
                if !column.isEmpty { return (.cluster, column) }
            }
            throw ValidationError("--robust: expected classical, hc0, hc1, hc2, hc3 or cluster:COLUMN, got '\(robust)'")
        }
    }

    func referenceLevels() throws -> [String: String] {
        var levels: [String: String] = [:]
        for item in references {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("--reference: expected COLUMN=LEVEL, got '\(item)'")
            }
            levels[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return levels
    }

    /// One fitted model and what its output rows need.
    struct FittedModel {
        var group: String?
        var result: MultipleRegressionResult
        var bootstrap: BootstrapResult?
        var clusterColumn: String?
    }

    func run() throws {
        let parsedFormula: RegressionFormula
        do {
            parsedFormula = try RegressionFormula(formula)
        } catch let error as BatchError {
            throw CommandFailure.usage(error.message(formula: formula))
        }
        let (covarianceType, clusterColumn) = try covarianceChoice()
        let levels = try referenceLevels()
        BLASInfo.setThreadCount(1)
        let started = DispatchTime.now()
        let loader = try ColumnInput.open(input)
        var requests = parsedFormula.variableNames.sorted().map { ColumnLoader.Request.automatic($0) }
        if let clusterColumn, !parsedFormula.variableNames.contains(clusterColumn) { requests.append(.automatic(clusterColumn)) }
        if let by {
            requests.removeAll { $0.name == by }
            requests.append(.categorical(by))
        }
        let loaded = try ColumnInput.load(loader, requests, threads: threads, input: input, command: "regress")
        let loadedAt = DispatchTime.now()
        var columns: [String: DataColumn] = [:]
        for (name, column) in zip(loaded.names, loaded.columns) {
            switch column {
            case .numeric(let values): columns[name] = .numeric(values)
            case .categorical(let values): columns[name] = .categorical(values)
            }
        }
        // Groups in order of first appearance; rows without a group value are left out and counted.
        var groups: [(name: String?, rows: [Int]?)] = [(nil, nil)]
        var ungrouped = 0
        if let by, case .categorical(let labels)? = loaded[by] {
            var order: [String] = []
            var members: [String: [Int]] = [:]
            for (row, label) in labels.enumerated() {
                if label.isEmpty { ungrouped += 1; continue }
                if members[label] == nil { order.append(label) }
                members[label, default: []].append(row)
            }
            groups = order.map { ($0, members[$0]) }
            if groups.isEmpty { throw CommandFailure.data("\(input.displayName): no rows with a value in --by column '\(by)'") }
        }

        var models: [FittedModel] = []
        var failures: [String] = []
        for group in groups {
            var table = columns
            if let rows = group.rows {
                for (name, column) in columns {
                    switch column {
                    case .numeric(let values): table[name] = .numeric(rows.map { values[$0] })
                    case .categorical(let values): table[name] = .categorical(rows.map { values[$0] })
                    }
                }
            }
            do {
                let data = try DataTable(table)
                let design = try parsedFormula.design(data: data, referenceLevels: levels,
                                                      alsoRequired: clusterColumn.map { [$0] } ?? [])
                var clusters: [String]? = nil
                if covarianceType == .cluster, let clusterColumn, let column = data.columns[clusterColumn] {
                    switch column {
                    case .numeric(let values): clusters = design.rowIndices.map { String(values[$0]) }
                    case .categorical(let values): clusters = design.rowIndices.map { values[$0] }
                    }
                }
                // Tall designs are factored as row blocks on `threads` threads (TSQR); BLAS inside each
                // block runs on one thread, which avoids nested parallelism (measured faster here).
                var options = LeastSquaresOptions()
                options.threadCount = threads
                let result = try LinearRegression.fit(design, covarianceType: covarianceType, clusters: clusters, options: options)
                var resampled: BootstrapResult? = nil
                if let bootstrap {
                    resampled = try Bootstrap.regressionCoefficients(design: design.matrix, response: design.response,
                                                                      replicates: bootstrap, seed: seed, threadCount: threads)
                }
                models.append(FittedModel(group: group.name, result: result, bootstrap: resampled, clusterColumn: clusterColumn))
            } catch let error as BatchError {
                let message = error.message(formula: formula)
                guard let name = group.name else {
                    throw error.isUsageError ? CommandFailure.usage("\(input.displayName): " + message)
                                             : CommandFailure.data("\(input.displayName): " + message)
                }
                failures.append("group '\(name)': \(message)")
            }
        }

        let fittedAt = DispatchTime.now()
        let sink = try output.openSink()
        do {
            if output.format == .markdown {
                var buffer = OutputBuffer(sink: sink)
                RegressionMarkdown.write(models: models, formula: formula, byColumn: by, level: level, into: &buffer)
                try buffer.flush()
                try sink.commit()
            } else {
                var writer = output.format.makeWriter(sink: sink, decimalComma: output.outputDecimalComma)
                try writeTable(models, to: &writer)
            }
        } catch {
            sink.discard()
            if case .brokenPipe = error { throw CommandFailure.brokenPipe }
            throw CommandFailure.usage("\(output.output ?? "<stdout>"): \(error)")
        }

        if !quiet {
            var text = "abikit regress: " + ColumnInput.dialectLine(loader) + "\n"
            text += "abikit regress: \(loaded.rowCount) rows read; \(models.count) model\(models.count == 1 ? "" : "s") fitted"
            if let by { text += " by \(by)" }
            text += "; covariance \(covarianceType == .classical ? "classical" : covarianceType.name)\(clusterColumn.map { " by \($0)" } ?? "")"
            if let bootstrap { text += "; bootstrap \(bootstrap) replicates, seed \(seed)" }
            text += "\n"
            if ungrouped > 0 { text += "abikit regress: \(ungrouped) rows without a value in '\(by ?? "")' left out\n" }
            for model in models {
                for note in model.result.notes + (model.bootstrap?.notes ?? []) {
                    text += "abikit regress: " + (model.group.map { "group '\($0)': " } ?? "") + note + "\n"
                }
            }
            writeToStandardError(text)
        }
        if reportTiming {
            let seconds = { (a: DispatchTime, b: DispatchTime) in Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e9 }
            writeToStandardError("abikit regress: timing: load \(seconds(started, loadedAt)) s, compute \(seconds(loadedAt, fittedAt)) s, "
                + "write \(seconds(fittedAt, DispatchTime.now())) s\n")
        }
        if !failures.isEmpty {
            throw CommandFailure.data(failures.joined(separator: "\nabikit: "))
        }
    }

    /// Column names of the CSV/TSV/JSON layout.
    func headers() -> [String] {
        var names: [String] = by == nil ? [] : ["group"]
        names += ["term", "estimate", "std_error", "t", "p_value", "ci_low", "ci_high"]
        if bootstrap != nil { names += ["boot_ci_low", "boot_ci_high", "boot_std_error"] }
        names += ["n", "dropped_rows", "df_model", "df_resid", "r_squared", "adj_r_squared", "f_statistic", "f_df_num",
                  "f_df_denom", "f_p_value", "residual_se", "log_likelihood", "aic", "bic", "condition_number",
                  "covariance", "level", "notes"]
        return names
    }

    func writeTable(_ models: [FittedModel], to writer: inout any TableWriter) throws(OutputError) {
        try writer.writeHeader(headers())
        for model in models {
            let result = model.result
            let table = result.coefficientTable(level: level)
            let intervals = model.bootstrap?.percentileIntervals(level: level)
            let bootstrapErrors = model.bootstrap?.standardErrors
            let covariance = RegressionMarkdown.covarianceLabel(result, clusterColumn: model.clusterColumn)
            let notes = result.notes + (model.bootstrap?.notes ?? [])
            for (j, row) in table.enumerated() {
                writer.beginRow()
                if by != nil { writer.writeText(model.group ?? "") }
                writer.writeText(row.term)
                writer.writeNumber(row.estimate)
                writer.writeNumber(row.standardError)
                writer.writeNumber(row.tStatistic)
                writer.writeNumber(row.pValue)
                writer.writeNumber(row.lowerConfidenceLimit)
                writer.writeNumber(row.upperConfidenceLimit)
                if bootstrap != nil {
                    writer.writeNumber(intervals?[j].lower ?? .nan)
                    writer.writeNumber(intervals?[j].upper ?? .nan)
                    writer.writeNumber(bootstrapErrors?[j] ?? .nan)
                }
                writer.writeInteger(result.observationCount)
                writer.writeInteger(result.droppedRowCount)
                writer.writeInteger(result.modelDegreesOfFreedom)
                writer.writeInteger(result.residualDegreesOfFreedom)
                writer.writeNumber(result.rSquared)
                writer.writeNumber(result.adjustedRSquared)
                writer.writeNumber(result.fStatistic)
                writer.writeInteger(result.fNumeratorDegreesOfFreedom)
                writer.writeInteger(result.inferenceDegreesOfFreedom)
                writer.writeNumber(result.fPValue)
                writer.writeNumber(result.residualStandardError)
                writer.writeNumber(result.logLikelihood)
                writer.writeNumber(result.aic)
                writer.writeNumber(result.bic)
                writer.writeNumber(result.conditionNumber)
                writer.writeText(covariance)
                writer.writeNumber(level)
                writer.writeText(notes.joined(separator: "; "))
                try writer.endRow()
            }
        }
        try writer.finish()
    }
}

/// The Markdown rendering of regression results: R/statsmodels-like, rounded for people.
enum RegressionMarkdown {
    static func covarianceLabel(_ result: MultipleRegressionResult, clusterColumn: String?) -> String {
        switch result.covarianceType {
        case .classical: return "classical"
        case .cluster: return "cluster(\(clusterColumn ?? ""); \(result.clusterCount ?? 0) clusters)"
        default: return result.covarianceType.name
        }
    }

    static func covarianceDescription(_ result: MultipleRegressionResult, clusterColumn: String?) -> String {
        switch result.covarianceType {
        case .classical: return "classical (s² (XᵀX)⁻¹)"
        case .hc0: return "HC0 heteroscedasticity-robust (White 1980)"
        case .hc1, .hc2, .hc3: return "\(result.covarianceType.name) heteroscedasticity-robust (MacKinnon & White 1985)"
        case .cluster:
            return "cluster-robust by \(clusterColumn ?? "?") (\(result.clusterCount ?? 0) clusters; t and F on \(result.inferenceDegreesOfFreedom) df)"
        }
    }

    /// Six significant digits, `NA` for NaN.
    static func number(_ value: Double, digits: Int = 6) -> String {
        guard !value.isNaN else { return "NA" }
        guard value.isFinite else { return value > 0 ? "Inf" : "-Inf" }
        return cFormat("%.\(digits)g", value)
    }

    /// p-values as R prints them: below 2.2e-16 as `< 2.2e-16`, else 4 significant digits.
    static func pValue(_ value: Double) -> String {
        guard !value.isNaN else { return "NA" }
        return value < 2.2e-16 ? "< 2.2e-16" : cFormat("%.4g", value)
    }

    static func write(models: [RegressCommand.FittedModel], formula: String, byColumn: String?, level: Double,
                      into buffer: inout OutputBuffer) {
        let percent = { (p: Double) in cFormat("%g %%", p * 100) }
        for (index, model) in models.enumerated() {
            let result = model.result
            if index > 0 { buffer.append(string: "\n") }
            var title = "### `\(formula)`"
            if let group = model.group, let byColumn { title += " — \(byColumn) = \(group)" }
            buffer.append(string: title + "\n\n")
            var header = "| term | estimate | std. error | t | p | \(percent((1 - level) / 2)) | \(percent((1 + level) / 2)) |"
            var align = "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
            if model.bootstrap != nil {
                header += " boot \(percent((1 - level) / 2)) | boot \(percent((1 + level) / 2)) |"
                align += " ---: | ---: |"
            }
            buffer.append(string: header + "\n" + align + "\n")
            let intervals = model.bootstrap?.percentileIntervals(level: level)
            for (j, row) in result.coefficientTable(level: level).enumerated() {
                buffer.append(string: "| ")
                var term = row.term
                term.withUTF8 { buffer.appendMarkdownCell($0) }
                buffer.append(string: " | \(number(row.estimate)) | \(number(row.standardError)) | \(number(row.tStatistic, digits: 4)) | "
                    + "\(pValue(row.pValue)) | \(number(row.lowerConfidenceLimit)) | \(number(row.upperConfidenceLimit)) |")
                if let intervals {
                    buffer.append(string: " \(number(intervals[j].lower)) | \(number(intervals[j].upper)) |")
                }
                buffer.append(string: "\n")
            }
            buffer.append(string: "\n")
            var observations = "- Observations: \(result.observationCount)"
            if result.droppedRowCount > 0 { observations += " (\(result.droppedRowCount) dropped for missing values)" }
            buffer.append(string: observations + "\n")
            buffer.append(string: "- Residual standard error: \(number(result.residualStandardError, digits: 4)) on \(result.residualDegreesOfFreedom) degrees of freedom\n")
            buffer.append(string: "- R²: \(number(result.rSquared, digits: 4)), adjusted R²: \(number(result.adjustedRSquared, digits: 4))\n")
            buffer.append(string: "- F: \(number(result.fStatistic, digits: 4)) on \(result.fNumeratorDegreesOfFreedom) and \(result.inferenceDegreesOfFreedom) DF, p: \(pValue(result.fPValue))\n")
            buffer.append(string: "- Log-likelihood: \(number(result.logLikelihood)), AIC: \(number(result.aic)), BIC: \(number(result.bic))\n")
            buffer.append(string: "- Condition number: \(number(result.conditionNumber, digits: 4))\n")
            buffer.append(string: "- Covariance: \(covarianceDescription(result, clusterColumn: model.clusterColumn))\n")
            if let bootstrap = model.bootstrap { buffer.append(string: "- Bootstrap: \(bootstrap.method), seed \(bootstrap.seed)\n") }
            let notes = result.notes + (model.bootstrap?.notes ?? [])
            for note in notes { buffer.append(string: "- Note: \(note)\n") }
        }
    }
}
