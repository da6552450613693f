import ABIIO
import Testing

/// The SVG primitives in ABIIO/SVG: nice-number ticks against hand calculations from Heckbert's
/// algorithm, number text, escaping, and the document's well-formedness.
@Suite struct SVGPrimitiveTests {
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(a), abs(b)) }

    /// (minimum, maximum, ticks wanted) -> (lower, upper, step, decimals), worked by hand:
    /// range = nicenum(max - min, round: false); step = nicenum(range / (ntick - 1), round: true);
    /// bounds = floor/ceil(min/step, max/step) * step.
    @Test(arguments: [
        // range 1 -> 1; 1/4 = 0.25 -> 0.2 (2.5 < 3 rounds to 2)
        ((0.0, 1.0, 5), (0.0, 1.0, 0.2, 1)),
        // range 94 -> 100; 25 -> 20
        ((3.0, 97.0, 5), (0.0, 100.0, 20.0, 0)),
        // range 0.70 -> 1; 1/9 = 0.111 -> 0.1; 0.53 -> 0.5, 1.23 -> 1.3
        ((0.53, 1.23, 10), (0.5, 1.3, 0.1, 1)),
        // range 0.132+0.083=0.215 -> 0.5; 0.1 -> 0.1
        ((-0.132, 0.083, 6), (-0.2, 0.1, 0.1, 1)),
        // one value 0.9: widened by its order of magnitude (0.1) to [0.85, 0.95]; range 0.1 -> 0.1;
        // 0.025 -> 0.02; floor(42.5) = 42, ceil(47.5) = 48
        ((0.9, 0.9, 5), (0.84, 0.96, 0.02, 2)),
        // zero: [-0.5, 0.5]; range 1; step 0.2; floor(-2.5) = -3, ceil(2.5) = 3
        ((0.0, 0.0, 5), (-0.6, 0.6, 0.2, 1)),
        // one large value 1234: unit 1000 -> [734, 1734]; range 1000; step 250 -> 200
        ((1234.0, 1234.0, 5), (600.0, 1800.0, 200.0, 0)),
        // no data (NaN, infinite, or minimum > maximum): [0, 1]
        ((Double.nan, 1.0, 5), (0.0, 1.0, 0.2, 1)),
        ((0.0, Double.infinity, 5), (0.0, 1.0, 0.2, 1)),
        ((2.0, 1.0, 5), (0.0, 1.0, 0.2, 1)),
    ])
    func ticksAtRoundNumbers(input: (Double, Double, Int), expected: (Double, Double, Double, Int)) {
        let scale = NiceScale(minimum: input.0, maximum: input.1, tickCount: input.2)
        #expect(Self.close(scale.lower, expected.0), "lower \(scale.lower)")
        #expect(Self.close(scale.upper, expected.1), "upper \(scale.upper)")
        #expect(Self.close(scale.step, expected.2), "step \(scale.step)")
        #expect(scale.decimals == expected.3)
        let ticks = scale.ticks
        #expect(ticks.count == Int(((expected.1 - expected.0) / expected.2).rounded()) + 1)
        #expect(Self.close(ticks.first!, expected.0) && Self.close(ticks.last!, expected.1))
    }

    @Test func integerStepsForCounts() {
        // (0, 2): step 0.5 by Heckbert, raised to 1.
        let scale = NiceScale(minimum: 0, maximum: 2, tickCount: 6, integerSteps: true)
        #expect(scale.step == 1 && scale.ticks == [0, 1, 2] && scale.decimals == 0)
        #expect(NiceScale(minimum: 0, maximum: 2, tickCount: 6).step == 0.5)
    }

    @Test func tickLabelsAreExact() {
        let scale = NiceScale(minimum: 0.53, maximum: 1.23, tickCount: 10)
        #expect(scale.ticks.map(scale.label) == ["0.5", "0.6", "0.7", "0.8", "0.9", "1.0", "1.1", "1.2", "1.3"])
    }

    @Test(arguments: [(1.0, false, 1.0), (1.4, true, 1.0), (1.5, true, 2.0), (2.9, true, 2.0), (3.0, true, 5.0),
                      (6.9, true, 5.0), (7.0, true, 10.0), (1.01, false, 2.0), (2.0, false, 2.0), (4.9, false, 5.0),
                      (5.1, false, 10.0), (0.0123, true, 0.01), (456.0, false, 500.0)])
    func niceNumbers(x: Double, round: Bool, expected: Double) {
        #expect(Self.close(NiceScale.niceNumber(x, round: round), expected))
    }

    @Test(arguments: [(0.125, 2, "0.13"), (-0.125, 2, "-0.13"), (-0.001, 2, "0"), (2.5, 2, "2.5"), (100.0, 2, "100"),
                      (-3.14159, 2, "-3.14"), (Double.nan, 2, "0"), (Double.infinity, 2, "1000000"),
                      (-Double.infinity, 0, "-1000000"), (0.0004999, 3, "0"), (12.3456, 3, "12.346")])
    func attributeNumbers(value: Double, decimals: Int, expected: String) {
        #expect(SVGNumber.attribute(value, decimals: decimals) == expected)
    }

    @Test func labelsKeepTrailingZeros() {
        #expect(SVGNumber.label(1, decimals: 2) == "1.00")
        #expect(SVGNumber.label(0.9, decimals: 2) == "0.90")
        #expect(SVGNumber.label(0, decimals: 1) == "0.0")
        #expect(SVGNumber.label(-0.05, decimals: 2) == "-0.05")
        #expect(SVGNumber.label(20, decimals: 0) == "20")
    }

    @Test func escapesMarkupAndForbiddenCharacters() {
        #expect(SVGText.escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
        #expect(SVGText.escape("x\u{1}y\u{FFFE}") == "x\u{FFFD}y\u{FFFD}")
        #expect(SVGText.escape("ABI ≤ 0.90\ttab") == "ABI ≤ 0.90\ttab")
    }

    @Test func truncatesToWidth() {
        #expect(SVGText.truncated("short", toWidth: 100, fontSize: 10) == "short")
        let long = SVGText.truncated("noncompressible", toWidth: 42, fontSize: 10)
        #expect(long == "noncomp\u{2026}" || SVGText.estimatedWidth(long, fontSize: 10) <= 48)
        #expect(long.hasSuffix("\u{2026}"))
    }

    @Test func documentIsWellFormedSelfContainedAndDeterministic() {
        func make() -> String {
            var document = SVGDocument(width: 300, height: 200, title: "A <title> & more", description: "desc \"quoted\"")
            document.beginGroup(label: "g & h")
            document.rect(x: 1, y: 2, width: 3, height: -4, style: .init(fill: Palette.blue), tooltip: "tip <1>")
            document.line(x1: 0, y1: 0, x2: 10.123, y2: 10, style: .init(stroke: "#000000", dash: "4 2"))
            document.polyline([(0, 0), (1, 1), (2, 0.5)], style: .init(stroke: Palette.orange, opacity: 0.5))
            document.polygon([(0, 0), (1, 1), (2, 0.5)], style: .init(fill: Palette.skyBlue))
            document.circle(cx: 5, cy: 5, r: 2, style: .init(fill: "#000000"))
            document.text("label \u{1} & <x>", x: 10, y: 20, anchor: .middle, bold: true, rotation: -90)
            document.endGroup()
            document.beginClippedGroup(label: "data", x: 0, y: 0, width: 100, height: 100)
            document.endGroup()
            return document.render()
        }
        let svg = make()
        #expect(xmlWellFormednessProblem(svg) == nil, "\(xmlWellFormednessProblem(svg) ?? "")")
        #expect(svg == make())
        #expect(svg.contains("<title id=\"figure-title\">A &lt;title&gt; &amp; more</title>"))
        #expect(svg.contains("viewBox=\"0 0 300 200\""))
        #expect(svg.contains("height=\"0\""), "negative sizes become 0")
        #expect(!svg.contains("<script") && !svg.contains("href") && !svg.contains("<image"))
        #expect(svg.contains("label \u{FFFD} &amp; &lt;x&gt;"))
    }

    @Test func checkerRejectsMalformedXML() {
        #expect(xmlWellFormednessProblem("<a><b></a></b>") != nil)
        #expect(xmlWellFormednessProblem("<a x=\"1\" x=\"2\"/>") != nil)
        #expect(xmlWellFormednessProblem("<a>&nbsp;</a>") != nil)
        #expect(xmlWellFormednessProblem("<a>1 < 2</a>") != nil)
        #expect(xmlWellFormednessProblem("<a/><b/>") != nil)
        #expect(xmlWellFormednessProblem("<a>&amp;&#60;&#x3C;</a>") == nil)
    }

    @Test func okabeItoPaletteInOrder() {
        #expect(Palette.series == ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"])
        #expect(Palette.colour(forSeries: 9) == Palette.series[1])
        #expect(Palette.dash(forSeries: 0) == nil && Palette.dash(forSeries: 8) != nil)
    }
}

