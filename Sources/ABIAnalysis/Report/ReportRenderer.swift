/// Writes a ``ReportResult`` as Markdown (figures referenced by relative path, `figures/NAME.svg`,
/// which GitHub and pandoc render) or as one self-contained HTML page (the SVGs inlined, a print
/// stylesheet, no scripts, fonts or links outside the file).
public enum ReportRenderer {
    /// The Markdown report (`report.md`).
    public static func markdown(_ report: ReportResult) -> String {
        var text = "# \(report.title)\n\n"
        for paragraph in report.introduction { text += paragraph + "\n\n" }
        for section in report.sections {
            text += "## \(section.heading)\n\n"
            for paragraph in section.paragraphs { text += paragraph + "\n\n" }
            for table in section.tables {
                let shifted = demoteHeadings(table)
                text += shifted.hasSuffix("\n") ? shifted + "\n" : shifted + "\n\n"
            }
            for figure in section.figures {
                let caption = MarkdownTable.escape(figure.caption).replacing("*", with: "\\*").replacing("_", with: "\\_")
                text += "![\(caption)](figures/\(figure.fileName))\n\n"
                text += "*Figure: \(caption).*\n\n"
            }
            if !section.notes.isEmpty { text += section.notes.map { "- Note: " + $0 }.joined(separator: "\n") + "\n\n" }
            if !section.methods.isEmpty { text += "**Methods.** " + section.methods + "\n\n" }
        }
        text += "## Software\n\n"
        text += "abikit \(report.softwareVersion). Command:\n\n```\n\(report.command)\n```\n"
        return text
    }

