/// A self-contained SVG 1.1 document built element by element.
///
/// Self-contained: no scripts, no external fonts (the generic `sans-serif` family), no links or
/// images; text is SVG text (selectable and searchable); the document starts with `<title>` and
/// `<desc>` for screen readers (`role="img"` and `aria-labelledby`). Every text and attribute is
/// escaped (``SVGText``) and every number written by ``SVGNumber`` with at most 2 decimals, so the
/// same calls give byte-identical output.
public struct SVGDocument: Sendable, Equatable {
    /// Horizontal anchoring of a text element.
    public enum TextAnchor: String, Sendable {
        case start, middle, end
    }

    /// Stroke and fill of a shape; colours are `#RRGGBB` or `none`.
    public struct Style: Sendable, Equatable {
        public var fill: String
        public var stroke: String
        public var strokeWidth: Double
        public var opacity: Double
        /// A dash pattern such as `4 3`; nil for a solid line.
        public var dash: String?

        public init(fill: String = "none", stroke: String = "none", strokeWidth: Double = 1, opacity: Double = 1,
                    dash: String? = nil) {
            self.fill = fill
            self.stroke = stroke
            self.strokeWidth = strokeWidth
            self.opacity = opacity
            self.dash = dash
        }

        var attributes: String {
            var text = " fill=\"\(SVGText.escape(fill))\""
            if stroke != "none" {
                text += " stroke=\"\(SVGText.escape(stroke))\" stroke-width=\"\(SVGNumber.attribute(strokeWidth))\""
                if let dash { text += " stroke-dasharray=\"\(SVGText.escape(dash))\"" }
            }
            if opacity < 1 { text += " opacity=\"\(SVGNumber.attribute(opacity, decimals: 3))\"" }
            return text
        }
    }

    public let width: Double
    public let height: Double
    public let title: String
    public let description: String
    private(set) var body = ""
    private var clipCount = 0

    /// - Precondition: `width` and `height` are finite and positive.
    public init(width: Double, height: Double, title: String, description: String) {
        precondition(width.isFinite && height.isFinite && width > 0 && height > 0, "canvas size must be positive")
        self.width = width
        self.height = height
        self.title = title
        self.description = description
    }

    /// Coordinates as SVG numbers.
    static func n(_ value: Double) -> String { SVGNumber.attribute(value) }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, style: Style, tooltip: String? = nil) {
        let open = "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, width)))\" height=\"\(Self.n(max(0, height)))\"\(style.attributes)"
        append(open, tooltip: tooltip, closing: "rect")
    }

    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, style: Style) {
        body += "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\"\(style.attributes)/>\n"
    }

    /// An open line through `points` (nothing for fewer than 2 points).
    public mutating func polyline(_ points: [(x: Double, y: Double)], style: Style, tooltip: String? = nil) {
        guard points.count >= 2 else { return }
        append("<polyline points=\"\(Self.pointList(points))\"\(style.attributes)", tooltip: tooltip, closing: "polyline")
    }

    /// A closed shape through `points` (nothing for fewer than 3 points).
    public mutating func polygon(_ points: [(x: Double, y: Double)], style: Style) {
        guard points.count >= 3 else { return }
        body += "<polygon points=\"\(Self.pointList(points))\"\(style.attributes)/>\n"
    }

    public mutating func circle(cx: Double, cy: Double, r: Double, style: Style, tooltip: String? = nil) {
        append("<circle cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" r=\"\(Self.n(r))\"\(style.attributes)", tooltip: tooltip,
               closing: "circle")
    }

    /// A text element at (`x`, `y`) (the baseline), optionally rotated about that point.
    public mutating func text(_ content: String, x: Double, y: Double, anchor: TextAnchor = .start, fontSize: Double = 12,
                              bold: Bool = false, fill: String = "#000000", rotation: Double = 0) {
        var open = "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(fontSize))\""
        if anchor != .start { open += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { open += " font-weight=\"bold\"" }
        if fill != "#000000" { open += " fill=\"\(SVGText.escape(fill))\"" }
        if rotation != 0 { open += " transform=\"rotate(\(Self.n(rotation)) \(Self.n(x)) \(Self.n(y)))\"" }
        body += open + ">" + SVGText.escape(content) + "</text>\n"
    }

    /// Starts a group; `label` names it for assistive technology (`aria-label`).
    public mutating func beginGroup(label: String? = nil) {
        body += label.map { "<g aria-label=\"\(SVGText.escape($0))\">\n" } ?? "<g>\n"
    }

    /// Starts a group clipped to a rectangle (a `clipPath` defined in place; the document's only
    /// internal reference, `url(#clip-N)`).
    public mutating func beginClippedGroup(label: String, x: Double, y: Double, width: Double, height: Double) {
        clipCount += 1
        let id = "clip-\(clipCount)"
        body += "<clipPath id=\"\(id)\"><rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, width)))\" height=\"\(Self.n(max(0, height)))\"/></clipPath>\n"
        body += "<g aria-label=\"\(SVGText.escape(label))\" clip-path=\"url(#\(id))\">\n"
    }

    public mutating func endGroup() { body += "</g>\n" }

    /// The whole document.
    public func render() -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\""
        text += " viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" role=\"img\" aria-labelledby=\"figure-title figure-desc\""
        text += " font-family=\"sans-serif\">\n"
        text += "<title id=\"figure-title\">\(SVGText.escape(title))</title>\n"
        text += "<desc id=\"figure-desc\">\(SVGText.escape(description))</desc>\n"
        text += "<rect x=\"0\" y=\"0\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"#ffffff\"/>\n"
        text += body
        text += "</svg>\n"
        return text
    }

    private mutating func append(_ open: String, tooltip: String?, closing: String) {
        if let tooltip {
            body += open + "><title>" + SVGText.escape(tooltip) + "</title></" + closing + ">\n"
        } else {
            body += open + "/>\n"
        }
    }

    private static func pointList(_ points: [(x: Double, y: Double)]) -> String {
        var text = ""
        text.reserveCapacity(points.count * 12)
        for (index, point) in points.enumerated() {
            if index > 0 { text += " " }
            text += n(point.x) + "," + n(point.y)
        }
        return text
    }
}
