import ABIBatch
import Testing

@Suite("Mixed-model formulas and edge cases")
struct MixedModelFormulaTests {
    @Test func correlatedInterceptAndSlope() throws {
        let f = try MixedModelFormula("abi ~ arm * weeks + (1 + weeks | subject)")
        #expect(f.random == RandomEffectsTerm(groupingColumn: "subject", hasIntercept: true, slopeColumns: ["weeks"], correlated: true))
        #expect(f.fixed.termLabels == ["arm", "weeks", "arm:weeks"])
        #expect(f.random.thetaPositions.map { [$0.row, $0.column] } == [[0, 0], [1, 0], [1, 1]])
    }

    @Test func uncorrelatedAndImplicitIntercept() throws {
        let f = try MixedModelFormula("y ~ (t || g) + x")
        #expect(f.random == RandomEffectsTerm(groupingColumn: "g", hasIntercept: true, slopeColumns: ["t"], correlated: false))
        #expect(f.random.thetaPositions.map { [$0.row, $0.column] } == [[0, 0], [1, 1]])
        #expect(f.fixed.termLabels == ["x"])
    }

    @Test func slopeWithoutIntercept() throws {
        let f = try MixedModelFormula("y ~ x + (0 + t | g)")
        #expect(f.random.hasIntercept == false)
        #expect(f.random.effectNames == ["t"])
    }

    /// `(effects | outer/inner)`: lme4's nesting, the same effects at both levels.
    @Test func nestedTerm() throws {
        let f = try MixedModelFormula("abi ~ arm * weeks + (1 + weeks | site/subject)")
        #expect(f.random.groupingColumn == "subject" && f.random.outerGroupingColumn == "site")
        #expect(f.random.levelNames == ["subject:site", "site"])
        #expect(f.random.groupingColumns == ["site", "subject"])
        #expect(f.random.dimension == 2 && f.random.correlated)
        let plain = try MixedModelFormula("abi ~ weeks + (1 | subject)")
        #expect(plain.random.outerGroupingColumn == nil && plain.random.levelNames == ["subject"])
    }

    @Test func interceptOnlyFixedPart() throws {
        let f = try MixedModelFormula("y ~ (1 | g)")
        #expect(f.fixed.termLabels.isEmpty)
        #expect(f.fixed.hasIntercept)
    }

    @Test(arguments: [
        "y ~ x",                                  // no random term
        "y ~ x + (1 | g) + (1 | h)",              // two grouping factors
        "y ~ x + (1 | region/site/subject)",      // three nested levels
        "y ~ x + (1 | site:subject)",             // an interaction grouping
        "y ~ x + (1 | subject/subject)",          // a factor nested in itself
        "y ~ x + (1 | )",                         // no group
        "y ~ x + (log(t) | g)",                   // slope must be a column
        "y ~ x + 1 | g",                          // bar outside parentheses
        "y ~ x + (0 | g)",                        // no effect at all
    ])
    func rejected(_ text: String) {
        #expect(throws: BatchError.self) { try MixedModelFormula(text) }
    }

    /// A tiny data set: 3 groups x 3 rows.
    func smallData(y: [Double] = [1, 2, 3.5, 2, 2.5, 4, 0.5, 1.7, 2.2], group: [String] = ["a", "a", "a", "b", "b", "b", "c", "c", "c"])
        throws -> DataTable {
        try DataTable(["y": .numeric(y), "t": .numeric([0, 1, 2, 0, 1, 2, 0, 1, 2]), "g": .categorical(group),
                       "x": .numeric([1, 1, 1, 1, 1, 1, 1, 1, 1])])
    }

    @Test func missingValuesDroppedAndCountedPerVariable() throws {
        var y = [1, 2, 3.5, 2, 2.5, 4, 0.5, 1.7, 2.2]
        y[1] = .nan
        let data = try smallData(y: y, group: ["a", "a", "a", "b", "", "b", "c", "c", "c"])
        let result = try LinearMixedModel.fit(formula: try MixedModelFormula("y ~ t + (1 | g)"), data: data)
        #expect(result.observationCount == 7)
        #expect(result.droppedRowCount == 2)
        #expect(result.missingByVariable == [MissingValueCount(variable: "g", rowCount: 1), MissingValueCount(variable: "y", rowCount: 1)])
        #expect(result.notes.contains(.droppedRows(count: 2)))
    }

