import ABIBatch
import Foundation
import Testing

/// Reference fits from Scripts/reference/mixed_reference.R (lme4 1.1-31 with tight NLopt BOBYQA
/// tolerances, lmerTest 3.1-3 Satterthwaite df, R 4.2): fixed effects, standard errors and variance
/// components to 1e-6 relative (the optimiser tolerance), log-likelihood no worse than lme4's by
/// more than 1e-6, Satterthwaite df and p to 1e-4 relative, singular where lme4 says singular.
/// Theta and correlations are compared on their scale (see below); at a singular fit, quantities
/// that depend on the boundary parameter (lme4 stops at theta ~ 3e-8, abikit at 0) get a floor.
let mixedReferenceNames = [
    "sleep_slope_reml", "sleep_slope_ml", "sleep_uncorrelated_reml", "sleep_intercept_reml", "sleep_intercept_ml",
    "orthodont_reml", "trial_slope_reml", "trial_slope_ml", "trial_factor_week_reml", "trial_uncorrelated_reml",
    "singular_slope_reml",
    // Nested terms (site/subject): lme4's Pastes and a seeded multicentre trial.
    "pastes_nested_reml", "pastes_nested_ml", "nested_trial_reml", "nested_trial_slope_reml", "nested_trial_ml",
]

func mixedReference() throws -> [String: Any] {
    let data = try Data(contentsOf: try fixtureURL("mixed_reference.json"))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let header = try #require(object["header"] as? [String: Any])
    #expect(header["generator"] as? String == "Scripts/reference/mixed_reference.R")
    return object
}

func mixedReferenceFit(_ name: String) throws -> [String: Any] {
    let fits = try #require(try mixedReference()["fits"] as? [[String: Any]])
    return try #require(fits.first { $0["name"] as? String == name })
}

/// A CSV written by R's write.csv: quoted fields make a categorical column, empty cells are missing.
func mixedData(_ file: String) throws -> DataTable {
    let text = try String(contentsOf: try fixtureURL(file), encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\"", with: "") }
    var cells = [[String]](repeating: [], count: header.count)
    var quoted = [Bool](repeating: false, count: header.count)
    for line in lines.dropFirst() {
        for (j, field) in line.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            if field.hasPrefix("\"") { quoted[j] = true }
            cells[j].append(field.replacingOccurrences(of: "\"", with: ""))
        }
    }
    var columns: [String: DataColumn] = [:]
    for (j, name) in header.enumerated() {
        columns[name] = quoted[j] ? .categorical(cells[j]) : .numeric(cells[j].map { Double($0) ?? .nan })
    }
    return try DataTable(columns)
}

