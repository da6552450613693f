@testable import ABIAnalysis
import ABIIO
import ABIStatistics
import Foundation
import Testing

/// The Bland-Altman and ROC figures draw the numbers `abikit agree` prints: the same
/// ABIStatistics results (compared field by field, bit for bit) and, through them, R's values
/// from Scripts/reference/agree_reference.R (Tests/ABIStatisticsTests/Resources/agree_r.json,
/// whose header names R 4.2.2 and pROC 1.18.0) at 1e-10 relative (1e-8 for the exact limit
/// intervals: R's noncentral t quantile is good to about 1e-11).
@Suite struct FigureAgreesWithAgreeTests {
    static func reference() throws -> [String: Any] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("ABIStatisticsTests/Resources/agree_r.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func close(_ a: Double?, _ b: Any?, _ tolerance: Double = 1e-10) -> Bool {
        guard let a, let b = (b as? NSNumber)?.doubleValue else { return false }
        return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-300)
    }

    struct Data80 {
        let ids: [String]
        let a: [Double]
        let b: [Double]
    }

    static func data() throws -> Data80 {
        let abi = try #require(try reference()["abi"] as? [String: Any])
        return Data80(ids: try #require(abi["id"] as? [String]), a: try #require((abi["a"] as? [NSNumber])?.map(\.doubleValue)),
                      b: try #require((abi["b"] as? [NSNumber])?.map(\.doubleValue)))
    }

    /// `agree`'s result on the same pairs, through its engine (cells as text, as it reads them).
    static func agree(_ data: Data80, cutoff: Bool) -> AgreeResult {
        let options = AgreeOptions(indexColumn: "a", referenceColumn: "b", subjectColumn: "id", cutoff: cutoff ? .atOrBelow090 : nil)
        return AgreeEngine(options: options).compute(
            texts: ["a": data.a.map { "\($0)" }, "b": data.b.map { "\($0)" }, "id": data.ids], rowCount: data.a.count,
            decimalMark: .point, source: "agree_r.json")
    }

    @Test func blandAltmanFigureDrawsAgreesNumbers() throws {
        let data = try Self.data()
        let figure = BlandAltmanFigure.compute(a: data.a, b: data.b, labelA: "a", labelB: "b")
        let agreed = Self.agree(data, cutoff: false)
        let ba = try #require(figure.agreement)
        #expect(figure.agreement == agreed.blandAltman)
        #expect(figure.repeatedMeasures == nil, "no subject column given")
        let abi = try #require(try Self.reference()["abi"] as? [String: Any])
        let lines = try #require(figure.drawnLines)
        #expect(Self.close(lines.bias.estimate, abi["bias"]))
        #expect(Self.close(lines.bias.interval?.lower, (abi["bias_ci"] as? [Any])?[0]))
        #expect(Self.close(lines.lower.estimate, abi["lower"]) && Self.close(lines.upper.estimate, abi["upper"]))
        #expect(Self.close(lines.lower.interval?.lower, (abi["lower_exact"] as? [Any])?[0], 1e-8))
        #expect(Self.close(lines.upper.interval?.upper, (abi["upper_exact"] as? [Any])?[1], 1e-8))
        #expect(ba.limitMultiplier != 1.96, "the z quantile, not 1.96")
        // The description a screen reader gets carries the same numbers.
        let svg = BlandAltmanFigure.render(figure, options: FigureOptions())
        #expect(svg.contains(SVGNumber.attribute(lines.upper.estimate, decimals: 4)))
        #expect(svg.contains("Carkeet 2015"))
    }

    @Test func repeatedPairsDrawZouLimitsAsAgree() throws {
        let data = try Self.data()
        let figure = BlandAltmanFigure.compute(a: data.a, b: data.b, labelA: "a", labelB: "b", subjects: data.ids)
        let agreed = Self.agree(data, cutoff: false)
        let rm = try #require(figure.repeatedMeasures)
        #expect(figure.repeatedMeasures == agreed.repeatedMeasuresMOVER)
        let zou = try #require(try Self.reference()["zou"] as? [String: Any])
        #expect(Self.close(rm.upperLimit.estimate, zou["upper"]) && Self.close(rm.lowerLimit.estimate, zou["lower"]))
        #expect(Self.close(rm.upperLimit.interval?.upper, (zou["upper_ci"] as? [Any])?[1]))
        #expect(Self.close(figure.drawnLines?.lower.interval?.lower, (zou["lower_ci"] as? [Any])?[0]))
        // Blank ids are subjects of their own: no replication, no repeated-measures limits.
        let blanks = BlandAltmanFigure.compute(a: [1, 2, 3], b: [1.1, 2, 2.9], labelA: "a", labelB: "b", subjects: ["", "", ""])
        #expect(blanks.repeatedMeasures == nil && blanks.agreement != nil)
    }

    @Test func tooFewPairsDrawNoLimits() {
        let one = BlandAltmanFigure.compute(a: [1, .nan], b: [1.1, 2], labelA: "a", labelB: "b")
        #expect(one.agreement == nil && one.drawnLines == nil && one.differences.count == 1)
        #expect(one.notes == [.nonFiniteValuesOmitted(column: "a or b", count: 1)])
        let none = BlandAltmanFigure.compute(a: [], b: [], labelA: "a", labelB: "b")
        #expect(none.notes == [.noData])
    }

    @Test func rocFigureDrawsAgreesAUCAndDeLongInterval() throws {
        let data = try Self.data()
        // agree's reference standard: b <= 0.90 (PAD) is a case; ABI lower is positive.
        let labels = data.b.map { Int(($0 * 100).rounded()) <= 90 ? "pad" : "no" }
        let figure = ROCFigure.compute(scores: data.a, reference: labels, positive: "pad", lowerIsPositive: true,
                                       scoreLabel: "a", referenceLabel: "b")
        let agreed = try #require(Self.agree(data, cutoff: true).roc)
        #expect(figure.roc == agreed)
        let roc = try #require(try Self.reference()["roc"] as? [String: Any])
        #expect(Self.close(figure.areaUnderCurve, roc["auc"]))
        #expect(Self.close(figure.areaInterval?.lower, roc["lower"]) && Self.close(figure.areaInterval?.upper, roc["upper"]))
        // pROC's curve, from (0, 0) to (1, 1).
        let sensitivities = try #require((roc["sensitivities"] as? [NSNumber])?.map(\.doubleValue))
        #expect(figure.points.count == sensitivities.count)
        #expect(zip(figure.points.map(\.truePositiveRate), sensitivities.reversed()).allSatisfy { abs($0 - $1) <= 1e-12 })
        let svg = ROCFigure.render(figure, options: FigureOptions())
        #expect(svg.contains("95% CI \(SVGNumber.label(figure.areaInterval!.lower, decimals: 3))"))
        #expect(svg.contains("DeLong"))
        // Higher-is-positive on negated scores: the same area and interval.
        let negated = ROCFigure.compute(scores: data.a.map { -$0 }, reference: labels, positive: "pad", scoreLabel: "a", referenceLabel: "b")
        #expect(abs(negated.areaUnderCurve - figure.areaUnderCurve) <= 1e-15 && negated.areaInterval == figure.areaInterval)
    }
}
