import ABICore
import ABIStatistics
import ABIIO

/// Fits one subject's series with the chosen methods and writes its output rows.
///
/// Time axis: dates become (t - first visit) / unit (years = 365.25 days by default), so every
/// intercept is the fitted value at the subject's first visit (docs/statistics.md); numeric times are
/// used as given (the intercept is at t = 0).
struct TrendFitter: Sendable {
    let configuration: TrendConfiguration
    let timesAreDates: Bool
    let fixedIntervention: Double?
    /// `configuration.abiMeasureIndex`, found once (it compares lowercased names).
    let abiMeasureIndex: Int?

    init(configuration: TrendConfiguration, timesAreDates: Bool, fixedIntervention: Double?) {
        self.configuration = configuration
        self.timesAreDates = timesAreDates
        self.fixedIntervention = fixedIntervention
        abiMeasureIndex = configuration.abiMeasureIndex
    }

    /// Student t quantiles per degrees of freedom (a quantile costs microseconds; a cohort has few
    /// distinct df).
    struct QuantileCache {
        let level: Double
        var byDegreesOfFreedom: [Double] = Array(repeating: .nan, count: 256)
        init(level: Double) { self.level = level }
        mutating func critical(_ df: Int) -> Double {
            if df < byDegreesOfFreedom.count, !byDegreesOfFreedom[df].isNaN { return byDegreesOfFreedom[df] }
            let value = StudentTDistribution(degreesOfFreedom: Double(df)).inverseSurvival((1 - level) / 2)
            if df < byDegreesOfFreedom.count { byDegreesOfFreedom[df] = value }
            return value
        }
    }

    static let olsColumns = ["ols_status", "ols_intercept", "ols_intercept_se", "ols_intercept_t", "ols_intercept_p",
                             "ols_intercept_ci_lower", "ols_intercept_ci_upper", "ols_slope", "ols_slope_se", "ols_slope_t",
                             "ols_slope_p", "ols_slope_ci_lower", "ols_slope_ci_upper", "ols_r_squared",
                             "ols_residual_sd", "ols_df"]
    static let theilSenColumns = ["ts_status", "ts_slope", "ts_slope_ci_lower", "ts_slope_ci_upper", "ts_intercept"]
    static let mannKendallColumns = ["mk_status", "mk_s", "mk_var_s", "mk_z", "mk_p", "mk_tau"]
    static func coefficientColumns(_ name: String) -> [String] {
        ["its_\(name)", "its_\(name)_se", "its_\(name)_t", "its_\(name)_p", "its_\(name)_ci_lower", "its_\(name)_ci_upper"]
    }
    static let itsColumns = ["its_status", "its_intervention_time", "its_n_before", "its_n_after"]
        + coefficientColumns("intercept") + coefficientColumns("slope_before") + coefficientColumns("level_change")
        + coefficientColumns("slope_change") + coefficientColumns("slope_after")
        + ["its_r_squared", "its_residual_sd", "its_df"]

    var headers: [String] {
        var names = [configuration.headers[configuration.subjectColumn]]
        names += configuration.groupColumns.map { configuration.headers[$0] }
        names += ["measure", "n", "n_missing", "first_time", "last_time", "status"]
        for method in configuration.methods {
            switch method {
            case .ols: names += Self.olsColumns
            case .theilSen: names += Self.theilSenColumns
            case .mannKendall: names += Self.mannKendallColumns
            case .its: names += Self.itsColumns
            }
        }
        if abiMeasureIndex != nil { names.append("abi_significant_changes") }
        names.append("notes")
        return names
    }

    static func code(_ status: TrendStatus) -> StaticString {
        switch status {
        case .ok: "ok"
        case .insufficientData: "insufficient_data"
        case .constantTime: "constant_time"
        case .estimatesOnly: "estimates_only"
        }
    }