    /// Nested terms: one site is an error; the same subject label in two sites is two subjects,
    /// and a missing site drops the row (counted).
    @Test func nestedDesignEdges() throws {
        var data = try smallData(group: ["a", "a", "a", "b", "b", "b", "a", "a", "a"])
        data = try DataTable(data.columns.merging(["site": .categorical(["s1", "s1", "s1", "s1", "s1", "s1", "s1", "s1", "s1"])]) { $1 })
        #expect(throws: BatchError.self) {
            try LinearMixedModel.fit(formula: try MixedModelFormula("y ~ t + (1 | site/g)"), data: data)
        }
        let sites: [String] = ["s1", "s1", "s1", "s1", "s1", "", "s2", "s2", "s2"]
        let design = try MixedModelDesign(formula: try MixedModelFormula("y ~ t + (1 | site/g)"),
                                          data: try DataTable(data.columns.merging(["site": .categorical(sites)]) { $1 }))
        // "a" in s1 and "a" in s2 are two subjects; the row without a site is dropped.
        #expect(design.groupLabels == ["a:s1", "b:s1", "a:s2"])
        #expect(design.outerGroupLabels == ["s1", "s2"])
        #expect(design.outerOfGroup == [0, 0, 1])
        #expect(design.observationCount == 8)
        #expect(design.missingByVariable == [MissingValueCount(variable: "site", rowCount: 1)])
    }

    @Test func oneGroupIsAnError() throws {
        let data = try smallData(group: [String](repeating: "a", count: 9))
        #expect(throws: BatchError.tooFewObservations(needed: 2, available: 1)) {
            try LinearMixedModel.fit(formula: try MixedModelFormula("y ~ t + (1 | g)"), data: data)
        }
    }

    @Test func aliasedFixedColumnIsAnError() throws {
        // x is constant: aliased with the intercept.
        #expect(throws: BatchError.self) {
            try LinearMixedModel.fit(formula: try MixedModelFormula("y ~ t + x + (1 | g)"), data: try smallData())
        }
    }

    @Test func allRowsMissingIsAnError() throws {
        let data = try smallData(y: [Double](repeating: .nan, count: 9))
        #expect(throws: BatchError.self) { try LinearMixedModel.fit(formula: try MixedModelFormula("y ~ t + (1 | g)"), data: data) }
    }

    @Test func infiniteSlopeIsAnError() throws {
        var columns = try smallData().columns
        columns["t"] = .numeric([0, 1, .infinity, 0, 1, 2, 0, 1, 2])
        #expect(throws: BatchError.self) {
            try LinearMixedModel.fit(formula: try MixedModelFormula("y ~ 1 + (1 + t | g)"), data: try DataTable(columns))
        }
    }

    @Test func categoricalSlopeIsAnError() throws {
        #expect(throws: BatchError.invalidColumnUse(column: "g", reason: "a random slope needs a numeric column")) {
            try LinearMixedModel.fit(formula: try MixedModelFormula("y ~ t + (1 + g | g)"), data: try smallData())
        }
    }

    @Test func zeroBetweenGroupVarianceIsSingular() throws {
        // Identical groups: the random-intercept variance is 0 at the optimum (theta on its bound).
        let y = [1.0, 2.1, 2.9, 1.0, 2.1, 2.9, 1.0, 2.1, 2.9]
        let result = try LinearMixedModel.fit(formula: try MixedModelFormula("y ~ t + (1 | g)"), data: try smallData(y: y))
        #expect(result.singular)
        #expect(result.theta == [0])
        #expect(result.notes.contains(.singularFit))
        #expect(result.varianceComponents[0].standardDeviation == 0)
    }

    @Test func testOfMarginalTermIsRefused() throws {
        let reference = try mixedReferenceFit("trial_slope_reml")
        let data = try mixedData(try #require(reference["file"] as? String))
        #expect(throws: BatchError.self) {
            try LinearMixedModel.fit(formula: try MixedModelFormula("abi ~ arm * weeks + (1 + weeks | subject)"), data: data, tests: ["weeks"])
        }
        #expect(throws: BatchError.self) {
            try LinearMixedModel.fit(formula: try MixedModelFormula("abi ~ arm * weeks + (1 + weeks | subject)"), data: data, tests: ["age"])
        }
        // The term may be named in either order.
        let result = try LinearMixedModel.fit(formula: try MixedModelFormula("abi ~ arm * weeks + (1 + weeks | subject)"), data: data,
                                              tests: ["weeks:arm"])
        #expect(result.termTests.map(\.term) == ["arm:weeks"])
    }

    /// theta is invariant to the scale of the response: the optimiser must find the same optimum
    /// for Reaction x 1e-3 and x 1e3, and the fixed effects and SDs scale exactly.
    @Test(arguments: [1e-3, 1e3])
    func responseScaleInvariance(_ factor: Double) throws {
        let data = try mixedData("mixed_sleepstudy.csv")
        var columns = data.columns
        guard case .numeric(let reaction)? = columns["Reaction"] else { Issue.record("no Reaction"); return }
        columns["Reaction"] = .numeric(reaction.map { $0 * factor })
        let formula = try MixedModelFormula("Reaction ~ Days + (Days | Subject)")
        let base = try LinearMixedModel.fit(formula: formula, data: data)
        let scaled = try LinearMixedModel.fit(formula: formula, data: try DataTable(columns))
        for (a, b) in zip(scaled.theta, base.theta) { #expect(abs(a - b) <= 1e-6 * 0.97, "theta \(a) vs \(b)") }
        for (a, b) in zip(scaled.fixedEffects, base.fixedEffects) { expectClose(a.estimate, b.estimate * factor, tolerance: 1e-7, "estimate") }
        expectClose(scaled.residualStandardDeviation, base.residualStandardDeviation * factor, tolerance: 1e-7, "sigma")
        for (a, b) in zip(scaled.fixedEffects, base.fixedEffects) { expectClose(a.degreesOfFreedom, b.degreesOfFreedom, tolerance: 1e-5, "df") }
    }
}
