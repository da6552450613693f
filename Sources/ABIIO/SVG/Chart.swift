/// A chart canvas: title, legend, plot area with axes (numeric ticks from ``NiceScale`` or
/// categorical bands), axis titles and notes, laid out without font metrics (text widths estimated
/// by ``SVGText/estimatedWidth(_:fontSize:)``) so that every label lies inside the canvas.
///
/// Figures draw their data with ``x(_:)`` and ``y(_:)`` into ``document`` between ``beginData()``
/// and ``endData()`` (clipped to the plot area), then call ``render()``.
public struct Chart: Sendable {
    /// What an axis shows.
    public enum Ticks: Sendable, Equatable {
        /// Numbers, with ticks at round values.
        case numeric(NiceScale)
        /// Named bands of equal width; band `i` is centred at `i + 0.5` in data units.
        case categorical([String])
    }

    public struct Axis: Sendable, Equatable {
        public var title: String
        public var ticks: Ticks
        public init(title: String, ticks: Ticks) {
            self.title = title
            self.ticks = ticks
        }

        /// The data interval the axis spans.
        var domain: (Double, Double) {
            switch ticks {
            case .numeric(let scale): return (scale.lower, scale.upper)
            case .categorical(let names): return (0, Double(max(1, names.count)))
            }
        }

        /// Tick positions in data units and their labels.
        var labelledTicks: [(value: Double, label: String)] {
            switch ticks {
            case .numeric(let scale): return scale.ticks.map { ($0, scale.label($0)) }
            case .categorical(let names): return names.enumerated().map { (Double($0.offset) + 0.5, $0.element) }
            }
        }
    }

    /// A legend entry: a filled swatch, a line (optionally dashed) or a point.
    public struct LegendEntry: Sendable, Equatable {
        public enum Marker: Sendable, Equatable {
            case swatch, line(dash: String?), point
            /// Text only (the "+ N more" entry of a long legend).
            case none
        }
        public var label: String
        public var colour: String
        public var marker: Marker
        public init(label: String, colour: String, marker: Marker) {
            self.label = label
            self.colour = colour
            self.marker = marker
        }
    }

    public static let titleFontSize = 16.0
    public static let fontSize = 12.0
    public static let noteFontSize = 11.0
    static let margin = 12.0
    static let legendRowHeight = 18.0
    /// Legends longer than this many rows end with a "+ N more" entry (the data stay in `<desc>`).
    public static let maximumLegendRows = 3

    public var document: SVGDocument
    public let xAxis: Axis
    public let yAxis: Axis
    /// The plot area in pixels.
    public let left: Double, top: Double, right: Double, bottom: Double
    let xScale: LinearScale
    let yScale: LinearScale
    let titleText: String
    let legend: [LegendEntry]
    let notes: [String]

    /// - Parameters:
    ///   - width: the document width in SVG user units (pixels).
    ///   - height: the document height in SVG user units.
    ///   - title: drawn at the top and used as the document's `<title>`.
    ///   - description: the document's `<desc>` (what the figure shows, for screen readers).
    ///   - xAxis: the horizontal axis (label and range).
    ///   - yAxis: the vertical axis (label and range).
    ///   - legend: entries drawn in the legend, in order.
    ///   - notes: short lines drawn under the x axis (filtered values, sampling).
    public init(width: Double, height: Double, title: String, description: String, xAxis: Axis, yAxis: Axis,
                legend: [LegendEntry] = [], notes: [String] = []) {
        document = SVGDocument(width: width, height: height, title: title, description: description)
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.titleText = title
        let legend = Self.shortened(legend, width: width - 2 * Self.margin)
        self.legend = legend
        self.notes = notes
        let legendRows = Self.legendRows(legend, width: width - 2 * Self.margin).count
        top = Self.margin + (title.isEmpty ? 0 : Self.titleFontSize + 8) + Double(legendRows) * Self.legendRowHeight + 10
        // Room for the y tick labels (at most 40% of the canvas; longer labels are shortened).
        let widestLabel = yAxis.labelledTicks.map { SVGText.estimatedWidth($0.label, fontSize: Self.fontSize) }.max() ?? 0
        let yLabelWidth = min(widestLabel, width * 0.4)
        left = Self.margin + (yAxis.title.isEmpty ? 0 : Self.fontSize + 8) + yLabelWidth + 8
        // Half of the last x label may stick out to the right of the plot area.
        let lastXLabel = xAxis.labelledTicks.last.map { SVGText.estimatedWidth($0.label, fontSize: Self.fontSize) } ?? 0
        let rightPadding: Double
        if case .numeric = xAxis.ticks { rightPadding = max(Self.margin, lastXLabel / 2 + 4) } else { rightPadding = Self.margin }
        right = max(left + 20, width - rightPadding)
        bottom = max(top + 20, height - Self.margin - Double(notes.count) * (Self.noteFontSize + 4)
            - (xAxis.title.isEmpty ? 0 : Self.fontSize + 8) - Self.fontSize - 10)
        xScale = LinearScale(domain: xAxis.domain, range: (left, right))
        yScale = LinearScale(domain: yAxis.domain, range: (bottom, top))
    }

