import ABIBatch
import ABIIO
import ABIStatistics

/// The engine of `abikit compare`: before/after and group comparisons with effect sizes.
///
/// Paired designs (`longPaired`, `widePaired`): per measure and `by` group, the paired t test,
/// Wilcoxon signed-rank, d_z and g_av (`PairedComparison`, `EffectSize`); between groups, the
/// changes compared with Welch's (or Student's) t, Mann-Whitney U and Hedges' g, or for three or
/// more groups Welch's (or the classic) one-way ANOVA, Kruskal-Wallis, eta-squared and
/// omega-squared and every pair; with `adjustForBaseline` the ANCOVA follow-up ~ group + baseline
/// by QR least squares (`LinearRegression`), cluster-robust by subject when subjects contribute
/// several pairs. Independent design: the same group tests on the values. The p-values of each
/// kind of comparison (all measures and groups) form one family adjusted with `pValueAdjustment`.
public enum CompareEngine {
    /// Runs the comparison on loaded columns (those of `options.columnRequests`).
    public static func run(_ options: CompareOptions, columns loaded: LoadedColumns) throws(CompareError) -> CompareResult {
        var named: [String: LoadedColumn] = [:]
        for (name, column) in zip(loaded.names, loaded.columns) { named[name] = column }
        return try run(options, rowCount: loaded.rowCount, columns: named)
    }

    /// Runs the comparison on columns held by name, each with `rowCount` values.
    public static func run(_ options: CompareOptions, rowCount: Int, columns named: [String: LoadedColumn]) throws(CompareError) -> CompareResult {
        guard options.level > 0 && options.level < 1 else { throw .invalidOption("the confidence level must be between 0 and 1") }
        let columns = ColumnSet(rowCount: rowCount, columns: named)
        var keep = Array(repeating: true, count: rowCount)
        if let filter = options.filter {
            do { keep = try filter.evaluate(rowCount: rowCount, columns: named) } catch { throw .filter(error) }
        }
        let kept = keep.filter { $0 }.count
        var notes: [CompareNote] = []
        var rows: [CompareRow] = []
        var groups: [String]? = nil
        if !options.by.isEmpty {
            var values: [[String]] = []
            for name in options.by { values.append(try categorical(name, columns)) }
            let byGroups = ByGroups(columns: options.by, values: values)
            groups = byGroups.labels
            let ungrouped = (0..<rowCount).filter { keep[$0] && byGroups.labels[$0].isEmpty }.count
            if ungrouped > 0 { notes.append(.ungroupedRows(columns: options.by, count: ungrouped)) }
        }

        switch options.design {
        case .independent(let groupName, let measures, let subjectName):
            if !options.by.isEmpty { throw .invalidOption("--by is for paired designs; use --group alone for independent groups") }
            let group = try categorical(groupName, columns)
            let ungrouped = (0..<rowCount).filter { keep[$0] && group[$0].isEmpty }.count
            if ungrouped > 0 { notes.append(.ungroupedRows(columns: [groupName], count: ungrouped)) }
            var subjects: [String]? = nil
            if let subjectName { subjects = try categorical(subjectName, columns) }
            for measure in measures {
                let values = try numeric(measure, columns)
                var byLevel: [String: [Double]] = [:]
                var order: [String] = []
                var seen: Set<String> = []
                var used = 0
                for row in 0..<columns.rowCount where keep[row] && !group[row].isEmpty && values[row].isFinite {
                    if byLevel[group[row]] == nil { order.append(group[row]) }
                    byLevel[group[row], default: []].append(values[row])
                    used += 1
                    if let subjects { seen.insert(subjects[row]) }
                }
                // Several rows per subject (two legs): the group tests treat them as independent; say so.
                let extra: [CompareNote] = subjects != nil && used > seen.count ? [.clusteredPairs(pairs: used, subjects: seen.count)] : []
                let levels = order.sorted()
                rows += groupRows(measure: measure, levels: levels.map { ($0, byLevel[$0]!) }, options: options, extraNotes: extra)
            }
        case .longPaired, .widePaired:
            for measure in measureNames(options.design) {
                let pairs = try pairUp(options, measure: measure, columns: columns, keep: keep, groups: groups, notes: &notes)
                rows += pairedRows(measure: measure, pairs: pairs, options: options)
            }
        }
        adjust(&rows, options.pValueAdjustment)
        return CompareResult(rows: rows, notes: notes, inputRowCount: columns.rowCount, keptRowCount: kept,
                             pValueAdjustment: options.pValueAdjustment, level: options.level)
    }