    /// Headings inside a command's Markdown (`## Results`, `### Data`) one level below the
    /// section's, so the report's outline stays: section `##`, their parts `###` and below.
    static func demoteHeadings(_ markdown: String) -> String {
        guard markdown.contains("#") else { return markdown }
        return markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("#") else { return String(line) }
            let level = line.prefix { $0 == "#" }.count
            return String(repeating: "#", count: min(6, max(3, level + 1))) + line.dropFirst(level)
        }.joined(separator: "\n")
    }

    /// The HTML report: the Markdown's content with tables as HTML and the SVGs inlined.
    public static func html(_ report: ReportResult) -> String {
        var body = "<h1>\(escape(report.title))</h1>\n"
        for paragraph in report.introduction { body += "<p>\(inline(paragraph))</p>\n" }
        for section in report.sections {
            body += "<section>\n<h2>\(escape(section.heading))</h2>\n"
            for paragraph in section.paragraphs { body += "<p>\(inline(paragraph))</p>\n" }
            for table in section.tables { body += blocks(table) }
            for figure in section.figures {
                body += "<figure>\n\(inlineSVG(figure.svg))\n<figcaption>Figure: \(escape(figure.caption)).</figcaption>\n</figure>\n"
            }
            if !section.notes.isEmpty { body += "<ul class=\"notes\">" + section.notes.map { "<li>Note: \(inline($0))</li>" }.joined() + "</ul>\n" }
            if !section.methods.isEmpty { body += "<p class=\"methods\"><strong>Methods.</strong> \(inline(section.methods))</p>\n" }
            body += "</section>\n"
        }
        body += "<section>\n<h2>Software</h2>\n<p>abikit \(escape(report.softwareVersion)). Command:</p>\n<pre>\(escape(report.command))</pre>\n</section>\n"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="generator" content="abikit \(escape(report.softwareVersion))">
            <title>\(escape(report.title))</title>
            <style>
            \(stylesheet)
            </style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }

    static let stylesheet = """
        body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; margin: 0; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; line-height: 1.45; }
        div.table { overflow-x: auto; margin: 0.75rem 0; }
        table { border-collapse: collapse; font-size: 0.85rem; }
        th, td { border: 1px solid #bbb; padding: 0.2rem 0.45rem; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: 1rem 0; }
        figure svg { max-width: 100%; height: auto; display: block; }
        figcaption, .notes { font-size: 0.85rem; color: #333; }
        pre { background: #f6f6f6; padding: 0.5rem; white-space: pre-wrap; word-break: break-all; }
        @media print {
          @page { size: A4; margin: 15mm; }
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          figure, table { break-inside: avoid; page-break-inside: avoid; }
          div.table { overflow: visible; }
          table { font-size: 7.5pt; }
          h2 { break-after: avoid; page-break-after: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Inline Markdown of our own texts: `code`, **bold**, *italic*; entities written by the
    /// table renderers (`&lt;`) are kept.
    static func inline(_ text: String) -> String {
        var decoded = text.replacingAll("\\|", with: "|")
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] { decoded = decoded.replacingAll(entity, with: character) }
        var out = ""
        var bold = false, italic = false, code = false
        let characters = Array(escape(decoded))
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == "`" { out += code ? "</code>" : "<code>"; code.toggle(); i += 1; continue }
            if !code && c == "*" && i + 1 < characters.count && characters[i + 1] == "*" {
                out += bold ? "</strong>" : "<strong>"; bold.toggle(); i += 2; continue
            }
            if !code && c == "*" && (italic || (i + 1 < characters.count && characters[i + 1] != " ")) {
                out += italic ? "</em>" : "<em>"; italic.toggle(); i += 1; continue
            }
            out.append(c)
            i += 1
        }
        if code { out += "</code>" }
        if bold { out += "</strong>" }
        if italic { out += "</em>" }
        return out
    }

    /// Markdown blocks as the commands' renderers write them: headings, pipe tables, lists and paragraphs.
    static func blocks(_ markdown: String) -> String {
        var out = ""
        var paragraph: [String] = []
        var table: [[String]] = []
        var list: [String] = []
        func flush() {
            // Markdown's hard line break (two trailing spaces) as <br>.
            if !paragraph.isEmpty { out += "<p>\(paragraph.map(inline).joined(separator: "\n").replacing("  \n", with: "<br>\n"))</p>\n"; paragraph = [] }
            if !list.isEmpty { out += "<ul>" + list.map { "<li>\(inline($0))</li>" }.joined() + "</ul>\n"; list = [] }
            if !table.isEmpty {
                let header = table[0]
                let body = table.dropFirst().filter { row in !row.allSatisfy { $0.allSatisfy { "-: ".contains($0) } && !$0.isEmpty } }
                let numeric = header.indices.map { column in
                    body.contains { column < $0.count && !$0[column].isEmpty } && body.allSatisfy { column >= $0.count || isNumeric($0[column]) }
                }
                out += "<div class=\"table\"><table>\n<thead><tr>" + header.enumerated().map { "<th\(numeric[$0] ? " class=\"number\"" : "")>\(inline($1))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for row in body {
                    out += "<tr>" + row.enumerated().map { "<td\($0 < numeric.count && numeric[$0] ? " class=\"number\"" : "")>\(inline($1))</td>" }.joined() + "</tr>\n"
                }
                out += "</tbody>\n</table></div>\n"
                table = []
            }
        }
        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine).trimmingCharacters(in: " ") + (rawLine.hasSuffix("  ") ? "  " : "")
            if line.hasPrefix("|") {
                if !paragraph.isEmpty || !list.isEmpty { let saved = table; table = []; flush(); table = saved }
                table.append(cells(line))
                continue
            }
            if !table.isEmpty { flush() }
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("#") {
                flush()
                let level = min(6, max(3, line.prefix { $0 == "#" }.count + 1))
                out += "<h\(level)>\(inline(String(line.drop { $0 == "#" }).trimmingCharacters(in: " ")))</h\(level)>\n"
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                if !paragraph.isEmpty { let saved = list; list = []; flush(); list = saved }
                list.append(String(line.dropFirst(2)))
            } else {
                paragraph.append(line)
            }
        }
        flush()
        return out
    }

    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in line.dropFirst() {
            if escaped { current.append("\\"); current.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == "|" { cells.append(current.trimmingCharacters(in: " ")); current = ""; continue }
            current.append(character)
        }
        if !current.trimmingCharacters(in: " ").isEmpty { cells.append(current.trimmingCharacters(in: " ")) }
        return cells
    }

    static func isNumeric(_ text: String) -> Bool {
        guard let first = text.first else { return true }
        return (first.isNumber || first == "-" || first == "+" || first == ".") && Double(text.split(separator: " ").first.map(String.init) ?? "") != nil
    }

    /// The SVG without its XML declaration, for inlining.
    static func inlineSVG(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.firstRange(of: "?>") else { return svg }
        return String(svg[end.upperBound...]).trimmingCharacters(in: "\n")
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var start = startIndex, end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }

    func replacingAll(_ target: String, with replacement: String) -> String { replacing(target, with: replacement) }
}
