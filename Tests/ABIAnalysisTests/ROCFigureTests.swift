import ABIAnalysis
import Foundation
import Testing

/// The empirical ROC and its trapezoidal AUC against scikit-learn (roc_curve with
/// drop_intermediate=False, roc_auc_score) and scipy's Mann-Whitney U, from
/// Scripts/reference/roc_reference.py (Resources/roc_reference.json names the versions).
@Suite struct ROCFigureTests {
    struct Case: Sendable {
        let name: String
        let scores: [Double]
        let labels: [Int]
        let fpr: [Double]
        let tpr: [Double]
        let auc: Double
        let mannWhitneyAUC: Double
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "roc_reference", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["cases"] as? [[String: Any]] else { return [] }
        return list.map { item in
            Case(name: item["name"] as! String, scores: (item["scores"] as! [NSNumber]).map(\.doubleValue),
                 labels: (item["labels"] as! [NSNumber]).map(\.intValue), fpr: (item["fpr"] as! [NSNumber]).map(\.doubleValue),
                 tpr: (item["tpr"] as! [NSNumber]).map(\.doubleValue), auc: (item["auc"] as! NSNumber).doubleValue,
                 mannWhitneyAUC: (item["mann_whitney_auc"] as! NSNumber).doubleValue)
        }
    }()

    @Test func referenceLoaded() { #expect(Self.cases.count == 5) }

    /// Same exact method on both sides: 1e-12 relative (the counts are exact; only the final
    /// division and the trapezoid sum round).
    @Test(arguments: 0..<5)
    func matchesScikitLearn(index: Int) throws {
        try #require(index < Self.cases.count)
        let reference = Self.cases[index]
        let result = ROCFigure.compute(scores: reference.scores, reference: reference.labels.map(String.init), positive: "1",
                                       scoreLabel: "score", referenceLabel: "truth")
        #expect(abs(result.areaUnderCurve - reference.auc) <= 1e-12, "\(reference.name)")
        #expect(abs(result.areaUnderCurve - reference.mannWhitneyAUC) <= 1e-12, "\(reference.name)")
        #expect(result.points.map(\.falsePositiveRate).count == reference.fpr.count, "\(reference.name)")
        for (point, (fpr, tpr)) in zip(result.points, zip(reference.fpr, reference.tpr)) {
            #expect(abs(point.falsePositiveRate - fpr) <= 1e-12 && abs(point.truePositiveRate - tpr) <= 1e-12, "\(reference.name)")
        }
        // Lower-is-positive on negated scores gives the same curve.
        let flipped = ROCFigure.compute(scores: reference.scores.map { -$0 }, reference: reference.labels.map(String.init),
                                        positive: "1", lowerIsPositive: true, scoreLabel: "score", referenceLabel: "truth")
        #expect(abs(flipped.areaUnderCurve - result.areaUnderCurve) <= 1e-12)
    }

    @Test func handCaseWithTiesAndLeftOutRows() {
        // Positives 2, 3, 3, 4; negatives 1, 2, 3: pairs won 3 + 2.5 + 2.5 + ... = P(X+ > X-) + ties/2
        // = (1 + 0.5 + 0) ... worked: for each positive, negatives below + half the ties:
        // 2: 1 + 0.5 = 1.5; 3: 2 + 0.5 = 2.5 (twice); 4: 3 -> 9.5 / 12.
        let result = ROCFigure.compute(scores: [1, 2, 2, 3, 3, 3, 4, .nan, 5, 6], reference: ["0", "0", "1", "0", "1", "1", "1", "1", "", "x"],
                                       positive: "1", negative: "0", scoreLabel: "s", referenceLabel: "r")
        #expect(abs(result.areaUnderCurve - 9.5 / 12) < 1e-15)
        #expect(result.positives == 4 && result.negatives == 3)
        #expect(result.notes == [.missingValuesOmitted(column: "r", count: 1), .unexpectedLevelsOmitted(column: "r", count: 1),
                                 .nonFiniteValuesOmitted(column: "s", count: 1)])
        let oneClass = ROCFigure.compute(scores: [1, 2], reference: ["1", "1"], positive: "1", scoreLabel: "s", referenceLabel: "r")
        #expect(oneClass.areaUnderCurve.isNaN && oneClass.notes == [.noData])
    }
}
