import ABIBatch
import ABIIO

/// What `abikit mixed` was asked to do.
public struct MixedModelOptions: Sendable, Equatable {
    /// The model in lme4 syntax, e.g. `abi ~ arm * weeks + (1 + weeks | subject)`.
    public var formula: String
    /// Reference level per factor of the fixed part.
    public var referenceLevels: [String: String]
    /// REML (default) or maximum likelihood.
    public var criterion: LinearMixedModelResult.Criterion
    /// Confidence level of the fixed-effect intervals.
    public var level: Double
    /// Terms to test jointly (lmerTest type III F with Satterthwaite df).
    public var tests: [String]
    /// Fit one model per combination of these columns' values (``ByGroups``); empty for one model.
    public var byColumns: [String]
    /// Satterthwaite (default) or Kenward-Roger df for the fixed effects.
    public var degreesOfFreedom: LinearMixedModelResult.DegreesOfFreedomMethod

    public init(formula: String, referenceLevels: [String: String] = [:], criterion: LinearMixedModelResult.Criterion = .reml,
                level: Double = 0.95, tests: [String] = [], byColumns: [String] = [],
                degreesOfFreedom: LinearMixedModelResult.DegreesOfFreedomMethod = .satterthwaite) {
        self.formula = formula
        self.referenceLevels = referenceLevels
        self.criterion = criterion
        self.level = level
        self.tests = tests
        self.byColumns = byColumns
        self.degreesOfFreedom = degreesOfFreedom
    }
}

/// The fitted models of one `abikit mixed` run.
public struct MixedModelReport: Sendable, Equatable {
    /// One fitted model, with its `--by` group (nil without `--by`).
    public struct Model: Sendable, Equatable {
        public var group: String?
        public var result: LinearMixedModelResult
    }

    /// A `--by` group whose model could not be fitted.
    public struct Failure: Sendable, Equatable {
        public var group: String
        public var error: BatchError
    }

    public var options: MixedModelOptions
    public var models: [Model]
    public var failures: [Failure]
    /// Rows read.
    public var rowCount: Int
    /// Rows without a value in a `--by` column (left out).
    public var ungroupedRowCount: Int
}

/// Fits `abikit mixed`'s models: one, or one per `--by` group (``ByGroups``) in order of first appearance.
public enum MixedModelEngine {
    /// The input columns a model needs (fixed part, random slopes, grouping columns), sorted, without
    /// the `--by` columns.
    public static func requiredColumns(formula: MixedModelFormula, byColumns: [String]) -> [String] {
        var names = formula.fixed.variableNames
        names.formUnion(formula.random.slopeColumns)
        names.formUnion(formula.random.groupingColumns)
        for name in byColumns { names.remove(name) }
        return names.sorted()
    }

    /// Runs the fits.
    /// - Parameters:
    ///   - options: the fit settings (criterion, degrees of freedom, `--by` columns, level, tests).
    ///   - formula: the parsed formula (parse errors are the caller's to report).
    ///   - data: the columns, including the `--by` columns as categorical.
    /// - Throws: `BatchError` when the only model (no `--by`) cannot be fitted; with `--by`, failing
    ///   groups are collected in `failures` and the others still fitted.
    public static func run(_ options: MixedModelOptions, formula: MixedModelFormula, data: DataTable) throws -> MixedModelReport {
        var groups: [(name: String?, rows: [Int]?)] = [(nil, nil)]
        var ungrouped = 0
        if !options.byColumns.isEmpty {
            var values: [[String]] = []
            for name in options.byColumns {
                guard case .categorical(let labels)? = data.columns[name] else { throw BatchError.unknownColumn(name) }
                values.append(labels)
            }
            let grouped = ByGroups(columns: options.byColumns, values: values)
            groups = zip(grouped.names, grouped.rows).map { ($0, $1) }
            ungrouped = grouped.ungroupedCount
        }
        var models: [MixedModelReport.Model] = []
        var failures: [MixedModelReport.Failure] = []
        for group in groups {
            var table = data
            if let rows = group.rows {
                var columns: [String: DataColumn] = [:]
                for (name, column) in data.columns {
                    switch column {
                    case .numeric(let values): columns[name] = .numeric(rows.map { values[$0] })
                    case .categorical(let values): columns[name] = .categorical(rows.map { values[$0] })
                    }
                }
                table = try DataTable(columns)
            }
            do {
                let result = try LinearMixedModel.fit(formula: formula, data: table, referenceLevels: options.referenceLevels,
                                                      criterion: options.criterion, level: options.level, tests: options.tests,
                                                      degreesOfFreedom: options.degreesOfFreedom)
                models.append(.init(group: group.name, result: result))
            } catch let error as BatchError {
                guard let name = group.name else { throw error }
                failures.append(.init(group: name, error: error))
            }
        }
        return MixedModelReport(options: options, models: models, failures: failures, rowCount: data.rowCount,
                                ungroupedRowCount: ungrouped)
    }

    /// Loads the columns the model needs from `source` (problems in the data go to `warn`) and runs
    /// the fits. Model errors that are the user's (unknown columns, bad reference levels) are usage
    /// failures (exit 2); a model that cannot be fitted is a data failure (exit 1).
    public static func run(_ options: MixedModelOptions, formula: MixedModelFormula, source: ColumnSource, threads: Int,
                           warn: (String) -> Void) throws(AnalysisFailure) -> MixedModelReport {
        var requests = requiredColumns(formula: formula, byColumns: options.byColumns).map { ColumnLoader.Request.automatic($0) }
        for name in options.byColumns where !requests.contains(where: { $0.name == name }) { requests.append(.categorical(name)) }
        let loaded = try source.load(requests, threads: threads, command: "mixed", warn: warn)
        var columns: [String: DataColumn] = [:]
        for (name, column) in zip(loaded.names, loaded.columns) {
            switch column {
            case .numeric(let values): columns[name] = .numeric(values)
            case .categorical(let values): columns[name] = .categorical(values)
            }
        }
        do {
            return try run(options, formula: formula, data: try DataTable(columns))
        } catch let error as BatchError {
            // Without --by the model's rows are the loaded rows.
            let dataRow: ((Int) -> Int)? = options.byColumns.isEmpty ? { (loaded.sourceRows?[$0] ?? $0) + 1 } : nil
            let message = "\(source.displayName): " + error.message(formula: options.formula, dataRow: dataRow)
            throw error.isUsageError ? .usage(message) : .data(message)
        } catch {
            throw .data("\(source.displayName): \(error)")
        }
    }
}
