extension String {
    /// The string without leading and trailing ASCII spaces (header cells, column names).
    public func trimmingASCIISpaces() -> String {
        var slice = self[...]
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
