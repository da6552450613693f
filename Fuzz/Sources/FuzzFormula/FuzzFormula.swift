import ABIBatch

// Properties: parsing never crashes; a formula that parses is parsed the same way again, and its
// terms, written back as formula text (names quoted where needed), parse to the same terms.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormula(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let formula = try? RegressionFormula(text) else { return 0 }
    guard let again = try? RegressionFormula(text), again == formula else { fatalError("parsing is not deterministic") }
    let labels = formula.termLabels
    let texts = formula.termFormulaTexts
    let rebuilt = "response ~ " + (texts.isEmpty ? "1" : texts.joined(separator: " + "))
        + (formula.hasIntercept ? "" : " - 1")
    guard let reparsed = try? RegressionFormula(rebuilt) else {
        fatalError("canonical terms of \(text.debugDescription) do not parse: \(rebuilt.debugDescription)")
    }
    guard reparsed.termLabels == labels, reparsed.hasIntercept == formula.hasIntercept else {
        fatalError("\(rebuilt.debugDescription) parses to \(reparsed.termLabels), expected \(labels)")
    }
    return 0
}
