import ABICore
import ABIIO

/// Subjects' measurements over time, per group, with each group's mean at every time.
public struct TrajectoriesResult: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public let time: Double
        public let value: Double
    }

    /// One subject's line (points in time order; equal times keep input order).
    public struct SubjectLine: Sendable, Equatable {
        public let subject: String
        /// Index into ``TrajectoriesResult/groups``.
        public let group: Int
        public let points: [Point]
    }

    /// The mean of a group's values at one time, from every subject (sampled or not).
    public struct TimeMean: Sendable, Equatable {
        public let time: Double
        public let mean: MeanWithInterval
    }

    public struct Group: Sendable, Equatable {
        public let name: String
        public let subjectCount: Int
        /// In time order.
        public let means: [TimeMean]
    }

    public let measure: String
    public let timeLabel: String
    public let groups: [Group]
    /// The lines drawn: every subject, or the deterministic sample, ordered by group then subject.
    public let lines: [SubjectLine]
    /// Subjects (per group, a subject in two groups counts twice) in the data.
    public let subjectCount: Int
    public let notes: [FigureNote]
}

/// `abikit plot trajectories`.
public enum TrajectoriesFigure {
    /// Builds the lines and means.
    ///
    /// Rows with a missing subject, or a time or value that is not finite, are left out with a
    /// note. Means are taken at each distinct time value within a group (so times should be visit
    /// numbers or rounded times), or, with `meanResolution`, at the times rounded to its nearest
    /// multiple (a note says so), with a t-based 95% CI (``MeanWithInterval``).
    ///
    /// Sampling: when there are more than `maximumSubjects` subject lines, the lines drawn are
    /// those whose subject's ``FigureHash/hash(_:seed:)`` is smallest (ties by name), a sample
    /// that depends only on the subject names and `seed`, not on row order. Means always use all.
    /// - Complexity: O(n log n) in the rows.
    public static func compute(subjects: [String], times: [Double], values: [Double], groups: [String]?,
                               measure: String, timeLabel: String, subjectLabel: String = "subject",
                               maximumSubjects: Int = 200, seed: UInt64 = 1,
                               meanResolution: (step: Double, name: String)? = nil) -> TrajectoriesResult {
        precondition(subjects.count == times.count && times.count == values.count && (groups?.count ?? values.count) == values.count,
                     "columns must have equal length")
        precondition(maximumSubjects >= 0, "maximumSubjects must not be negative")
        var notes: [FigureNote] = []
        var missingSubjects = 0, badTimes = 0, badValues = 0
        var groupNames: [String] = []
        var groupIndex: [String: Int] = [:]
        var seriesIndex: [String: Int] = [:]
        var seriesSubject: [String] = []
        var seriesGroup: [Int] = []
        var rowSeries: [Int32] = []
        var rowIndex: [Int32] = []
        rowSeries.reserveCapacity(values.count)
        rowIndex.reserveCapacity(values.count)
        for row in values.indices {
            let subject = subjects[row]
            if subject.isEmpty { missingSubjects += 1; continue }
            if !times[row].isFinite { badTimes += 1; continue }
            if !values[row].isFinite { badValues += 1; continue }
            let groupName = groups.map { $0[row].isEmpty ? "(missing)" : $0[row] } ?? "all subjects"
            let g: Int
            if let known = groupIndex[groupName] { g = known } else {
                g = groupNames.count
                groupIndex[groupName] = g
                groupNames.append(groupName)
            }
            let key = groups == nil ? subject : groupName + "\u{1F}" + subject
            let s: Int
            if let known = seriesIndex[key] { s = known } else {
                s = seriesSubject.count
                seriesIndex[key] = s
                seriesSubject.append(subject)
                seriesGroup.append(g)
            }
            rowSeries.append(Int32(s))
            rowIndex.append(Int32(row))
        }
        if missingSubjects > 0 { notes.append(.missingValuesOmitted(column: subjectLabel, count: missingSubjects)) }
        if badTimes > 0 { notes.append(.nonFiniteValuesOmitted(column: timeLabel, count: badTimes)) }
        if badValues > 0 { notes.append(.nonFiniteValuesOmitted(column: measure, count: badValues)) }

        // Means per group and time, from all kept rows.
        var byTime = [[Double: [Double]]](repeating: [:], count: groupNames.count)
        for (k, row) in rowIndex.enumerated() {
            var time = times[Int(row)]
            if let step = meanResolution?.step { time = (time / step).rounded() * step }
            byTime[seriesGroup[Int(rowSeries[k])]][time, default: []].append(values[Int(row)])
        }
        if let name = meanResolution?.name, !rowIndex.isEmpty { notes.append(.meansAtRoundedTimes(unit: name)) }
        var subjectsPerGroup = [Int](repeating: 0, count: groupNames.count)
        for g in seriesGroup { subjectsPerGroup[g] += 1 }
        let resultGroups = groupNames.indices.map { g in
            TrajectoriesResult.Group(name: groupNames[g], subjectCount: subjectsPerGroup[g],
                                     means: byTime[g].keys.sorted().map { .init(time: $0, mean: MeanWithInterval(byTime[g][$0]!)) })
        }

        // Which lines to draw.
        var chosen = Array(seriesSubject.indices)
        if chosen.count > maximumSubjects {
            let keys = seriesSubject.map { FigureHash.hash($0, seed: seed) }
            chosen.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : seriesSubject[$0] < seriesSubject[$1] }
            chosen.removeSubrange(maximumSubjects...)
            notes.append(.subjectsSampled(shown: maximumSubjects, total: seriesSubject.count, seed: seed))
        }
        chosen.sort { seriesGroup[$0] != seriesGroup[$1] ? seriesGroup[$0] < seriesGroup[$1] : seriesSubject[$0] < seriesSubject[$1] }
        var slot = [Int](repeating: -1, count: seriesSubject.count)
        for (position, s) in chosen.enumerated() { slot[s] = position }
        var points = [[TrajectoriesResult.Point]](repeating: [], count: chosen.count)
        for (k, row) in rowIndex.enumerated() {
            let position = slot[Int(rowSeries[k])]
            if position >= 0 { points[position].append(.init(time: times[Int(row)], value: values[Int(row)])) }
        }
        let lines = chosen.enumerated().map { position, s in
            // A stable sort: equal times keep input order.
            let ordered = points[position].enumerated().sorted { $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset }.map(\.element)
            return TrajectoriesResult.SubjectLine(subject: seriesSubject[s], group: seriesGroup[s], points: ordered)
        }
        if rowIndex.isEmpty { notes.append(.noData) }
        return TrajectoriesResult(measure: measure, timeLabel: timeLabel, groups: resultGroups, lines: lines,
                                  subjectCount: seriesSubject.count, notes: notes)
    }

    /// The figure as SVG text: thin lines per subject, the group means as thick lines with points,
    /// their 95% CIs as shaded bands.
    public static func render(_ result: TrajectoriesResult, options: FigureOptions) -> String {
        var timeLow = Double.infinity, timeHigh = -Double.infinity, valueLow = Double.infinity, valueHigh = -Double.infinity
        for line in result.lines {
            for point in line.points {
                timeLow = min(timeLow, point.time); timeHigh = max(timeHigh, point.time)
                valueLow = min(valueLow, point.value); valueHigh = max(valueHigh, point.value)
            }
        }
        for group in result.groups {
            for mean in group.means {
                timeLow = min(timeLow, mean.time); timeHigh = max(timeHigh, mean.time)
                valueLow = min(valueLow, mean.mean.lower ?? mean.mean.mean, mean.mean.mean)
                valueHigh = max(valueHigh, mean.mean.upper ?? mean.mean.mean, mean.mean.mean)
            }
        }
        let xScale = NiceScale(minimum: timeLow, maximum: timeHigh, tickCount: 8)
        let yScale = NiceScale(minimum: valueLow, maximum: valueHigh, tickCount: 6, padding: 0.02)
        let single = result.groups.count == 1
        func colour(_ g: Int) -> String { Palette.colour(forSeries: g) }
        let title = options.title ?? "\(result.measure) over \(result.timeLabel) (\(result.subjectCount) subjects)"
        var description = "Line chart of \(result.measure) against \(result.timeLabel): one thin line per subject (\(result.lines.count) drawn of \(result.subjectCount)), the mean of each group at each time as a thick line with its 95% confidence interval shaded."
        for group in result.groups {
            description += " \(group.name) (\(group.subjectCount) subjects): " + group.means.map {
                "at \(SVGNumber.attribute($0.time, decimals: 4)) mean \(SVGNumber.attribute($0.mean.mean, decimals: 4)) (n \($0.mean.count))"
            }.joined(separator: "; ") + "."
        }
        let legend: [Chart.LegendEntry] = result.groups.enumerated().flatMap { g, group -> [Chart.LegendEntry] in
            [.init(label: single ? "mean (95% CI)" : "\(group.name): mean (95% CI)", colour: colour(g), marker: .line(dash: Palette.dash(forSeries: g)))]
        } + [.init(label: "one line per subject", colour: single ? Palette.neutral : "#777777", marker: .line(dash: nil))]
        var chart = Chart(width: options.width, height: options.height, title: title, description: description,
                          xAxis: .init(title: result.timeLabel, ticks: .numeric(xScale)),
                          yAxis: .init(title: result.measure, ticks: .numeric(yScale)),
                          legend: legend, notes: result.notes.lines)
        chart.beginData()
        let lineOpacity = result.lines.count > 100 ? 0.25 : 0.4
        for line in result.lines {
            chart.document.polyline(line.points.map { (chart.x($0.time), chart.y($0.value)) },
                                    style: .init(stroke: single ? Palette.neutral : colour(line.group), strokeWidth: 1, opacity: lineOpacity))
            if line.points.count == 1, let point = line.points.first {
                chart.document.circle(cx: chart.x(point.time), cy: chart.y(point.value), r: 1.5,
                                      style: .init(fill: single ? Palette.neutral : colour(line.group), opacity: lineOpacity))
            }
        }
        for (g, group) in result.groups.enumerated() {
            let withInterval = group.means.filter { $0.mean.lower != nil }
            let upper = withInterval.map { (chart.x($0.time), chart.y($0.mean.upper!)) }
            let lower = withInterval.reversed().map { (chart.x($0.time), chart.y($0.mean.lower!)) }
            chart.document.polygon(upper + lower, style: .init(fill: colour(g), opacity: 0.2))
            let meanPoints = group.means.map { (x: chart.x($0.time), y: chart.y($0.mean.mean)) }
            // A white halo keeps the mean line visible over the subjects' lines.
            chart.document.polyline(meanPoints, style: .init(stroke: "#FFFFFF", strokeWidth: 5, opacity: 0.9))
            chart.document.polyline(meanPoints, style: .init(stroke: colour(g), strokeWidth: 2.5, dash: Palette.dash(forSeries: g)))
            for (index, point) in meanPoints.enumerated() {
                let mean = group.means[index]
                var tip = "\(group.name), \(result.timeLabel) \(SVGNumber.attribute(mean.time, decimals: 4)): mean \(SVGNumber.attribute(mean.mean.mean, decimals: 4)), n \(mean.mean.count)"
                if let low = mean.mean.lower, let high = mean.mean.upper {
                    tip += ", 95% CI \(SVGNumber.attribute(low, decimals: 4)) to \(SVGNumber.attribute(high, decimals: 4))"
                }
                chart.document.circle(cx: point.x, cy: point.y, r: 3.5, style: .init(fill: colour(g), stroke: "#FFFFFF", strokeWidth: 1), tooltip: tip)
            }
        }
        chart.endData()
        return chart.render()
    }
}

