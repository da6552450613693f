import ABIBatch
import ABIIO
import ABIStatistics
import Dispatch

/// The coefficient covariance of a regression: classical, heteroscedasticity-robust (HC0-HC3) or
/// cluster-robust by a column.
public struct RegressionCovarianceChoice: Sendable, Equatable {
    public var type: MultipleRegressionResult.CovarianceType
    /// The cluster column of cluster-robust errors.
    public var clusterColumn: String?

    /// Parses `classical` (also `nonrobust`, `none`), `hc0` ... `hc3` or `cluster:COLUMN`; nil otherwise.
    public init?(_ text: String) {
        let trimmed = text.trimmedWhitespace()
        switch trimmed.lowercased() {
        case "classical", "nonrobust", "none": type = .classical
        case "hc0": type = .hc0
        case "hc1": type = .hc1
        case "hc2": type = .hc2
        case "hc3": type = .hc3
        default:
            guard trimmed.lowercased().hasPrefix("cluster:") else { return nil }
            let column = String(trimmed.dropFirst("cluster:".count))
            guard !column.isEmpty else { return nil }
            type = .cluster
            clusterColumn = column
        }
    }
}

/// `regress`: one multiple linear regression per group (`LinearRegression` on a
/// `RegressionFormula` design), with optional case-resampling bootstrap intervals.
public struct RegressionAnalysis: Sendable {
    public var formula: String
    /// Group columns: one model per combination of their values, in order of first appearance.
    public var by: [String] = []
    public var covariance: RegressionCovarianceChoice
    /// Reference level per factor column.
    public var referenceLevels: [String: String] = [:]
    /// Bootstrap replicates; nil for none.
    public var bootstrap: Int?
    public var seed: UInt64 = 1
    public var threads = 1

    public init(formula: String, by: [String] = [], covariance: RegressionCovarianceChoice,
                referenceLevels: [String: String] = [:], bootstrap: Int? = nil, seed: UInt64 = 1, threads: Int = 1) {
        self.formula = formula
        self.by = by
        self.covariance = covariance
        self.referenceLevels = referenceLevels
        self.bootstrap = bootstrap
        self.seed = seed
        self.threads = threads
    }

