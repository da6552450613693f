import RealModule

/// The outcome of Fisher's exact test on an r x c table: the test, or the finding that the
/// enumeration would exceed the work limit.
public enum FisherExactOutcome: Sendable, Equatable {
    case computed(GroupComparisonResult)
    /// The search was stopped after `nodesExamined` steps (the limit); no p-value.
    case notFeasible(nodesExamined: Int)
    /// Fewer than two rows or columns with counts, or a negative count: no test.
    case undefined
}

extension GroupComparison {
    /// Default work limit of ``fisherExact(contingencyTable:workLimit:)``: about a second of work.
    public static let fisherExactDefaultWorkLimit = 2_000_000

    /// Fisher's exact test of independence on an r x c table of counts, two-sided: the sum of the
    /// probabilities (multivariate hypergeometric, margins fixed) of all tables no more probable than
    /// the observed one, as R's `fisher.test` (Freeman & Halton 1951). Rows or columns without counts
    /// are left out. A 2 x 2 table uses ``fisherExact(_:)`` exactly as R's 2 x 2 branch (relative
    /// tolerance 1e-7); larger tables a network search in the manner of Mehta & Patel (1983,
    /// JASA 78:427; R's FEXACT): columns are filled one at a time, nodes are the remaining row
    /// totals (sorted), paths with equal past probability are merged, and a node is settled whole
    /// when bounds on its completions show that all or none of them count (the total of its
    /// completions is the closed form N'! / (prod r'! prod c'!)). Tables within FEXACT's tolerance
    /// (log probability within 3.45254e-7) of the observed one count as no more probable.
    ///
    /// - Returns: `.notFeasible` when more than `workLimit` node expansions would be needed.
    /// - Complexity: grows with the number of distinct partial tables; a 2 x c or r x 2 table of a few
    ///   hundred counts is immediate.
    public static func fisherExact(contingencyTable table: [[Int]], workLimit: Int = fisherExactDefaultWorkLimit) -> FisherExactOutcome {
        guard let width = table.first?.count, table.allSatisfy({ $0.count == width }),
              table.joined().allSatisfy({ $0 >= 0 }) else { return .undefined }
        var rows = table.filter { $0.reduce(0, +) > 0 }
        let keptColumns = (0..<width).filter { column in rows.reduce(0) { $0 + $1[column] } > 0 }
        rows = rows.map { row in keptColumns.map { row[$0] } }
        guard rows.count >= 2, keptColumns.count >= 2 else { return .undefined }
        if rows.count == 2 && keptColumns.count == 2 {
            return fisherExact(rows).map(FisherExactOutcome.computed) ?? .undefined
        }
        // Stages are the longer dimension: each stage distributes one "column" over the shorter one.
        var cells = rows
        if cells.count > cells[0].count { cells = (0..<cells[0].count).map { j in cells.map { $0[j] } } }
        let rowTotals = cells.map { $0.reduce(0, +) }
        let columnTotals = (0..<cells[0].count).map { j in cells.reduce(0) { $0 + $1[j] } }
        let total = rowTotals.reduce(0, +)
        var logFactorial = [Double](repeating: 0, count: total + 1)
        for i in stride(from: 2, through: total, by: 1) { logFactorial[i] = logFactorial[i - 1] + Double.log(Double(i)) }
        let observed = cells.joined().reduce(0.0) { $0 + logFactorial[$1] }
        let threshold = observed - 3.45254e-7
        let constant = rowTotals.reduce(0.0) { $0 + logFactorial[$1] } + columnTotals.reduce(0.0) { $0 + logFactorial[$1] }
            - logFactorial[total]
        let stages = columnTotals.sorted(by: >)
        var search = FisherNetworkSearch(logFactorial: logFactorial, stageTotals: stages)
        // Node -> merged past costs: rounded cost -> (the first exact cost, number of paths).
        var level: [[Int]: [Double: (past: Double, weight: Double)]] = [rowTotals.sorted(by: >): [0: (0, 1)]]
        var pValue = 0.0
        var work = 0
        for stage in stages.indices {
            var next: [[Int]: [Double: (past: Double, weight: Double)]] = [:]
            // Sorted, so the sum (and its last bits) does not depend on hashing order.
            for node in level.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                guard let pasts = level[node] else { continue }
                work += 1
                let bounds = search.bounds(node, stage: stage)
                var open: [(past: Double, weight: Double)] = []
                for key in pasts.keys.sorted() {
                    guard let (past, weight) = pasts[key] else { continue }
                    if past + bounds.minimum >= threshold {
                        pValue += weight * Double.exp(constant - past - bounds.logTotal)
                    } else if past + bounds.maximum >= threshold {
                        open.append((past, weight))
                    }
                }
                guard !open.isEmpty else { continue }
                guard let children = search.children(node, columnTotal: stages[stage], limit: workLimit - work) else {
                    return .notFeasible(nodesExamined: workLimit)
                }
                work += children.count * open.count
                if work > workLimit { return .notFeasible(nodesExamined: work) }
                for (child, cost) in children {
                    for (past, weight) in open {
                        // Merge equal past costs (to 1e-9 in log scale) as FEXACT does; the first exact
                        // cost stands for them, so no rounding enters the probabilities.
                        let exact = past + cost
                        let key = (exact * 1e9).rounded()
                        next[child, default: [:]][key, default: (exact, 0)].weight += weight
                    }
                }
            }
            level = next
        }
        return .computed(GroupComparisonResult(test: "Fisher's exact test", statistic: .nan, degreesOfFreedom: [],
                                               pValue: min(pValue, 1)))
    }
}

