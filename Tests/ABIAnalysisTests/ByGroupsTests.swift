import ABIAnalysis
import ABIBatch
import ABIIO
import ABIStatistics
import Testing

/// `--by` with two columns in compare, mixed and plot: the groups are the combinations of values
/// named "a / b" (``ByGroups``), and each group's result is the result on that group's rows alone
/// (the same run with `--where "arm == 'a' and site == 'b'"`).
@Suite struct ByGroupsTests {
    // MARK: ByGroups

    @Test func combinationsInOrderOfFirstAppearanceAndBlanksUngrouped() {
        let groups = ByGroups(columns: ["site", "sex"], values: [["B", "A", "B", "", "A", "B"], ["f", "m", "m", "m", "m", ""]])
        #expect(groups.labels == ["B / f", "A / m", "B / m", "", "A / m", ""])
        #expect(groups.names == ["B / f", "A / m", "B / m"])
        #expect(groups.rows == [[0], [1, 4], [2]])
        #expect(groups.ungroupedCount == 2)
        #expect(ByGroups.quoted(groups.columns) == "'site', 'sex'")
    }

    @Test func oneColumnIsItsOwnValues() {
        let values = ["x", "", "y", "x"]
        let groups = ByGroups(columns: ["arm"], values: [values])
        #expect(groups.labels == values)
        #expect(groups.names == ["x", "y"] && groups.rows == [[0, 3], [2]] && groups.ungroupedCount == 1)
    }

    @Test func emptyInputHasNoGroups() {
        let groups = ByGroups(columns: ["a", "b"], values: [[], []])
        #expect(groups.labels.isEmpty && groups.names.isEmpty && groups.ungroupedCount == 0)
    }

    // MARK: Data

    static let arms = ["x", "y"], sites = ["N", "S"]

    /// Long data: 5 subjects per arm x site, weeks 0, 6 and 12; values vary by subject and week
    /// with no pattern that makes any group's test degenerate. Subjects appear interleaved.
    static let longText: String = {
        var text = "id,arm,site,week,abi\n"
        for week in [0, 6, 12] {
            for subject in 0..<20 {
                let arm = arms[subject % 2], site = sites[(subject / 2) % 2]
                let base = 0.6 + Double((subject * 37) % 23) / 100
                let change = Double(week) * (0.002 + Double((subject * 7) % 9) * 0.0011) + Double((subject * subject + week * 5) % 17) / 300
                text += "S\(subject),\(arm),\(site),\(week),\(base + change)\n"
            }
        }
        return text
    }()

    static func source(_ text: String, filter: String? = nil) throws -> ColumnSource {
        try ColumnSource.open(try CSVChunkReader(bytes: Array(text.utf8)), displayName: "test.csv",
                              filter: try filter.map { try RowFilter($0) })
    }

    static func loaded(_ text: String, _ requests: [ColumnLoader.Request]) throws -> LoadedColumns {
        try source(text).load(requests, threads: 1, command: "test", warn: { _ in })
    }

    static func only(_ arm: String, _ site: String) -> String { "arm == '\(arm)' and site == '\(site)'" }

    // MARK: compare

    /// A row without what depends on the other rows (group names, the family adjustment), as text:
    /// equal texts are equal numbers (shortest round-trip digits), NaN included.
    static func own(_ row: CompareRow) -> String {
        var row = row
        (row.group, row.versus, row.comparison) = ("", "", .within)
        (row.adjustedPValue, row.adjustedRankPValue) = (0, 0)
        row.notes.removeAll { if case .family = $0 { true } else { false } }
        return String(describing: row)
    }

    @Test func compareWithinEachCombinationIsCompareOnItsRows() throws {
        let design = CompareOptions.Design.longPaired(subject: "id", time: "week", from: "0", to: "12", measures: ["abi"])
        let options = CompareOptions(design: design, by: ["arm", "site"], adjustForBaseline: true)
        let columns = try Self.loaded(Self.longText, options.columnRequests)
        let result = try CompareEngine.run(options, columns: columns)
        let within = result.rows.filter { $0.comparison == .within }
        // compare orders the groups by name, as it does for one column.
        #expect(within.map(\.group) == ["x / N", "x / S", "y / N", "y / S"])
        #expect(within.allSatisfy { $0.count == 5 })
        let omnibus = try #require(result.rows.first { $0.comparison == .omnibus })
        #expect(omnibus.group == "x / N|x / S|y / N|y / S")
        #expect(result.rows.filter { $0.comparison == .pairwise }.count == 6)
        #expect(result.rows.filter { $0.comparison == .ancova }.map(\.versus) == ["x / N", "x / N", "x / N"])
        for arm in Self.arms {
            for site in Self.sites {
                var alone = CompareOptions(design: design)
                alone.filter = try RowFilter(Self.only(arm, site))
                let subset = try CompareEngine.run(alone, columns: try Self.loaded(Self.longText, alone.columnRequests))
                #expect(subset.keptRowCount == 15)
                let row = try #require(within.first { $0.group == "\(arm) / \(site)" })
                #expect(Self.own(row) == Self.own(try #require(subset.rows.first)))
            }
        }
    }