    /// The horizontal pixel position of data value `value`.
    public func x(_ value: Double) -> Double { xScale.position(value) }
    /// The vertical pixel position of data value `value`.
    public func y(_ value: Double) -> Double { yScale.position(value) }
    /// The pixel width of one categorical band (or of one data unit) on the x axis.
    public var xBandWidth: Double { abs(x(1) - x(0)) }
    public var yBandHeight: Double { abs(y(1) - y(0)) }

    /// Draws the grid and starts the group of data marks, clipped to the plot area.
    public mutating func beginData() {
        document.beginGroup(label: "grid")
        let grid = SVGDocument.Style(stroke: Palette.grid, strokeWidth: 1)
        if case .numeric = yAxis.ticks {
            for tick in yAxis.labelledTicks { document.line(x1: left, y1: y(tick.value), x2: right, y2: y(tick.value), style: grid) }
        }
        if case .numeric = xAxis.ticks {
            for tick in xAxis.labelledTicks { document.line(x1: x(tick.value), y1: top, x2: x(tick.value), y2: bottom, style: grid) }
        }
        document.endGroup()
        document.beginClippedGroup(label: "data", x: left, y: top, width: right - left, height: bottom - top)
    }

    public mutating func endData() { document.endGroup() }

    /// The document with axes, labels, legend and notes drawn over the data.
    public mutating func render() -> String {
        let axisStyle = SVGDocument.Style(stroke: Palette.axis, strokeWidth: 1)
        document.beginGroup(label: "axes")
        document.line(x1: left, y1: bottom, x2: right, y2: bottom, style: axisStyle)
        document.line(x1: left, y1: top, x2: left, y2: bottom, style: axisStyle)
        let xBand = xBandWidth
        for tick in xAxis.labelledTicks {
            let position = x(tick.value)
            document.line(x1: position, y1: bottom, x2: position, y2: bottom + 5, style: axisStyle)
            var label = tick.label
            var size = Self.fontSize
            if case .categorical = xAxis.ticks {
                // Long band names: a smaller font (down to 9 px), then an ellipsis.
                size = max(9, min(Self.fontSize, (xBand - 4) / (0.6 * Double(max(1, label.count)))).rounded(.down))
                label = SVGText.truncated(label, toWidth: xBand - 4, fontSize: size)
            }
            document.text(label, x: position, y: bottom + 5 + Self.fontSize + 2, anchor: .middle, fontSize: size)
        }
        let maximumYLabel = document.width * 0.4
        for tick in yAxis.labelledTicks {
            let position = y(tick.value)
            document.line(x1: left - 5, y1: position, x2: left, y2: position, style: axisStyle)
            let label = SVGText.truncated(tick.label, toWidth: maximumYLabel, fontSize: Self.fontSize)
            document.text(label, x: left - 8, y: position + Self.fontSize * 0.35, anchor: .end, fontSize: Self.fontSize)
        }
        if !xAxis.title.isEmpty {
            document.text(xAxis.title, x: (left + right) / 2, y: bottom + 5 + 2 * Self.fontSize + 12, anchor: .middle,
                          fontSize: Self.fontSize, bold: true)
        }
        if !yAxis.title.isEmpty {
            let centre = (top + bottom) / 2
            let xPosition = Self.margin + Self.fontSize
            document.text(yAxis.title, x: xPosition, y: centre, anchor: .middle, fontSize: Self.fontSize, bold: true,
                          rotation: -90)
        }
        document.endGroup()
        if !titleText.isEmpty {
            document.text(SVGText.truncated(titleText, toWidth: document.width - 2 * Self.margin, fontSize: Self.titleFontSize),
                          x: Self.margin, y: Self.margin + Self.titleFontSize, fontSize: Self.titleFontSize, bold: true)
        }
        drawLegend()
        var noteY = document.height - Self.margin - Double(notes.count - 1) * (Self.noteFontSize + 4)
        for note in notes {
            document.text(SVGText.truncated(note, toWidth: document.width - 2 * Self.margin, fontSize: Self.noteFontSize),
                          x: Self.margin, y: noteY, fontSize: Self.noteFontSize, fill: "#444444")
            noteY += Self.noteFontSize + 4
        }
        return document.render()
    }