/// Bounds and children of the nodes of ``GroupComparison/fisherExact(contingencyTable:workLimit:)``.
/// A node is (stage, remaining row totals sorted descending); the cost of a table is
/// sum log(x_ij!), so larger cost means less probable.
struct FisherNetworkSearch {
    let logFactorial: [Double]
    let stageTotals: [Int]
    var cache: [[Int]: (minimum: Double, maximum: Double, logTotal: Double)] = [:]

    init(logFactorial: [Double], stageTotals: [Int]) {
        self.logFactorial = logFactorial
        self.stageTotals = stageTotals
    }

    /// Bounds on the cost of the completions of `node` from `stage` on: the minimum (most probable)
    /// from below and the maximum from above, each the better of two relaxations (row totals only,
    /// column totals only), and log of 1 / (total of exp(-cost) over completions) =
    /// log(prod r'! prod c'! / N'!).
    mutating func bounds(_ node: [Int], stage: Int) -> (minimum: Double, maximum: Double, logTotal: Double) {
        let key = node + [-1 - stage]
        if let cached = cache[key] { return cached }
        let columns = Array(stageTotals[stage...])
        let remaining = node.reduce(0, +)
        let logTotal = node.reduce(0.0) { $0 + logFactorial[$1] } + columns.reduce(0.0) { $0 + logFactorial[$1] } - logFactorial[remaining]
        let value: (minimum: Double, maximum: Double, logTotal: Double)
        if columns.count == 1 {
            // One column left: the only completion is the node itself; its cost exactly, once.
            let cost = node.reduce(0.0) { $0 + logFactorial[$1] }
            value = (cost, cost, logTotal)
        } else {
            let minimum = max(spreadCost(columns, caps: node), spreadCost(node, caps: columns))
            let maximum = min(concentratedCost(columns, caps: node), concentratedCost(node, caps: columns))
            value = (minimum, maximum, logTotal)
        }
        cache[key] = value
        return value
    }

    /// Sum over `totals` of the least cost of splitting each total over cells with the given caps
    /// (as even as the caps allow: water filling), a lower bound on the cost of any table.
    func spreadCost(_ totals: [Int], caps: [Int]) -> Double {
        let sortedCaps = caps.sorted()
        var cost = 0.0
        for total in totals {
            var left = total
            var cells = sortedCaps.count
            for cap in sortedCaps {
                let share = cells > 0 ? left / cells : 0
                let extra = cells > 0 ? left % cells : 0
                // Give this (smallest remaining) cap min(cap, even share), with the remainder spread.
                let give = min(cap, share + (extra > 0 ? 1 : 0))
                cost += logFactorial[give]
                left -= give
                cells -= 1
            }
        }
        return cost
    }

    /// Sum over `totals` of the largest cost of splitting each total over cells with the given caps
    /// (largest caps filled first), an upper bound on the cost of any table.
    func concentratedCost(_ totals: [Int], caps: [Int]) -> Double {
        let sortedCaps = caps.sorted(by: >)
        var cost = 0.0
        for total in totals {
            var left = total
            for cap in sortedCaps where left > 0 {
                let give = min(cap, left)
                cost += logFactorial[give]
                left -= give
            }
        }
        return cost
    }

    /// Every way to distribute `columnTotal` over the node's rows (x_i <= r_i): the child node
    /// (remaining totals, sorted) and the cost sum log x_i!; nil when there are more than `limit`.
    func children(_ node: [Int], columnTotal: Int, limit: Int) -> [(node: [Int], cost: Double)]? {
        var result: [(node: [Int], cost: Double)] = []
        var x = [Int](repeating: 0, count: node.count)
        var suffix = [Int](repeating: 0, count: node.count + 1)
        for i in stride(from: node.count - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + node[i] }
        var exceeded = false
        func fill(_ i: Int, _ left: Int, _ cost: Double) {
            if exceeded { return }
            if i == node.count - 1 {
                guard left <= node[i] else { return }
                x[i] = left
                let child = zip(node, x).map { $0 - $1 }.sorted(by: >)
                result.append((child, cost + logFactorial[left]))
                if result.count > limit { exceeded = true }
                return
            }
            let low = max(0, left - suffix[i + 1]), high = min(node[i], left)
            guard low <= high else { return }
            for value in low...high {
                x[i] = value
                fill(i + 1, left - value, cost + logFactorial[value])
            }
        }
        fill(0, columnTotal, 0)
        return exceeded ? nil : result
    }
}

extension GroupComparison {
    /// The test a Table 1 gives a categorical variable: Pearson's chi-square
    /// (``chiSquareIndependence(_:)``), or, when an expected count is below 5, Fisher's exact test
    /// (``fisherExact(contingencyTable:workLimit:)``, any r x c) with a note saying so; when the
    /// exact test is not feasible, the chi-square with notes saying both. nil when undefined.
    public static func categoricalAssociation(_ table: [[Int]], workLimit: Int = fisherExactDefaultWorkLimit) -> GroupComparisonResult? {
        guard let chi = chiSquareIndependence(table) else { return nil }
        guard chi.notes.contains(where: { if case .expectedCountBelowFive = $0 { true } else { false } }) else { return chi }
        switch fisherExact(contingencyTable: table, workLimit: workLimit) {
        case .computed(let fisher):
            return GroupComparisonResult(test: fisher.test, statistic: fisher.statistic, degreesOfFreedom: fisher.degreesOfFreedom,
                                         pValue: fisher.pValue, notes: chi.notes + [.fisherExactInsteadOfChiSquare])
        case .notFeasible, .undefined:
            return GroupComparisonResult(test: chi.test, statistic: chi.statistic, degreesOfFreedom: chi.degreesOfFreedom,
                                         pValue: chi.pValue, notes: chi.notes + [.fisherExactNotFeasible])
        }
    }
}