    @Test func compareBetweenTwoCombinationsIsCompareOnTheirRows() throws {
        let design = CompareOptions.Design.longPaired(subject: "id", time: "week", from: "0", to: "12", measures: ["abi"])
        let options = CompareOptions(design: design, by: ["arm", "site"])
        let result = try CompareEngine.run(options, columns: try Self.loaded(Self.longText, options.columnRequests))
        let pairwise = try #require(result.rows.first { $0.comparison == .pairwise && $0.group == "x / S" && $0.versus == "y / N" })
        var two = options
        two.filter = try RowFilter("(\(Self.only("x", "S"))) or (\(Self.only("y", "N")))")
        let subset = try CompareEngine.run(two, columns: try Self.loaded(Self.longText, two.columnRequests))
        let between = try #require(subset.rows.first { $0.comparison == .between })
        #expect(between.group == "x / S" && between.versus == "y / N")
        #expect(Self.own(pairwise) == Self.own(between))
    }

    // MARK: mixed

    @Test func mixedFitsOneModelPerCombinationEqualToTheModelOnItsRows() throws {
        let formula = try MixedModelFormula("abi ~ week + (1 | id)")
        // A row with a blank site is left out and counted.
        let text = Self.longText + "S99,x,,0,0.7\n"
        let options = MixedModelOptions(formula: "abi ~ week + (1 | id)", byColumns: ["site", "arm"])
        let report = try MixedModelEngine.run(options, formula: formula, source: try Self.source(text), threads: 1, warn: { _ in })
        #expect(report.models.map(\.group) == ["N / x", "N / y", "S / x", "S / y"])
        #expect(report.ungroupedRowCount == 1 && report.failures.isEmpty)
        for model in report.models {
            let parts = try #require(model.group).split(separator: " / ").map(String.init)
            let alone = try MixedModelEngine.run(MixedModelOptions(formula: "abi ~ week + (1 | id)"), formula: formula,
                                                 source: try Self.source(text, filter: Self.only(parts[1], parts[0])),
                                                 threads: 1, warn: { _ in })
            #expect(alone.models.count == 1 && alone.models[0].group == nil)
            #expect(model.result.observationCount == 15)
            #expect(model.result == alone.models[0].result)
        }
        #expect(MixedModelRenderer.headers(byColumns: ["site", "arm"]).first == "group")
        #expect(MixedModelRenderer.headers(byColumns: []).first == "kind")
    }

    // MARK: plot

    /// The box plot's description lists every box as "time, group: n ..., median ..., quartiles ...".
    static func boxes(_ svg: String) -> [String: String] {
        guard let start = svg.range(of: "with the values as jittered points. ")?.upperBound,
              let end = svg[start...].firstIndex(of: "<") else { return [:] }
        var result: [String: String] = [:]
        for entry in svg[start..<end].split(separator: ". ") {
            guard let colon = entry.range(of: ": ") else { continue }
            result[String(entry[..<colon.lowerBound])] = String(entry[colon.upperBound...]).trimmingSuffix(".")
        }
        return result
    }

    static func draw(_ request: FigureRequest, filter: String? = nil) throws -> FigureOutput {
        var request = request
        let (columns, notes) = try FigureEngine.load(&request, open: { try CSVChunkReader(bytes: Array(Self.longText.utf8)) },
                                                     displayName: "test.csv", isFile: false, maps: [], threads: 1,
                                                     filter: try filter.map { try RowFilter($0) }, warn: { _ in })
        return FigureEngine.draw(request, columns: columns, notes: notes)
    }

    @Test func boxPlotBoxesPerCombinationAreTheBoxesOfItsRows() throws {
        var request = FigureRequest(kind: .box)
        (request.measure, request.time, request.by) = ("abi", "week", ["arm", "site"])
        let grouped = Self.boxes(try Self.draw(request).svg)
        #expect(grouped.count == 12)
        var alone = request
        alone.by = []
        for arm in Self.arms {
            for site in Self.sites {
                let subset = Self.boxes(try Self.draw(alone, filter: Self.only(arm, site)).svg)
                #expect(subset.count == 3)
                for week in ["0", "6", "12"] {
                    let box = try #require(grouped["\(week), \(arm) / \(site)"])
                    #expect(box == subset[week])
                    #expect(box.hasPrefix("n 5, median "))
                }
            }
        }
    }

    @Test func trajectoriesAndCategoriesNameTheirSeriesByCombination() throws {
        var request = FigureRequest(kind: .trajectories)
        (request.subject, request.time, request.measure, request.by) = ("id", "week", "abi", ["site", "arm"])
        let svg = try Self.draw(request).svg
        for name in ["N / x", "S / x", "N / y", "S / y"] { #expect(svg.contains("\(name) (5 subjects)")) }
        var one = request
        one.by = ["site"]
        let single = try Self.draw(one).svg
        #expect(!single.contains(" / x") && single.contains("N (10 subjects)"))
        // Categories from a scored file: bars per combination; a blank value makes the row's group "(missing)".
        let scored = "abi,category,severity,arm,site\n0.8,abnormal,mild,x,N\n1.1,normal,,x,N\n1.0,normal,,y,S\n1.2,normal,,x,\n"
        var bars = FigureRequest(kind: .categories)
        bars.by = ["arm", "site"]
        let counts = FigureEngine.draw(bars, columns: try Self.loaded(scored, FigureEngine.columns(for: bars))).svg
        #expect(counts.contains("x / N, ") && counts.contains("y / S, ") && counts.contains("(missing), "))
        #expect(!counts.contains("x / , ") && !counts.contains("y / N, "))
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
