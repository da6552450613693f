/// A report people read: sections in order, each with its tables, figures and a methods sentence
/// naming the method and its reference, and the provenance (software version, exact command).
/// Produced by ``ClinicReportEngine`` and ``StudyReportEngine``; written by ``ReportRenderer``.
public struct ReportResult: Sendable, Equatable {
    public var title: String
    /// Paragraphs under the title (Markdown inline text).
    public var introduction: [String]
    public var sections: [ReportSection]
    /// The software version and the command line, for the last section.
    public var softwareVersion: String
    public var command: String

    public init(title: String, introduction: [String] = [], sections: [ReportSection], softwareVersion: String, command: String) {
        self.title = title
        self.introduction = introduction
        self.sections = sections
        self.softwareVersion = softwareVersion
        self.command = command
    }

    /// Every figure of every section, in order (their file names are unique).
    public var figures: [ReportFigure] { sections.flatMap(\.figures) }
}

/// One section: a heading, paragraphs, Markdown tables, figures and the methods sentence.
public struct ReportSection: Sendable, Equatable {
    public var heading: String
    public var paragraphs: [String]
    /// Tables as Markdown pipe tables (the commands' own Markdown renderers), each possibly with
    /// lines of text around it.
    public var tables: [String]
    public var figures: [ReportFigure]
    /// "Method (reference)." sentences; empty only for sections that are not analyses (data problems).
    public var methods: String
    /// Things the reader should know (data left out, notes of the analysis).
    public var notes: [String]

    public init(heading: String, paragraphs: [String] = [], tables: [String] = [], figures: [ReportFigure] = [],
                methods: String = "", notes: [String] = []) {
        self.heading = heading
        self.paragraphs = paragraphs
        self.tables = tables
        self.figures = figures
        self.methods = methods
        self.notes = notes
    }
}

/// A figure of the report: its file name under `figures/`, a caption and the SVG text.
public struct ReportFigure: Sendable, Equatable {
    public var fileName: String
    public var caption: String
    public var svg: String

    public init(fileName: String, caption: String, svg: String) {
        self.fileName = fileName
        self.caption = caption
        self.svg = svg
    }
}

/// Markdown table text for reports: cells escaped for pipe tables.
enum MarkdownTable {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.append(character)
            }
        }
        return out
    }

    static func render(headers: [String], rows: [[String]], alignRight: Set<Int> = []) -> String {
        var text = "| " + headers.map(escape).joined(separator: " | ") + " |\n"
        text += "|" + headers.indices.map { alignRight.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { text += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
        return text
    }
}