    func writeRows<Writer: TableWriter>(shards: UnsafeMutableBufferPointer<TrendEngine.Shard>, shardIndex: Int, entry: Int,
                                        to writer: inout Writer,
                   digits: Int?, decimalCommaOutput: Bool,
                   summary: inout TrendSummary, cache: inout QuantileCache) {
        let config = configuration
        let measureCount = config.measures.count
        let origin = timesAreDates ? shards[shardIndex].minimumTime[entry] : 0
        let unit = timesAreDates ? config.timeUnit.days : 1
        let hasTime = shards[shardIndex].minimumTime[entry].isFinite
        func number(_ value: Double?) {
            guard let value, value.isFinite else { writer.writeBlank(); return }
            if let digits {
                writer.writeNumber(value, fractionDigits: digits)
            } else {
                writer.writeNumber(value)
            }
        }
        func time(_ value: Double) {
            guard value.isFinite else { writer.writeBlank(); return }
            if timesAreDates {
                // A time of day, or a year outside 0-9999: the general (String) path.
                if !Self.writeWholeDay(days: value, to: &writer) { writer.writeText(Self.formatDate(days: value)) }
            } else {
                number(value)
            }
        }
        /// Writes the estimate's cells; returns its p-value (computed once: the summary needs it too).
        @discardableResult
        func coefficient(_ estimate: CoefficientEstimate?) -> Double? {
            guard let estimate else {
                for _ in 0..<6 { writer.writeBlank() }
                return nil
            }
            let pValue = estimate.pValue
            number(estimate.estimate)
            number(estimate.standardError)
            number(estimate.tStatistic)
            number(pValue)
            if let error = estimate.standardError, estimate.degreesOfFreedom > 0 {
                let half = cache.critical(estimate.degreesOfFreedom) * error
                number(estimate.estimate - half)
                number(estimate.estimate + half)
            } else {
                writer.writeBlank()
                writer.writeBlank()
            }
            return pValue
        }
        for measure in 0..<measureCount {
            let slot = entry * measureCount + measure
            var times: [Double] = []
            var values: [Double] = []
            var count = 0
            var missing = 0
            if config.streamsAccumulators {
                let accumulator = shards[shardIndex].accumulators[slot]
                count = accumulator.count
                missing = accumulator.missingCount + accumulator.infiniteCount
            } else {
                let rawTimes = shards[shardIndex].pointTimes[slot]
                let rawValues = shards[shardIndex].pointValues[slot]
                times.reserveCapacity(rawTimes.count)
                values.reserveCapacity(rawTimes.count)
                for (t, y) in zip(rawTimes, rawValues) {
                    if t.isFinite && y.isFinite {
                        times.append((t - origin) / unit)
                        values.append(y)
                    } else {
                        missing += 1
                    }
                }
                count = times.count
            }
            var notes: [String] = []
            let enough = count >= config.minimumPoints
            if !enough {
                notes.append("\(count) usable point\(count == 1 ? "" : "s"), fewer than --min-points \(config.minimumPoints)")
            }
            writer.beginRow()
            writer.writeText(shards[shardIndex].subjects[entry])
            for group in shards[shardIndex].groups[entry] { writer.writeText(group) }
            writer.writeText(config.measures[measure].name)
            writer.writeInteger(count)
            writer.writeInteger(missing)
            time(hasTime ? shards[shardIndex].minimumTime[entry] : .nan)
            time(hasTime ? shards[shardIndex].maximumTime[entry] : .nan)
            writer.writeCode(enough ? "ok" : "insufficient_data")
            summary.count(measure: measure, enough: enough)
            for method in config.methods {
                switch method {
                case .ols:
                    guard enough else { writer.writeCode("insufficient_data"); for _ in 1..<Self.olsColumns.count { writer.writeBlank() }; continue }
                    let result = config.streamsAccumulators
                        ? shards[shardIndex].accumulators[slot].result(origin: origin, unit: unit)
                        : Trend.ordinaryLeastSquares(times: times, values: values)
                    writer.writeCode(Self.code(result.status))
                    coefficient(result.intercept)
                    let slopePValue = coefficient(result.slope)
                    number(result.rSquared)
                    number(result.residualStandardDeviation)
                    if result.intercept != nil { writer.writeInteger(result.degreesOfFreedom) } else { writer.writeBlank() }
                    notes += result.notes.map { "ols: " + $0 }
                    summary.addSlope(result.status == .ok ? result.slope?.estimate : nil, groups: shards[shardIndex].groups[entry],
                                     measure: measure, method: .ols)
                    summary.record(measure: measure, method: .ols, status: result.status, estimate: result.slope?.estimate,
                                   significant: slopePValue.map { $0 < 1 - config.level } ?? false)
                case .theilSen:
                    guard enough else { writer.writeCode("insufficient_data"); for _ in 1..<Self.theilSenColumns.count { writer.writeBlank() }; continue }
                    let result = Trend.theilSen(times: times, values: values)
                    writer.writeCode(Self.code(result.status))
                    number(result.slope)
                    let interval = result.slopeConfidenceInterval(level: config.level)
                    number(interval?.lower)
                    number(interval?.upper)
                    number(result.intercept)
                    notes += result.notes.map { "theil-sen: " + $0 }
                    if result.status == .ok, let note = result.significanceNote { notes.append("theil-sen: " + note.description) }
                    let significant = interval.map { $0.lower > 0 || $0.upper < 0 } ?? false
                    summary.addSlope(result.status == .ok ? result.slope : nil, groups: shards[shardIndex].groups[entry],
                                     measure: measure, method: .theilSen)
                    summary.record(measure: measure, method: .theilSen, status: result.status, estimate: result.slope,
                                   significant: significant)
                case .mannKendall:
                    guard enough else { writer.writeCode("insufficient_data"); for _ in 1..<Self.mannKendallColumns.count { writer.writeBlank() }; continue }
                    let result = Trend.mannKendall(times: times, values: values, variant: config.mannKendallVariant,
                                                   alpha: 1 - config.level)
                    writer.writeCode(Self.code(result.status))
                    number(result.status == .insufficientData ? nil : result.s)
                    number(result.varianceOfS)
                    number(result.z)
                    number(result.pValue)
                    number(result.tau)
                    notes += result.notes.map { "mann-kendall: " + $0 }
                    if result.status == .ok, let note = result.significanceNote { notes.append("mann-kendall: " + note.description) }
                    summary.record(measure: measure, method: .mannKendall, status: result.status, estimate: result.s,
                                   significant: result.pValue.map { $0 < 1 - config.level } ?? false)
                case .its:
                    let intervention = fixedIntervention ?? shards[shardIndex].intervention[entry]
                    guard enough, intervention.isFinite else {
                        writer.writeCode(enough ? "no_intervention" : "insufficient_data")
                        if enough { notes.append("its: no intervention time for this subject") }
                        for _ in 1..<Self.itsColumns.count { writer.writeBlank() }
                        continue
                    }
                    if shards[shardIndex].interventionConflict[entry] {
                        notes.append("its: the intervention column has different values for this subject; the first is used")
                    }
                    let axisTime = (intervention - origin) / unit
                    let result = Trend.interruptedTimeSeries(times: times, values: values, interventionTime: axisTime,
                                                             neweyWestLags: config.neweyWestLags)
                    writer.writeCode(Self.code(result.status))
                    number(axisTime)
                    writer.writeInteger(result.countBefore)
                    writer.writeInteger(result.countAfter)
                    coefficient(result.intercept)
                    coefficient(result.slopeBefore)
                    coefficient(result.levelChange)
                    coefficient(result.slopeChange)
                    coefficient(result.slopeAfter)
                    number(result.rSquared)
                    number(result.residualStandardDeviation)
                    if result.intercept != nil { writer.writeInteger(result.degreesOfFreedom) } else { writer.writeBlank() }
                    notes += result.notes.map { "its: " + $0 }
                    summary.record(measure: measure, method: .its, status: result.status,
                                   estimate: result.slopeChange?.estimate,
                                   significant: result.slopeChange?.pValue.map { $0 < 1 - config.level } ?? false)
                }
            }
            if let abiIndex = abiMeasureIndex {
                if measure == abiIndex && timesAreDates {
                    writer.writeInteger(config.groupColumns.isEmpty ? Int(shards[shardIndex].entrySignificantChanges[entry])
                                            : shards[shardIndex].significantChanges[shards[shardIndex].subjects[entry]] ?? 0)
                } else {
                    writer.writeBlank()
                }
            }
            if notes.isEmpty { writer.writeBlank() } else { writer.writeText(notes.joined(separator: "; ")) }
            try? writer.endRow()
        }
    }

