import Foundation

/// Log relative error (LRE): the number of correct significant digits of `estimate` against
/// `certified`, as NIST StRD and McCullough (1998, "Assessing the reliability of statistical
/// software", The American Statistician 52:358) define it:
/// `-log10(|estimate - certified| / |certified|)`, or `-log10(|estimate|)` when the certified value
/// is 0. Capped at `cap` (15 by default: a double carries about 15.95 digits). NaN or infinite
/// estimates score 0.
public func logRelativeError(_ estimate: Double, certified: Double, cap: Double = 15) -> Double {
    guard estimate.isFinite else { return 0 }
    if estimate == certified { return cap }
    let error = certified == 0 ? abs(estimate) : abs(estimate - certified) / abs(certified)
    return max(0, min(cap, -log10(error)))
}