func fitReference(_ reference: [String: Any]) throws -> LinearMixedModelResult {
    let formula = try MixedModelFormula(try #require(reference["formula"] as? String))
    let data = try mixedData(try #require(reference["file"] as? String))
    let references = (reference["reference"] as? [String: String]) ?? [:]
    let tests = ((reference["anova"] as? [[String: Any]]) ?? []).compactMap { $0["term"] as? String }
    return try LinearMixedModel.fit(formula: formula, data: data, referenceLevels: references,
                                    criterion: (reference["reml"] as? Bool) == true ? .reml : .maximumLikelihood, tests: tests)
}

/// jsonlite writes a vector of length 1 as a scalar.
func scalarOrNumbers(_ value: Any?) -> [Double] {
    if let list = value as? [Any] { return list.map { number($0) } }
    return value == nil ? [] : [number(value)]
}

/// Relative error with an absolute floor for values that are zero at the optimum.
func expectNear(_ actual: Double, _ expected: Double, relative: Double, absolute: Double = 0, _ what: String,
                sourceLocation: SourceLocation = #_sourceLocation) {
    let ok = abs(actual - expected) <= max(relative * abs(expected), absolute)
    #expect(ok, "\(what): \(actual) vs \(expected) (difference \(actual - expected))", sourceLocation: sourceLocation)
}

@Suite("Linear mixed models against lme4 + lmerTest")
struct MixedModelReferenceTests {
    /// Kenward-Roger (pbkrtest 0.5.2 through lmerTest's summary(ddf = "Kenward-Roger")): adjusted
    /// standard errors to 1e-6 relative, df and p to 1e-4 relative.
    @Test(arguments: ["sleep_slope_reml", "sleep_intercept_reml", "orthodont_reml", "trial_slope_reml"])
    func kenwardRogerMatchesPbkrtest(_ name: String) throws {
        let reference = try mixedReferenceFit(name)
        let kr = try #require(reference["kenward_roger"] as? [String: Any])
        let formula = try MixedModelFormula(try #require(reference["formula"] as? String))
        let data = try mixedData(try #require(reference["file"] as? String))
        let result = try LinearMixedModel.fit(formula: formula, data: data, referenceLevels: (reference["reference"] as? [String: String]) ?? [:],
                                              degreesOfFreedom: .kenwardRoger)
        #expect(result.degreesOfFreedomMethod == .kenwardRoger)
        let se = numbers(kr["std_error"]), df = numbers(kr["df"]), p = numbers(kr["p"])
        #expect(result.fixedEffects.count == se.count)
        for (j, effect) in result.fixedEffects.enumerated() where j < se.count {
            expectNear(effect.standardError, se[j], relative: 1e-6, "\(name) KR SE \(effect.term)")
            expectNear(effect.degreesOfFreedom, df[j], relative: 1e-4, "\(name) KR df \(effect.term)")
            expectNear(effect.pValue, p[j], relative: 1e-4, absolute: 1e-15, "\(name) KR p \(effect.term)")
        }
    }

    @Test func kenwardRogerNeedsREML() throws {
        let data = try mixedData("mixed_sleepstudy.csv")
        #expect(throws: BatchError.self) {
            try LinearMixedModel.fit(formula: try MixedModelFormula("Reaction ~ Days + (1 | Subject)"), data: data,
                                     criterion: .maximumLikelihood, degreesOfFreedom: .kenwardRoger)
        }
    }

    @Test(arguments: mixedReferenceNames)
    func fitMatchesLme4(_ name: String) throws {
        let reference = try mixedReferenceFit(name)
        let result = try fitReference(reference)
        let singular = try #require(reference["singular"] as? Bool)
        #expect(result.singular == singular, "singular: \(result.singular) vs lme4 \(singular)")
        #expect(result.notes.contains(.singularFit) == singular)
        // At a boundary the reference's theta is ~1e-8 instead of 0: compare with an absolute floor.
        let floor = singular ? 1e-6 : 0

        let fixef = try #require(reference["fixef"] as? [String: Any])
        let estimates = scalarOrNumbers(fixef["estimate"])
        #expect(result.fixedEffects.count == estimates.count)
        for (j, effect) in result.fixedEffects.enumerated() where j < estimates.count {
            expectNear(effect.estimate, estimates[j], relative: 1e-6, absolute: floor * abs(estimates[j]), "\(name) estimate \(effect.term)")
            expectNear(effect.standardError, scalarOrNumbers(fixef["std_error"])[j], relative: 1e-6, absolute: floor, "\(name) SE \(effect.term)")
            expectNear(effect.degreesOfFreedom, scalarOrNumbers(fixef["df"])[j], relative: 1e-4, "\(name) df \(effect.term)")
            expectNear(effect.tStatistic, scalarOrNumbers(fixef["t"])[j], relative: 1e-6, absolute: floor, "\(name) t \(effect.term)")
            expectNear(effect.pValue, scalarOrNumbers(fixef["p"])[j], relative: 1e-4, absolute: 1e-15, "\(name) p \(effect.term)")
            expectNear(effect.lowerConfidenceLimit, scalarOrNumbers(fixef["ci_low"])[j], relative: 1e-6, absolute: 1e-6 * effect.standardError,
                       "\(name) ci_low \(effect.term)")
            expectNear(effect.upperConfidenceLimit, scalarOrNumbers(fixef["ci_high"])[j], relative: 1e-6, absolute: 1e-6 * effect.standardError,
                       "\(name) ci_high \(effect.term)")
        }

        // Variance components: lme4 lists each random effect's SD, then correlations, then the residual.
        let varcorr = try #require(reference["varcorr"] as? [String: Any])
        let sdcor = numbers(varcorr["sdcor"])
        let var2 = (varcorr["var2"] as? [Any]) ?? []
        let sds = zip(sdcor, var2).filter { !($0.1 is String) || ($0.1 as? String) == "NA" }.map(\.0)
        let cors = zip(sdcor, var2).filter { ($0.1 as? String).map { $0 != "NA" } ?? false }.map(\.0)
        let ours = result.varianceComponents.map(\.standardDeviation)
        #expect(ours.count == sds.count)
        for (k, (a, e)) in zip(ours, sds).enumerated() {
            expectNear(a, e, relative: 1e-6, absolute: singular ? 1e-5 * sds[0] : 0, "\(name) SD[\(k)]")
        }
        #expect(result.correlations.count == cors.count)
        // Correlations lie in [-1, 1]: 1e-6 absolute. The deviance is flat in the off-diagonal theta to
        // ~2e-6 relative at sleepstudy's optimum (BFGS, Nelder-Mead and BOBYQA polished from lme4's
        // optimum in R reach the same deviance to 1e-16 with theta[2] differing by 2e-6 relative).
        for (a, e) in zip(result.correlations.map(\.correlation), cors) {
            expectNear(a, e, relative: 0, absolute: singular ? 1e-5 : 1e-6, "\(name) correlation")
        }
        expectNear(result.residualStandardDeviation, number(reference["sigma"]), relative: 1e-6, "\(name) sigma")

        // The optimum is at least as good as lme4's.
        let logLik = number(reference["loglik"])
        #expect(result.logLikelihood >= logLik - 1e-6, "\(name) logLik \(result.logLikelihood) vs lme4 \(logLik)")
        expectNear(result.logLikelihood, logLik, relative: 1e-9, "\(name) logLik")
        expectNear(result.aic, number(reference["aic"]), relative: 1e-9, "\(name) AIC")
        expectNear(result.bic, number(reference["bic"]), relative: 1e-9, "\(name) BIC")
        #expect(result.observationCount == Int(number(reference["nobs"])))
        #expect(result.groupCount == Int(number(reference["ngroups"])))
        let theta = scalarOrNumbers(reference["theta"])
        #expect(result.theta.count == theta.count)
        let thetaScale = theta.map { abs($0) }.max() ?? 1
        for (k, (a, e)) in zip(result.theta, theta).enumerated() {
            expectNear(a, e, relative: 1e-6, absolute: 1e-6 * thetaScale, "\(name) theta[\(k)] (relative to max |theta|)")
        }

        // Conditional modes (BLUPs).
        let ranef = try #require(reference["ranef"] as? [String: Any])
        let levels = try #require(ranef["levels"] as? [String])
        #expect(result.conditionalModes.groupLabels == levels)
        let values = try #require(ranef["values"] as? [String: Any])
        let single = try #require(ranef["columns"] as? String ?? (ranef["columns"] as? [String])?.first)
        let columns = (ranef["columns"] as? [String]) ?? [single]
        #expect(result.conditionalModes.effectNames == columns)
        for (k, column) in columns.enumerated() {
            let expected = scalarOrNumbers(values[column])
            let scale = expected.map { abs($0) }.max() ?? 1
            for (g, e) in expected.enumerated() {
                expectNear(result.conditionalModes.values[g][k], e, relative: 1e-6, absolute: (singular ? 1e-5 : 1e-6) * scale,
                           "\(name) ranef \(column)[\(g)]")
            }
        }

        // A nested term's outer groups.
        if let outer = reference["ranef_outer"] as? [String: Any], let outerLevels = outer["levels"] as? [String] {
            let modes = try #require(result.outerConditionalModes, "\(name): outer conditional modes")
            #expect(modes.groupLabels == outerLevels)
            let outerValues = try #require(outer["values"] as? [String: Any])
            for (k, column) in columns.enumerated() {
                let expected = scalarOrNumbers(outerValues[column])
                let scale = expected.map { abs($0) }.max() ?? 1
                for (g, e) in expected.enumerated() {
                    expectNear(modes.values[g][k], e, relative: 1e-6, absolute: (singular ? 1e-5 : 1e-6) * scale, "\(name) outer ranef \(column)[\(g)]")
                }
            }
        } else {
            #expect(result.outerConditionalModes == nil)
        }

        // Joint tests (lmerTest anova type III, Satterthwaite).
        for (test, expected) in zip(result.termTests, (reference["anova"] as? [[String: Any]]) ?? []) {
            expectNear(test.fStatistic, number(expected["f"]), relative: 1e-6, "\(name) F \(test.term)")
            #expect(test.numeratorDegreesOfFreedom == Int(number(expected["numdf"])))
            expectNear(test.denominatorDegreesOfFreedom, number(expected["dendf"]), relative: 1e-4, "\(name) F df \(test.term)")
            expectNear(test.pValue, number(expected["p"]), relative: 1e-4, "\(name) F p \(test.term)")
        }
        #expect(result.termTests.count == ((reference["anova"] as? [[String: Any]]) ?? []).count)
    }
}