    /// Entries flowed into rows that fit `width`.
    static func legendRows(_ entries: [LegendEntry], width: Double) -> [[(entry: LegendEntry, width: Double)]] {
        var rows: [[(entry: LegendEntry, width: Double)]] = []
        var current: [(entry: LegendEntry, width: Double)] = []
        var used = 0.0
        for entry in entries {
            let label = SVGText.truncated(entry.label, toWidth: width - 30, fontSize: fontSize)
            let entryWidth = 22 + SVGText.estimatedWidth(label, fontSize: fontSize) + 14
            if !current.isEmpty && used + entryWidth > width {
                rows.append(current)
                current = []
                used = 0
            }
            current.append((entry, entryWidth))
            used += entryWidth
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }

    /// `entries`, cut so that they fit in ``maximumLegendRows`` rows with a final "+ N more" entry.
    static func shortened(_ entries: [LegendEntry], width: Double) -> [LegendEntry] {
        guard legendRows(entries, width: width).count > maximumLegendRows else { return entries }
        var kept = entries
        while !kept.isEmpty {
            kept.removeLast()
            let candidate = kept + [LegendEntry(label: "+ \(entries.count - kept.count) more", colour: Palette.axis, marker: .none)]
            if legendRows(candidate, width: width).count <= maximumLegendRows { return candidate }
        }
        return [LegendEntry(label: "+ \(entries.count) more", colour: Palette.axis, marker: .none)]
    }

    mutating func drawLegend() {
        guard !legend.isEmpty else { return }
        let available = document.width - 2 * Self.margin
        var rowY = Self.margin + (titleText.isEmpty ? 0 : Self.titleFontSize + 8) + Self.legendRowHeight / 2
        document.beginGroup(label: "legend")
        for row in Self.legendRows(legend, width: available) {
            var entryX = Self.margin
            for (entry, entryWidth) in row {
                switch entry.marker {
                case .swatch:
                    document.rect(x: entryX, y: rowY - 6, width: 16, height: 12,
                                  style: .init(fill: entry.colour, stroke: Palette.axis, strokeWidth: 0.5))
                case .line(let dash):
                    document.line(x1: entryX, y1: rowY, x2: entryX + 16, y2: rowY,
                                  style: .init(stroke: entry.colour, strokeWidth: 2.5, dash: dash))
                case .point:
                    document.circle(cx: entryX + 8, cy: rowY, r: 4, style: .init(fill: entry.colour))
                case .none:
                    break
                }
                let label = SVGText.truncated(entry.label, toWidth: available - 30, fontSize: Self.fontSize)
                document.text(label, x: entryX + 22, y: rowY + Self.fontSize * 0.35, fontSize: Self.fontSize)
                entryX += entryWidth
            }
            rowY += Self.legendRowHeight
        }
        document.endGroup()
    }
}