@Suite struct ChartLayoutTests {
    @Test func longLegendsEndWithACount() {
        let entries = (0..<40).map { Chart.LegendEntry(label: "group number \($0)", colour: Palette.colour(forSeries: $0), marker: .swatch) }
        let chart = Chart(width: 400, height: 300, title: "t", description: "d", xAxis: .init(title: "x", ticks: .categorical(["a"])),
                          yAxis: .init(title: "y", ticks: .numeric(NiceScale(minimum: 0, maximum: 1))), legend: entries)
        // Three rows of legend at most: the plot keeps most of the canvas.
        let threeRows: Double = 12 + 24 + 3 * 18 + 10
        #expect(chart.top <= threeRows)
        // 300 - 12 (margin) - 20 (x title) - 12 - 10 (tick labels) = 246 at the bottom.
        #expect(chart.bottom - chart.top == 246 - threeRows)
        var copy = chart
        let svg = copy.render()
        #expect(svg.contains("more</text>"))
        #expect(xmlWellFormednessProblem(svg) == nil)
    }

    @Test func plotAreaLeavesRoomForLabels() {
        let chart = Chart(width: 800, height: 500, title: "Title", description: "d", xAxis: .init(title: "x", ticks: .numeric(NiceScale(minimum: 0, maximum: 1000))),
                          yAxis: .init(title: "y", ticks: .numeric(NiceScale(minimum: -12345, maximum: 0))))
        // y labels such as "-14000" (6 characters at 12 px, 0.6 em each = 43.2 px) fit left of the axis.
        let labelRoom: Double = 12 + 20 + 43.2 + 8 - 1e-9
        #expect(chart.left >= labelRoom)
        // Half of the last x label ("1000") may extend right of the plot.
        let rightLimit: Double = 800 - 14.4 + 1e-9
        #expect(chart.right <= rightLimit)
        let bottomLimit: Double = 500 - 12 - 12
        #expect(chart.bottom < bottomLimit)
        #expect(chart.x(0) == chart.left && abs(chart.x(1000) - chart.right) < 1e-9)
    }
}