extension TrajectoriesFigure {
    /// The time axis from the time column's cells, as `abikit trend` reads times: plain numbers
    /// (visit number, week, month; `.` or `,` as decimal mark) are used as given; when the column
    /// holds ISO dates or datetimes, each becomes years (365.25 days) since that subject's first
    /// visit, and the label says so. Cells that are neither (or numbers among dates) are NaN, left
    /// out with a note by ``compute(subjects:times:values:groups:measure:timeLabel:subjectLabel:maximumSubjects:seed:meanResolution:)``.
    /// - Parameters:
    ///   - cells: the time column's cells, one per row (`""` for a missing marker).
    ///   - subjects: each row's subject.
    ///   - column: the time column's name.
    ///   - format: how dates that are not ISO are read (`--date-format`); a cell that is shaped
    ///     like a date but not readable with it is NaN here (``firstInvalidDate(_:format:)`` finds it
    ///     first, for an error).
    /// - Returns: one time per row, the axis label, and for dates the resolution at which group means
    ///   are taken (a month, 1/12 year: each subject's visits fall on its own days).
    public static func times(_ cells: [String], subjects: [String], column: String, format: DateFormat = .iso)
        -> (times: [Double], label: String, meanResolution: (step: Double, name: String)?) {
        var days = [Double](repeating: .nan, count: cells.count)
        var dateCount = 0
        for (row, cell) in cells.enumerated() {
            if case .date(let value, _) = VisitTime.parse(cell, format: format) {
                days[row] = value
                dateCount += 1
            }
        }
        guard dateCount > 0 else {
            let numbers = cells.map { cell -> Double in
                DecimalNumberParser.parseDouble(cell, decimalMark: .point)
                    ?? DecimalNumberParser.parseDouble(cell, decimalMark: .comma) ?? .nan
            }
            return (numbers, column, nil)
        }
        var firstDay: [String: Double] = [:]
        for (row, subject) in subjects.enumerated() where days[row].isFinite {
            firstDay[subject] = min(firstDay[subject] ?? .infinity, days[row])
        }
        let years = days.indices.map { row in
            days[row].isFinite ? (days[row] - firstDay[subjects[row]]!) / 365.25 : .nan
        }
        return (years, "years since first visit (\(column))", (1.0 / 12, "month (1/12 year)"))
    }

    /// The first time cell shaped like a date that `format` cannot read (`03/04/2025` without
    /// `--date-format`, `31.02.2025`): its 0-based row, the cell and why. Such a date is an error, as
    /// in `abikit trend`, never a guess and never silently left out.
    public static func firstInvalidDate(_ cells: [String], format: DateFormat) -> (row: Int, cell: String, reason: String)? {
        for (row, cell) in cells.enumerated() {
            if case .invalid(let reason) = VisitTime.parse(cell, format: format) { return (row, cell, reason) }
        }
        return nil
    }
}
