import ABIAnalysis
import ABICore
import ABIIO
import Testing

/// Every figure kind renders well-formed, self-contained, deterministic SVG, including degenerate
/// data (empty, one value, zero variance, non-finite values).
@Suite struct FigureRenderingTests {
    static let options = FigureOptions(width: 640, height: 400, title: nil)

    static func renders() -> [(String, String)] {
        let abi = [0.5, 0.72, 0.9, 0.91, 1.0, 1.12, 1.4, 1.45, .nan]
        var rows: [(String, Double, Double, String)] = []
        for s in 0..<30 { for t in [0.0, 6, 12] { rows.append(("S\(s)", t, 0.8 + Double(s % 5) * 0.05 + t * 0.001, s % 2 == 0 ? "A & B" : "<C>")) } }
        return [
            ("abi", ABIDistributionFigure.render(ABIDistributionFigure.compute(values: abi, measure: "patient ABI"), options: options)),
            ("abi-empty", ABIDistributionFigure.render(ABIDistributionFigure.compute(values: [], measure: "patient ABI"), options: options)),
            ("abi-one", ABIDistributionFigure.render(ABIDistributionFigure.compute(values: [0.9], measure: "patient ABI"), options: options)),
            ("categories", CategoryCountsFigure.render(CategoryCountsFigure.computeLegs(abiLeft: abi, abiRight: abi.reversed()), options: options)),
            ("categories-empty", CategoryCountsFigure.render(CategoryCountsFigure.compute(categories: [], severities: [], groups: nil), options: options)),
            ("trajectories", TrajectoriesFigure.render(TrajectoriesFigure.compute(subjects: rows.map(\.0), times: rows.map(\.1), values: rows.map(\.2),
                                                                                  groups: rows.map(\.3), measure: "abi", timeLabel: "month", maximumSubjects: 10), options: options)),
            ("trajectories-constant", TrajectoriesFigure.render(TrajectoriesFigure.compute(subjects: ["a", "a"], times: [1, 1], values: [2, 2], groups: nil,
                                                                                           measure: "abi", timeLabel: "t"), options: options)),
            ("trajectories-empty", TrajectoriesFigure.render(TrajectoriesFigure.compute(subjects: [], times: [], values: [], groups: nil,
                                                                                        measure: "abi", timeLabel: "t"), options: options)),
            ("box", BoxPlotFigure.render(BoxPlotFigure.compute(values: rows.map(\.2), groups: rows.map(\.3), times: rows.map { String($0.1) }, measure: "abi"), options: options)),
            ("box-empty", BoxPlotFigure.render(BoxPlotFigure.compute(values: [.nan], groups: nil, times: nil, measure: "abi"), options: options)),
            ("bland-altman", BlandAltmanFigure.render(BlandAltmanFigure.compute(a: [1, 2, 3, 4], b: [1.1, 2, 2.8, 4.3], labelA: "a", labelB: "b"), options: options)),
            ("bland-altman-one", BlandAltmanFigure.render(BlandAltmanFigure.compute(a: [1], b: [1], labelA: "a", labelB: "b"), options: options)),
            ("forest", ForestFigure.render(ForestFigure.compute(labels: ["age", "sex[T.male]"], estimates: [0.1, -0.2], lower: [0, -0.5], upper: [0.2, 0.1]), options: options)),
            ("roc", ROCFigure.render(ROCFigure.compute(scores: [1, 2, 3, 4], reference: ["0", "1", "0", "1"], positive: "1", scoreLabel: "s", referenceLabel: "r"), options: options)),
            ("roc-one-class", ROCFigure.render(ROCFigure.compute(scores: [1], reference: ["1"], positive: "1", scoreLabel: "s", referenceLabel: "r"), options: options)),
        ]
    }

    @Test func everyFigureIsWellFormedAndSelfContained() {
        for (name, svg) in Self.renders() {
            #expect(xmlWellFormednessProblem(svg) == nil, "\(name): \(xmlWellFormednessProblem(svg) ?? "")")
            #expect(svg.contains("<title id=\"figure-title\">") && svg.contains("<desc id=\"figure-desc\">"), "\(name)")
            #expect(!svg.contains("<script") && !svg.contains("href") && !svg.contains("nan") && !svg.contains("inf"), "\(name)")
            #expect(svg.contains("viewBox=\"0 0 640 400\""), "\(name)")
        }
    }

    @Test func renderingIsByteIdentical() {
        let first = Self.renders(), second = Self.renders()
        for (a, b) in zip(first, second) { #expect(a.1 == b.1, "\(a.0)") }
    }

    @Test func textIsEscapedAndDescribesTheData() {
        let svg = Self.renders().first { $0.0 == "trajectories" }!.1
        #expect(svg.contains("A &amp; B") && svg.contains("&lt;C&gt;"))
        let abi = Self.renders().first { $0.0 == "abi" }!.1
        #expect(abi.contains("abnormal 3, borderline 1, normal 3, noncompressible 1"))
        #expect(abi.contains(">0.90</text>") && abi.contains(">1.40</text>"))
    }

    @Test func titleOptionReplacesTheDefault() {
        let svg = ROCFigure.render(ROCFigure.compute(scores: [1, 2], reference: ["0", "1"], positive: "1", scoreLabel: "s", referenceLabel: "r"),
                                   options: FigureOptions(width: 300, height: 300, title: "My <ROC>"))
        #expect(svg.contains("<title id=\"figure-title\">My &lt;ROC&gt;</title>"))
        #expect(svg.contains("width=\"300\" height=\"300\""))
    }
}