    /// Loads the formula's columns from `source`, groups the rows and fits every group; loader
    /// warnings go to `warn`. Without groups a fit failure is thrown; with groups it is recorded in
    /// ``RegressionReport/failures`` and the other groups are still fitted. With ``bootstrap``,
    /// `progress` counts the replicates done over every group (replicates x groups in all; a
    /// group that cannot be fitted counts as done).
    public func run(_ source: ColumnSource, warn: (String) -> Void,
                    progress: ProgressHandler? = nil) throws(AnalysisFailure) -> RegressionReport {
        let parsedFormula: RegressionFormula
        do {
            parsedFormula = try RegressionFormula(formula)
        } catch let error as BatchError {
            throw .usage(error.message(formula: formula))
        } catch {
            throw .usage("\(error)")
        }
        let clusterColumn = covariance.clusterColumn
        BLASInfo.setThreadCount(1)
        let started = DispatchTime.now()
        var requests = parsedFormula.variableNames.sorted().map { ColumnLoader.Request.automatic($0) }
        if let clusterColumn, !parsedFormula.variableNames.contains(clusterColumn) { requests.append(.automatic(clusterColumn)) }
        for name in by {
            requests.removeAll { $0.name == name }
            requests.append(.categorical(name))
        }
        let loaded = try source.load(requests, threads: threads, command: "regress", warn: warn)
        let loadedAt = DispatchTime.now()
        var columns: [String: DataColumn] = [:]
        for (name, column) in zip(loaded.names, loaded.columns) {
            switch column {
            case .numeric(let values): columns[name] = .numeric(values)
            case .categorical(let values): columns[name] = .categorical(values)
            }
        }
        let (groups, ungrouped) = Self.groups(of: loaded, by: by)
        if !by.isEmpty && groups.isEmpty {
            throw .data("\(source.displayName): no rows with a value in --by column '\(by.joined(separator: "', '"))'")
        }

        var models: [RegressionReport.Model] = []
        var failures: [String] = []
        let replicatesInAll = (bootstrap ?? 0) * groups.count
        for (groupIndex, group) in groups.enumerated() {
            let replicatesBefore = (bootstrap ?? 0) * groupIndex
            var groupProgress: ProgressHandler? = nil
            if let progress {
                groupProgress = { done, _ in progress(replicatesBefore + done, replicatesInAll) }
            }
            // A group that cannot be fitted has reported no replicates (the bootstrap fails before
            // its first one or is not reached); it counts as done.
            var fitted = false
            defer { if !fitted, let progress, let bootstrap { progress(replicatesBefore + bootstrap, replicatesInAll) } }
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
                models.append(try fit(table, parsedFormula, group: group.name, progress: groupProgress))
                fitted = true
            } catch let error as BatchError {
                let message = error.message(formula: formula) { row in
                    let loadedRow = group.rows?[row] ?? row
                    return (loaded.sourceRows?[loadedRow] ?? loadedRow) + 1
                }
                guard let name = group.name else {
                    throw error.isUsageError ? .usage("\(source.displayName): " + message)
                                             : .data("\(source.displayName): " + message)
                }
                failures.append("group '\(name)': \(message)")
            } catch {
                throw .data("\(source.displayName): \(error)")
            }
        }
        let seconds = { (a: DispatchTime, b: DispatchTime) in Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e9 }
        return RegressionReport(formula: formula, by: by, covariance: covariance, bootstrap: bootstrap, seed: seed,
                                rowCount: loaded.rowCount, ungroupedRows: ungrouped, models: models, failures: failures,
                                loadSeconds: seconds(started, loadedAt), fitSeconds: seconds(loadedAt, DispatchTime.now()))
    }

    /// Rows per combination of the `by` columns' values (``ByGroups``), in order of first
    /// appearance (one group of every row without `by`); rows with a blank group value are left
    /// out and counted.
    static func groups(of loaded: LoadedColumns, by: [String]) -> (groups: [(name: String?, rows: [Int]?)], ungrouped: Int) {
        guard !by.isEmpty else { return ([(nil, nil)], 0) }
        var labelColumns: [[String]] = []
        for name in by {
            if case .categorical(let labels)? = loaded[name] { labelColumns.append(labels) }
        }
        guard labelColumns.count == by.count else { return ([(nil, nil)], 0) }
        let grouped = ByGroups(columns: by, values: labelColumns)
        return (zip(grouped.names, grouped.rows).map { ($0, $1) }, grouped.ungroupedCount)
    }

    func fit(_ table: [String: DataColumn], _ parsedFormula: RegressionFormula, group: String?,
             progress: ProgressHandler? = nil) throws -> RegressionReport.Model {
        let clusterColumn = covariance.clusterColumn
        let data = try DataTable(table)
        let design = try parsedFormula.design(data: data, referenceLevels: referenceLevels,
                                              alsoRequired: clusterColumn.map { [$0] } ?? [])
        var clusters: [String]? = nil
        if covariance.type == .cluster, let clusterColumn, let column = data.columns[clusterColumn] {
            switch column {
            case .numeric(let values): clusters = design.rowIndices.map { String(values[$0]) }
            case .categorical(let values): clusters = design.rowIndices.map { values[$0] }
            }
        }
        // Tall designs are factored as row blocks on `threads` threads (TSQR); BLAS inside each
        // block runs on one thread, which avoids nested parallelism (measured faster here).
        var options = LeastSquaresOptions()
        options.threadCount = threads
        let result = try LinearRegression.fit(design, covarianceType: covariance.type, clusters: clusters, options: options)
        var resampled: BootstrapResult? = nil
        if let bootstrap {
            resampled = try Bootstrap.regressionCoefficients(design: design.matrix, response: design.response,
                                                              replicates: bootstrap, seed: seed, threadCount: threads,
                                                              progress: progress)
        }
        return RegressionReport.Model(group: group, result: result, bootstrap: resampled, clusterColumn: clusterColumn)
    }
}

/// The result of ``RegressionAnalysis``: the fitted models, in group order, and the groups that failed.
public struct RegressionReport: Sendable {
    /// One fitted model and what its output rows need.
    public struct Model: Sendable {
        /// The group's values (joined by ` / ` for several `by` columns); nil without groups.
        public var group: String?
        public var result: MultipleRegressionResult
        public var bootstrap: BootstrapResult?
        public var clusterColumn: String?

