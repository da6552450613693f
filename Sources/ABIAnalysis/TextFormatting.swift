import Glibc

// Small text helpers so the executable needs no Foundation (which adds ~8 MB to every run's memory).

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    package func trimmedWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}

/// printf-style formatting (C `vsnprintf`), for human-facing tables: `cFormat("%.4g", p)`.
package func cFormat(_ format: String, _ arguments: CVarArg...) -> String {
    withVaList(arguments) { list in
        var buffer = [CChar](repeating: 0, count: 128)
        let needed = Int(vsnprintf(&buffer, buffer.count, format, list))
        if needed < buffer.count { return text(buffer) }
        return withVaList(arguments) { again in
            var bigger = [CChar](repeating: 0, count: needed + 1)
            _ = vsnprintf(&bigger, bigger.count, format, again)
            return text(bigger)
        }
    }
}

/// The text of a NUL-terminated C buffer.
private func text(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