    static func measureNames(_ design: CompareOptions.Design) -> [String] {
        switch design {
        case .longPaired(_, _, _, _, let measures): return measures
        case .widePaired(let pre, let post, _): return ["\(pre)->\(post)"]
        case .independent(_, let measures, _): return measures
        }
    }

    static func categorical(_ name: String, _ columns: ColumnSet) throws(CompareError) -> [String] {
        switch columns[name] {
        case .categorical(let values): return values
        case .numeric(let values): return values.map { $0.isNaN ? "" : ($0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0)) }
        case nil: throw .missingColumn(name)
        }
    }

    static func numeric(_ name: String, _ columns: ColumnSet) throws(CompareError) -> [Double] {
        switch columns[name] {
        case .numeric(let values): return values
        case .categorical: throw .wrongColumnKind(column: name, expected: "numbers")
        case nil: throw .missingColumn(name)
        }
    }

    /// Paired values of one measure: pre, post, subject (cluster) and group of each pair.
    struct Pairs {
        var pre: [Double] = []
        var post: [Double] = []
        var subject: [String] = []
        var group: [String] = []
        var notes: [CompareNote] = []
        /// Subjects left out for a missing time, by group: count and the first names.
        var missingByGroup: [String: (count: Int, subjects: [String])] = [:]

        mutating func recordMissing(_ id: String, group: String) {
            var entry = missingByGroup[group] ?? (0, [])
            entry.count += 1
            if entry.subjects.count < 10 { entry.subjects.append(id) }
            missingByGroup[group] = entry
        }
    }

    /// Whether a time cell is the wanted time: equal text, or equal numbers (`0` and `0.0`).
    static func sameTime(_ cell: String, _ wanted: String) -> Bool {
        if cell == wanted { return true }
        if let a = Double(cell), let b = Double(wanted) { return a == b }
        return false
    }

    static func pairUp(_ options: CompareOptions, measure: String, columns: ColumnSet, keep: [Bool], groups: [String]?,
                       notes: inout [CompareNote]) throws(CompareError) -> Pairs {
        var pairs = Pairs()
        switch options.design {
        case .widePaired(let preName, let postName, let subjectName):
            let pre = try numeric(preName, columns), post = try numeric(postName, columns)
            var subjects: [String]? = nil
            if let subjectName { subjects = try categorical(subjectName, columns) }
            var missing: [String] = [], missingCount = 0
            for row in 0..<columns.rowCount where keep[row] && groups?[row].isEmpty != true {
                let id = subjects?[row] ?? "row \(row + 1)"
                if !(pre[row].isFinite && post[row].isFinite) {
                    missingCount += 1
                    if missing.count < 10 { missing.append(id) }
                    pairs.recordMissing(id, group: groups?[row] ?? "all")
                }
                guard pre[row].isFinite, post[row].isFinite else { continue }
                pairs.pre.append(pre[row]); pairs.post.append(post[row]); pairs.subject.append(id)
                pairs.group.append(groups?[row] ?? "all")
            }
            if missingCount > 0 { notes.append(.missingTime(measure: measure, count: missingCount, subjects: missing)) }
            if options.aggregation == .mean { pairs = aggregate(pairs) }
        case .longPaired(let subjectName, let timeName, let from, let to, _):
            let subjects = try categorical(subjectName, columns), times = try categorical(timeName, columns)
            let values = try numeric(measure, columns)
            // One hash lookup per row: subjects get integer codes in order of first appearance (among
            // the rows at either time), and each distinct time text is matched against from/to once.
            var codeOf: [String: Int] = [:]
            var order: [String] = [], before: [[Double]] = [], after: [[Double]] = [], groupOf: [String?] = []
            var inconsistent: [String] = [], isInconsistent: [Bool] = []
            var timeKind: [String: UInt8] = [:]  // 0 neither, 1 from, 2 to
            for row in 0..<columns.rowCount where keep[row] && !subjects[row].isEmpty && groups?[row].isEmpty != true {
                let time = times[row]
                let kind: UInt8
                if let known = timeKind[time] { kind = known } else {
                    kind = sameTime(time, from) ? 1 : sameTime(time, to) ? 2 : 0
                    timeKind[time] = kind
                }
                guard kind != 0 else { continue }
                let id = subjects[row]
                let code: Int
                if let known = codeOf[id] { code = known } else {
                    code = order.count
                    codeOf[id] = code
                    order.append(id); before.append([]); after.append([]); groupOf.append(nil); isInconsistent.append(false)
                }
                if let groups {
                    if let known = groupOf[code] {
                        if known != groups[row] && !isInconsistent[code] { isInconsistent[code] = true; inconsistent.append(id) }
                    } else {
                        groupOf[code] = groups[row]
                    }
                }
                guard values[row].isFinite else { continue }
                if kind == 1 { before[code].append(values[row]) } else { after[code].append(values[row]) }
            }
            for id in inconsistent.prefix(10) { notes.append(.inconsistentGroup(subject: id)) }
            var missing: [String] = [], missingCount = 0, unmatched = 0
            for (code, id) in order.enumerated() {
                let a = before[code], b = after[code]
                let group = groupOf[code] ?? "all"
                if a.isEmpty || b.isEmpty {
                    missingCount += 1
                    if missing.count < 10 { missing.append(id) }
                    pairs.recordMissing(id, group: group)
                    continue
                }
                if options.aggregation == .mean {
                    pairs.pre.append(SampleMean.of(a)); pairs.post.append(SampleMean.of(b))
                    pairs.subject.append(id); pairs.group.append(group)
                } else {
                    if a.count != b.count { unmatched += 1 }
                    for k in 0..<min(a.count, b.count) {
                        pairs.pre.append(a[k]); pairs.post.append(b[k]); pairs.subject.append(id); pairs.group.append(group)
                    }
                }
            }
            if missingCount > 0 { notes.append(.missingTime(measure: measure, count: missingCount, subjects: missing)) }
            if unmatched > 0 { pairs.notes.append(.unmatchedLegs(subjects: unmatched)) }
        case .independent:
            break
        }
        return pairs
    }

    /// One pair per subject: the subject's mean before and after.
    static func aggregate(_ pairs: Pairs) -> Pairs {
        var order: [String] = [], pre: [String: [Double]] = [:], post: [String: [Double]] = [:], group: [String: String] = [:]
        for index in pairs.pre.indices {
            let id = pairs.subject[index]
            if pre[id] == nil { order.append(id); group[id] = pairs.group[index] }
            pre[id, default: []].append(pairs.pre[index]); post[id, default: []].append(pairs.post[index])
        }
        var result = Pairs()
        result.notes = pairs.notes
        for id in order {
            result.pre.append(SampleMean.of(pre[id]!)); result.post.append(SampleMean.of(post[id]!))
            result.subject.append(id); result.group.append(group[id]!)
        }
        return result
    }

    static func pairedRows(measure: String, pairs: Pairs, options: CompareOptions) -> [CompareRow] {
        var rows: [CompareRow] = []
        let levels = Array(Set(pairs.group)).sorted()
        var changes: [(String, [Double])] = []
        for level in levels {
            let indices = pairs.group.indices.filter { pairs.group[$0] == level }
            let pre = indices.map { pairs.pre[$0] }, post = indices.map { pairs.post[$0] }
            let subjects = Set(indices.map { pairs.subject[$0] }).count
            var notes = pairs.notes
            if let missing = pairs.missingByGroup[level] {
                notes.append(.missingTime(measure: measure, count: missing.count, subjects: missing.subjects))
            }
            if indices.count > subjects { notes.append(.clusteredPairs(pairs: indices.count, subjects: subjects)) }
            rows.append(withinRow(measure: measure, group: level, pre: pre, post: post, options: options, notes: notes))
            changes.append((level, zip(post, pre).map { $0 - $1 }))
        }
        if levels.count >= 2 {
            let subjects = Set(pairs.subject).count
            let extra: [CompareNote] = pairs.pre.count > subjects ? [.clusteredPairs(pairs: pairs.pre.count, subjects: subjects)] : []
            rows += groupRows(measure: measure, levels: changes, options: options, extraNotes: extra)
            if options.adjustForBaseline { rows += ancovaRows(measure: measure, pairs: pairs, levels: levels, options: options) }
        }
        return rows
    }

    static func withinRow(measure: String, group: String, pre: [Double], post: [Double], options: CompareOptions,
                          notes: [CompareNote]) -> CompareRow {
        var row = CompareRow(measure: measure, comparison: .within, group: group)
        let differences = zip(post, pre).map { $0 - $1 }
        row.count = differences.count
        row.secondCount = differences.count
        row.firstMean = SampleMean.of(pre); row.secondMean = SampleMean.of(post)
        row.notes = notes
        row.test = "paired t test"
        if let t = PairedComparison.tTest(differences: differences, level: options.level) {
            row.estimate = t.meanDifference; row.standardDeviation = t.standardDeviation; row.standardError = t.standardError
            row.confidenceInterval = t.confidenceInterval
            row.statistic = t.statistic; row.degreesOfFreedom = t.degreesOfFreedom; row.pValue = t.pValue
        } else {
            row.estimate = SampleMean.of(differences)
            row.notes.append(.undefined(what: "paired t test"))
        }
        if let w = PairedComparison.wilcoxonSignedRank(differences: differences, zeroMethod: options.zeroMethod) {
            row.rankTest = w.method == .exact ? "Wilcoxon signed-rank (exact)" : "Wilcoxon signed-rank (normal approximation, \(options.zeroMethod.rawValue) zeros)"
            row.rankStatistic = w.statistic; row.rankPValue = w.pValue
            if w.method == .asymptotic { row.notes.append(.rankTestApproximate) }
        } else {
            row.rankTest = "Wilcoxon signed-rank"
            row.notes.append(.undefined(what: "Wilcoxon signed-rank"))
        }
        row.effect = "d_z"
        if let dz = EffectSize.cohensDz(differences: differences, level: options.level) {
            row.effectSize = dz.estimate; row.effectInterval = dz.confidenceInterval
        }
        row.secondEffect = "g_av"
        if let gav = EffectSize.hedgesGav(pre: pre, post: post) { row.secondEffectSize = gav.estimate }
        return row
    }

    /// Between-group rows on `levels` (values or changes): two groups, or the omnibus and every pair.
    static func groupRows(measure: String, levels: [(String, [Double])], options: CompareOptions, extraNotes: [CompareNote]) -> [CompareRow] {
        let nonEmpty = levels.filter { !$0.1.isEmpty }
        if nonEmpty.count < 2 { return [] }
        if nonEmpty.count == 2 {
            return [twoGroupRow(measure: measure, kind: .between, nonEmpty[0], nonEmpty[1], options: options, notes: extraNotes)]
        }
        var omnibus = CompareRow(measure: measure, comparison: .omnibus, group: nonEmpty.map(\.0).joined(separator: "|"))
        omnibus.notes = extraNotes
        let samples = nonEmpty.map(\.1)
        omnibus.count = samples.reduce(0) { $0 + $1.count }
        let classic = SeveralGroups.oneWayANOVA(samples)
        let chosen = options.equalVariances ? classic : SeveralGroups.welchANOVA(samples)
        omnibus.test = options.equalVariances ? "one-way ANOVA" : "Welch one-way ANOVA"
        if let chosen {
            omnibus.statistic = chosen.statistic; omnibus.degreesOfFreedom = chosen.degreesOfFreedom[0]
            omnibus.secondDegreesOfFreedom = chosen.degreesOfFreedom[1]; omnibus.pValue = chosen.pValue
        } else {
            omnibus.notes.append(.undefined(what: omnibus.test))
        }
        omnibus.rankTest = "Kruskal-Wallis H (tie corrected)"
        if let kw = SeveralGroups.kruskalWallis(samples) {
            omnibus.rankStatistic = kw.statistic; omnibus.rankPValue = kw.pValue
        } else {
            omnibus.notes.append(.undefined(what: "Kruskal-Wallis"))
        }
        omnibus.effect = "eta_squared"; omnibus.secondEffect = "omega_squared"
        if let classic, let explained = EffectSize.varianceExplained(f: classic.statistic, numeratorDegreesOfFreedom: classic.degreesOfFreedom[0],
                                                                    denominatorDegreesOfFreedom: classic.degreesOfFreedom[1], level: options.level) {
            omnibus.effectSize = explained.etaSquared; omnibus.effectInterval = explained.etaSquaredInterval
            omnibus.secondEffectSize = explained.omegaSquared; omnibus.secondEffectInterval = explained.omegaSquaredInterval
        }
        var rows = [omnibus]
        for i in 0..<nonEmpty.count {
            for j in (i + 1)..<nonEmpty.count {
                rows.append(twoGroupRow(measure: measure, kind: .pairwise, nonEmpty[i], nonEmpty[j], options: options, notes: extraNotes))
            }
        }
        return rows
    }

    static func twoGroupRow(measure: String, kind: CompareKind, _ first: (String, [Double]), _ second: (String, [Double]),
                            options: CompareOptions, notes: [CompareNote]) -> CompareRow {
        var row = CompareRow(measure: measure, comparison: kind, group: first.0, versus: second.0)
        row.notes = notes
        row.count = first.1.count; row.secondCount = second.1.count
        row.firstMean = SampleMean.of(first.1); row.secondMean = SampleMean.of(second.1)
        row.estimate = row.firstMean - row.secondMean
        row.test = options.equalVariances ? "Student two-sample t test" : "Welch two-sample t test"
        if let t = TwoSampleComparison.tTest(first.1, second.1, equalVariances: options.equalVariances, level: options.level) {
            row.standardError = t.standardError; row.confidenceInterval = t.confidenceInterval
            row.statistic = t.statistic; row.degreesOfFreedom = t.degreesOfFreedom; row.pValue = t.pValue
        } else {
            row.notes.append(.undefined(what: row.test))
        }
        if let u = TwoSampleComparison.mannWhitneyU(first.1, second.1) {
            row.rankTest = u.method == .exact ? "Mann-Whitney U (exact)" : "Mann-Whitney U (normal approximation)"
            row.rankStatistic = u.statistic; row.rankPValue = u.pValue
            if u.method == .asymptotic && (u.firstCount <= 8 || u.secondCount <= 8) { row.notes.append(.rankTestApproximate) }
        } else {
            row.rankTest = "Mann-Whitney U"
            row.notes.append(.undefined(what: "Mann-Whitney U"))
        }
        row.effect = "g"
        if let g = EffectSize.hedgesG(first.1, second.1, level: options.level) {
            row.effectSize = g.estimate; row.effectInterval = g.confidenceInterval
        }
        return row
    }

    /// ANCOVA post ~ group + pre (treatment coding, the first level the reference), by QR least
    /// squares; cluster-robust standard errors by subject (statsmodels' small-sample factor) when a
    /// subject contributes several pairs.
    static func ancovaRows(measure: String, pairs: Pairs, levels: [String], options: CompareOptions) -> [CompareRow] {
        let reference = levels[0]
        let others = Array(levels.dropFirst())
        let n = pairs.pre.count
        var columnsOfDesign: [[Double]] = [Array(repeating: 1, count: n)]
        for level in others { columnsOfDesign.append(pairs.group.map { $0 == level ? 1 : 0 }) }
        columnsOfDesign.append(pairs.pre)
        let names = ["Intercept"] + others.map { "group[\($0)]" } + ["baseline"]
        let design = RegressionDesign(model: "\(measure) follow-up ~ group + baseline", matrix: Matrix(columns: columnsOfDesign),
                                      termNames: names, hasIntercept: true, response: pairs.post)
        let subjects = Set(pairs.subject).count
        let clustered = n > subjects
        var notes: [CompareNote] = pairs.notes
        if clustered { notes.append(.clusterRobust(clusters: subjects)) }
        let fit: MultipleRegressionResult
        do {
            fit = try LinearRegression.fit(design, covarianceType: clustered ? .cluster : .classical, clusters: clustered ? pairs.subject : nil)
        } catch {
            return others.map { level in
                var row = CompareRow(measure: measure, comparison: .ancova, group: level, versus: reference)
                row.test = "ANCOVA"
                row.notes = notes + [.undefined(what: "ANCOVA")]
                return row
            }
        }
        let table = fit.coefficientTable(level: options.level)
        return others.enumerated().map { offset, level in
            var row = CompareRow(measure: measure, comparison: .ancova, group: level, versus: reference)
            let coefficient = table[offset + 1]
            row.count = pairs.group.filter { $0 == level }.count
            row.secondCount = pairs.group.filter { $0 == reference }.count
            row.firstMean = SampleMean.of(pairs.group.indices.filter { pairs.group[$0] == level }.map { pairs.post[$0] })
            row.secondMean = SampleMean.of(pairs.group.indices.filter { pairs.group[$0] == reference }.map { pairs.post[$0] })
            row.test = clustered ? "ANCOVA (follow-up ~ group + baseline, cluster-robust SE)" : "ANCOVA (follow-up ~ group + baseline)"
            row.estimate = coefficient.estimate; row.standardError = coefficient.standardError
            row.statistic = coefficient.tStatistic; row.pValue = coefficient.pValue
            row.degreesOfFreedom = Double(fit.inferenceDegreesOfFreedom)
            if !coefficient.isAliased {
                row.confidenceInterval = ConfidenceInterval(lower: coefficient.lowerConfidenceLimit, upper: coefficient.upperConfidenceLimit, level: options.level)
            } else {
                row.notes.append(.undefined(what: "ANCOVA group term (aliased)"))
            }
            row.notes = notes + row.notes
            return row
        }
    }

    /// Adjusts the p-values of each comparison kind (all measures and groups: one family), the
    /// parametric and the rank p-values separately, and names the family on every row.
    static func adjust(_ rows: inout [CompareRow], _ method: PValueAdjustment) {
        for kind in CompareKind.allCases {
            let indices = rows.indices.filter { rows[$0].comparison == kind }
            guard !indices.isEmpty else { continue }
            let adjusted = method.adjust(indices.map { rows[$0].pValue })
            let adjustedRank = method.adjust(indices.map { rows[$0].rankPValue })
            let size = indices.filter { !rows[$0].pValue.isNaN }.count
            for (k, index) in indices.enumerated() {
                rows[index].adjustedPValue = adjusted[k]
                rows[index].adjustedRankPValue = adjustedRank[k]
                rows[index].notes.append(.family(kind: kind, size: size, adjustment: method))
            }
        }
    }
}

/// Columns by name with their common length.
struct ColumnSet {
    let rowCount: Int
    let columns: [String: LoadedColumn]
    subscript(name: String) -> LoadedColumn? { columns[name] }
}

/// The mean of a few values (NaN when empty), refined by one correction pass.
enum SampleMean {
    static func of(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let n = Double(values.count)
        let first = values.reduce(0, +) / n
        return first + values.reduce(0) { $0 + ($1 - first) } / n
    }
}