        /// The model's notes and its bootstrap's, in that order.
        public var notes: [String] { result.notes + (bootstrap?.notes ?? []) }
    }

    public let formula: String
    public let by: [String]
    public let covariance: RegressionCovarianceChoice
    public let bootstrap: Int?
    public let seed: UInt64
    /// Rows read from the input.
    public let rowCount: Int
    /// Rows left out for a blank group value.
    public let ungroupedRows: Int
    public let models: [Model]
    /// `group 'NAME': message` for each group whose model could not be fitted.
    public let failures: [String]
    public let loadSeconds: Double
    public let fitSeconds: Double

    /// The summary lines for standard error.
    public var summaryLines: [String] {
        var line = "\(rowCount) rows read; \(models.count) model\(models.count == 1 ? "" : "s") fitted"
        if !by.isEmpty { line += " by \(by.joined(separator: ", "))" }
        line += "; covariance \(covariance.type == .classical ? "classical" : covariance.type.name)"
            + (covariance.clusterColumn.map { " by \($0)" } ?? "")
        if let bootstrap { line += "; bootstrap \(bootstrap) replicates, seed \(seed)" }
        var lines = [line]
        if ungroupedRows > 0 { lines.append("\(ungroupedRows) rows without a value in '\(by.joined(separator: "', '"))' left out") }
        for model in models {
            for note in model.notes { lines.append((model.group.map { "group '\($0)': " } ?? "") + note) }
        }
        return lines
    }
}

/// Renders a ``RegressionReport``: one row per coefficient (CSV, TSV, JSON Lines) or Markdown
/// tables as R and statsmodels print them, rounded for people.
public enum RegressionRenderer {
    /// Column names of the CSV/TSV/JSON layout.
    public static func headers(_ report: RegressionReport) -> [String] {
        var names: [String] = report.by.isEmpty ? [] : ["group"]
        names += ["term", "estimate", "std_error", "t", "p_value", "ci_low", "ci_high"]
        if report.bootstrap != nil { names += ["boot_ci_low", "boot_ci_high", "boot_std_error"] }
        names += ["n", "dropped_rows", "df_model", "df_resid", "r_squared", "adj_r_squared", "f_statistic", "f_df_num",
                  "f_df_denom", "f_p_value", "residual_se", "log_likelihood", "aic", "bic", "condition_number",
                  "covariance", "level", "notes"]
        return names
    }

    public static func writeTable(_ report: RegressionReport, level: Double, to writer: inout any TableWriter) throws(OutputError) {
        try writer.writeHeader(headers(report))
        for model in report.models {
            let result = model.result
            let table = result.coefficientTable(level: level)
            let intervals = model.bootstrap?.percentileIntervals(level: level)
            let bootstrapErrors = model.bootstrap?.standardErrors
            let covariance = covarianceLabel(result, clusterColumn: model.clusterColumn)
            let notes = model.notes
            for (j, row) in table.enumerated() {
                writer.beginRow()
                if !report.by.isEmpty { writer.writeText(model.group ?? "") }
                writer.writeText(row.term)
                writer.writeNumber(row.estimate)
                writer.writeNumber(row.standardError)
                writer.writeNumber(row.tStatistic)
                writer.writeNumber(row.pValue)
                writer.writeNumber(row.lowerConfidenceLimit)
                writer.writeNumber(row.upperConfidenceLimit)
                if report.bootstrap != nil {
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

    public static func writeMarkdown(_ report: RegressionReport, level: Double, into buffer: inout OutputBuffer) {
        let percent = { (p: Double) in cFormat("%g %%", p * 100) }
        for (index, model) in report.models.enumerated() {
            let result = model.result
            if index > 0 { buffer.append(string: "\n") }
            var title = "### `\(report.formula)`"
            if let group = model.group, !report.by.isEmpty { title += " — \(report.by.joined(separator: ", ")) = \(group)" }
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
            for note in model.notes { buffer.append(string: "- Note: \(note)\n") }
        }
    }
}