    /// A whole day in years 0-9999 as `yyyy-mm-dd` (a code: digits and dashes, no quoting or
    /// formula prefix in any format), straight into the writer, as ``formatDate(days:)`` writes it;
    /// false, writing nothing, otherwise.
    @inline(__always)
    static func writeWholeDay<Writer: TableWriter>(days: Double, to writer: inout Writer) -> Bool {
        guard days.magnitude < 1e9 else { return false }
        let whole = Int(days)  // truncation; equal to floor only for a whole number, the one case taken
        guard Double(whole) == days else { return false }
        let (y, m, d) = civil(whole)
        guard y >= 0 && y <= 9999 else { return false }
        let zero = UInt8(ascii: "0"), dash = UInt8(ascii: "-")
        let text: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            zero + UInt8(y / 1000), zero + UInt8(y / 100 % 10), zero + UInt8(y / 10 % 10), zero + UInt8(y % 10), dash,
            zero + UInt8(m / 10), zero + UInt8(m % 10), dash, zero + UInt8(d / 10), zero + UInt8(d % 10))
        withUnsafeBytes(of: text) { writer.writeCode($0.assumingMemoryBound(to: UInt8.self)) }
        return true
    }

    /// `yyyy-mm-dd`, or `yyyy-mm-ddThh:mm:ssZ` (milliseconds when present) for a time of day.
    static func formatDate(days: Double) -> String {
        let whole = days.rounded(.down)
        var (y, m, d) = civil(Int(whole))
        var text = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
        let milliseconds = Int(((days - whole) * 86_400_000).rounded())
        if milliseconds > 0 {
            if milliseconds >= 86_400_000 {
                (y, m, d) = civil(Int(whole) + 1)
                return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
            }
            let seconds = milliseconds / 1000
            text += "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
            if milliseconds % 1000 != 0 { text += "." + pad(milliseconds % 1000, 3) }
            text += "Z"
        }
        return text
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Cohort summary of a `trend` run: per measure and method, how many series were fitted and how
/// many show a significant decline or rise at 1 - level.
public struct TrendSummary: Sendable {
    public struct Tally: Sendable, Equatable {
        public var fitted = 0
        public var notFitted = 0
        public var decline = 0
        public var rise = 0
    }

    public let measures: [String]
    public let methods: [TrendMethod]
    public let level: Double
    /// [measure][method index]
    public var tallies: [[Tally]]
    /// Series (subject x measure x group) with at least --min-points points, and fewer.
    public var seriesEnough: [Int]
    public var seriesTooShort: [Int]
    public var records = 0
    /// Records `--where` left out (not in `records`).
    public var rowsRemovedByFilter = 0
    public var subjects = 0
    public var rowsWithoutSubject = 0
    public var rowsWithoutTime = 0
    public var visitDateIssues = 0
    /// Per-series OLS and Theil-Sen slopes by `--by` group, measure and method, for the cohort
    /// slope summary (NaN for a series without a slope).
    public var slopes: [CohortKey: [Double]] = [:]
    /// `--by` column names, for the cohort slope table.
    public let groupNames: [String]

    /// One cell of the cohort slope summary.
    public struct CohortKey: Hashable, Sendable {
        public let groups: [String]
        public let measure: Int
        public let method: TrendMethod
    }

    init(configuration: TrendConfiguration) {
        groupNames = configuration.groupColumns.map { configuration.headers[$0] }
        measures = configuration.measures.map(\.name)
        methods = configuration.methods
        level = configuration.level
        tallies = Array(repeating: Array(repeating: Tally(), count: methods.count), count: measures.count)
        seriesEnough = Array(repeating: 0, count: measures.count)
        seriesTooShort = Array(repeating: 0, count: measures.count)
    }

    mutating func count(measure: Int, enough: Bool) {
        if enough { seriesEnough[measure] += 1 } else { seriesTooShort[measure] += 1 }
    }

    mutating func record(measure: Int, method: TrendMethod, status: TrendStatus, estimate: Double?, significant: Bool) {
        guard let index = methods.firstIndex(of: method) else { return }
        if status == .ok { tallies[measure][index].fitted += 1 } else { tallies[measure][index].notFitted += 1 }
        guard status == .ok, significant, let estimate else { return }
        if estimate < 0 { tallies[measure][index].decline += 1 } else if estimate > 0 { tallies[measure][index].rise += 1 }
    }

    mutating func addSlope(_ slope: Double?, groups: [String], measure: Int, method: TrendMethod) {
        slopes[CohortKey(groups: groups, measure: measure, method: method), default: []].append(slope ?? .nan)
    }

    /// The cohort summary per `--by` group, measure and method (OLS, Theil-Sen): the mean of the
    /// per-subject slopes with a one-sample t interval (`CohortSlopeSummary`; Matthews et al.
    /// 1990), slopes per time unit. Slopes are sorted before summing, so the result does not
    /// depend on threads or chunking.
    public var cohortSlopeTable: (headers: [String], rows: [[String]]) {
        let percent = Self.shortNumber(level * 100)
        let headers = groupNames + ["measure", "method", "subjects", "without_slope", "mean_slope", "sd", "se",
                                    "ci_low", "ci_high", "level"]
        var rows: [[String]] = []
        let keys = slopes.keys.sorted { a, b in
            if a.groups != b.groups { return a.groups.lexicographicallyPrecedes(b.groups) }
            if a.measure != b.measure { return a.measure < b.measure }
            return (methods.firstIndex(of: a.method) ?? 0) < (methods.firstIndex(of: b.method) ?? 0)
        }
        func text(_ value: Double?) -> String { value.map { $0.isFinite ? "\($0)" : "" } ?? "" }
        for key in keys {
            let result = CohortSlopeSummary.summarize(slopes[key]!.sorted { $0.isNaN ? false : ($1.isNaN ? true : $0 < $1) })
            let interval = result.confidenceInterval(level: level)
            rows.append(key.groups + [measures[key.measure], key.method.rawValue, String(result.count), String(result.missingCount),
                                      text(result.meanSlope), text(result.standardDeviation), text(result.standardError),
                                      text(interval?.lower), text(interval?.upper), percent + "%"])
        }
        return (headers, rows)
    }

    mutating func merge(_ other: TrendSummary) {
        // Appended in place: `merge(_:uniquingKeysWith: +)` built a new array per block, so merging
        // block after block copied the whole cohort's slopes each time (quadratic in subjects).
        for (key, more) in other.slopes { slopes[key, default: []].append(contentsOf: more) }
        for measure in tallies.indices {
            seriesEnough[measure] += other.seriesEnough[measure]
            seriesTooShort[measure] += other.seriesTooShort[measure]
            for method in tallies[measure].indices {
                tallies[measure][method].fitted += other.tallies[measure][method].fitted
                tallies[measure][method].notFitted += other.tallies[measure][method].notFitted
                tallies[measure][method].decline += other.tallies[measure][method].decline
                tallies[measure][method].rise += other.tallies[measure][method].rise
            }
        }
    }

    /// What "decline"/"rise" means for each method.
    public static func criterion(_ method: TrendMethod) -> String {
        switch method {
        case .ols: "slope p < alpha"
        case .theilSen: "Sen interval excludes 0"
        case .mannKendall: "Mann-Kendall p < alpha, sign of S"
        case .its: "slope change p < alpha"
        }
    }

    /// Rows of the summary table: measure, method, series, fitted, decline, share, rise, share.
    public var table: (headers: [String], rows: [[String]]) {
        let alpha = 1 - level
        let headers = ["measure", "method", "series", "too_short", "fitted", "significant_decline", "decline_share",
                       "significant_rise", "rise_share", "criterion"]
        var rows: [[String]] = []
        for (measureIndex, measure) in measures.enumerated() {
            for (methodIndex, method) in methods.enumerated() {
                let tally = tallies[measureIndex][methodIndex]
                func share(_ k: Int) -> String {
                    tally.fitted == 0 ? "" : Self.percent(Double(k) / Double(tally.fitted))
                }
                rows.append([measure, method.rawValue, String(seriesEnough[measureIndex] + seriesTooShort[measureIndex]),
                             String(seriesTooShort[measureIndex]), String(tally.fitted), String(tally.decline),
                             share(tally.decline), String(tally.rise), share(tally.rise),
                             Self.criterion(method) + " (alpha = \(Self.shortNumber(alpha)))"])
            }
        }
        return (headers, rows)
    }

    static func percent(_ fraction: Double) -> String {
        let tenths = Int((fraction * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    static func shortNumber(_ value: Double) -> String {
        let rounded = (value * 1e6).rounded() / 1e6
        var text = String(rounded)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// Lines for standard error.
    public var lines: [String] {
        var lines = ["\(records) rows, \(subjects) subjects"
            + (rowsWithoutSubject > 0 ? ", \(rowsWithoutSubject) rows without a subject left out" : "")
            + (rowsWithoutTime > 0 ? ", \(rowsWithoutTime) rows without a time (counted as missing)" : "")]
        for row in table.rows {
            let fitted = row[4]
            lines.append("\(row[0]) \(row[1]): \(row[2]) series, \(row[3]) too short, \(fitted) fitted; "
                + "significant decline \(row[5])" + (row[6].isEmpty ? "" : " (\(row[6]))")
                + ", rise \(row[7])" + (row[8].isEmpty ? "" : " (\(row[8]))") + " [\(row[9])]")
        }
        return lines
    }
}
