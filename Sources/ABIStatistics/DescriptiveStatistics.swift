import ABICore
import RealModule

/// Descriptive statistics of one sample: n, missing, mean, SD, SE, min, max, quantiles
/// (Hyndman & Fan 1996), geometric mean and lag-1 autocorrelation (NIST StRD definition).
///
/// Accuracy: the mean is a compensated (Neumaier 1974) sum refined by a second pass, and the
/// variance is the corrected two-pass formula of Chan, Golub & LeVeque (1983),
/// (sum d^2 - (sum d)^2 / n) / (n - 1) with d = x - mean; no naive sum of squares. With decimal
/// text input (`describe(decimalTexts:)`) the first value's exact decimal is subtracted in
/// integer arithmetic before any rounding to binary, which reproduces NIST StRD NumAcc1-4 to
/// 15 digits; parsing such values to doubles first limits NumAcc4's SD to about 8 digits.
///
/// NaN is missing: counted in `missingCount` and left out. Infinite values are counted in
/// `infiniteCount` and left out, with a note (they cannot be measurements, and any mean or SD
/// including them would be infinite or NaN).
public enum DescriptiveStatistics {
    /// Statistics of `values` in the order given (the order matters only for the lag-1
    /// autocorrelation).
    public static func describe(_ values: [Double]) -> DescriptiveStatisticsResult {
        var finite: [Double] = []
        finite.reserveCapacity(values.count)
        var missing = 0
        var infinite = 0
        for value in values {
            if value.isNaN { missing += 1 } else if value.isInfinite { infinite += 1 } else { finite.append(value) }
        }
        let moments = Moments(finite)
        return assemble(method: .twoPassCompensated, values: finite, shift: 0, moments: moments,
                        missing: missing, infinite: infinite, extraNotes: [])
    }

    /// Statistics of `values` whose differences from a shift were formed more precisely than the
    /// values themselves (e.g. in exact decimal arithmetic from the text, as the column loader of
    /// ABIIO does): mean, variance, SD, SE and the lag-1 autocorrelation come from `differences`
    /// (mean = shift + mean of the differences); minimum, maximum, quantiles and the geometric
    /// mean from `values`. `differences[i]` belongs to `values[i]`; NaN and infinite values are
    /// left out of both, as in ``describe(_:)``.
    /// - Precondition: `differences.count == values.count`.
    public static func describe(_ values: [Double], shift: Double, differences: [Double]) -> DescriptiveStatisticsResult {
        precondition(differences.count == values.count, "one difference per value")
        var finite: [Double] = []
        var shifted: [Double] = []
        finite.reserveCapacity(values.count)
        shifted.reserveCapacity(values.count)
        var missing = 0
        var infinite = 0
        for (value, difference) in zip(values, differences) {
            if value.isNaN { missing += 1 } else if value.isInfinite { infinite += 1 } else {
                finite.append(value)
                shifted.append(difference.isFinite ? difference : value - shift)
            }
        }
        return assemble(method: .exactDecimalShift, values: finite, shift: shift, moments: Moments(shifted),
                        missing: missing, infinite: infinite, extraNotes: [])
    }

    /// Statistics of numbers given as decimal text ("1000000000.2", "-3e-4"), computed from the
    /// exact decimal values: each value minus the first value's decimal is formed exactly in
    /// integer arithmetic, then rounded once to binary. Blank, NA, N/A, NaN and `.` are missing
    /// (`MissingValueMarker`);
    /// "inf"/"-inf" are infinite. When a difference does not fit the exact path (more than 18
    /// significant digits or a wide exponent range) that value is parsed to binary first and a
    /// note says so.
    /// - Throws: `StatisticsError.invalidDecimal` for text that is not a number.
    public static func describe(decimalTexts texts: [String]) throws -> DescriptiveStatisticsResult {
        var parsed: [Double] = []
        var decimals: [ScaledDecimal?] = []
        parsed.reserveCapacity(texts.count)
        decimals.reserveCapacity(texts.count)
        var missing = 0
        var infinite = 0
        for (index, raw) in texts.enumerated() {
            let text = trimmed(raw)
            if MissingValueMarker.matches(String(text)) {
                missing += 1
                continue
            }
            guard let value = Double(text) else { throw StatisticsError.invalidDecimal(text: raw, index: index) }
            if value.isNaN { missing += 1; continue }
            if value.isInfinite { infinite += 1; continue }
            parsed.append(value)
            decimals.append(ScaledDecimal(text))
        }
        guard let shift = decimals.first ?? nil else {
            // No exact decimal to shift by (empty sample or unusual first text): binary path.
            let moments = Moments(parsed)
            let notes = parsed.isEmpty ? [] : ["first value is not a plain decimal; values parsed to binary before summing"]
            return assemble(method: .twoPassCompensated, values: parsed, shift: 0, moments: moments,
                            missing: missing, infinite: infinite, extraNotes: notes)
        }
        let shiftValue = parsed[0]
        var differences: [Double] = []
        differences.reserveCapacity(parsed.count)
        var inexact = 0
        for (index, decimal) in decimals.enumerated() {
            if let decimal, let difference = decimal.difference(from: shift) {
                differences.append(difference)
            } else {
                inexact += 1
                differences.append(parsed[index] - shiftValue)
            }
        }
        let moments = Moments(differences)
        let notes = inexact == 0 ? [] : ["\(inexact) value(s) outside the exact decimal range were parsed to binary first"]
        return assemble(method: .exactDecimalShift, values: parsed, shift: shiftValue, moments: moments,
                        missing: missing, infinite: infinite, extraNotes: notes)
    }

    private static func trimmed(_ text: String) -> Substring {
        var view = Substring(text)
        while let first = view.first, first == " " || first == "\t" || first == "\r" || first == "\n" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" || last == "\r" || last == "\n" { view.removeLast() }
        return view
    }

    /// `estimate` moved by the mean of the values' exact differences from it. `shift + mean of the
    /// differences` rounds twice, which can leave the mean of plain data (22, 62, 71) one unit in the
    /// last place off; one more pass with error-free differences (Knuth's TwoSum) gives the mean of
    /// the binary values to within rounding.
    private static func refinedMean(_ estimate: Double, of values: [Double]) -> Double {
        guard estimate.isFinite, !values.isEmpty else { return estimate }
        var residual = CompensatedSum()
        for value in values {
            let difference = value - estimate
            let subtrahendPart = difference - value
            let valuePart = difference - subtrahendPart
            let error = (value - valuePart) + (-estimate - subtrahendPart)
            residual.add(difference)
            residual.add(error)
        }
        return estimate + residual.value / Double(values.count)
    }

    private static func assemble(method: DescriptiveStatisticsResult.Method, values: [Double], shift: Double,
                                 moments: Moments, missing: Int, infinite: Int,
                                 extraNotes: [String]) -> DescriptiveStatisticsResult {
        var notes = extraNotes
        if missing > 0 { notes.append("\(missing) missing value(s) (NaN) left out") }
        if infinite > 0 { notes.append("\(infinite) infinite value(s) left out") }
        let n = values.count
        if n == 0 { notes.append("no finite values") }
        if n == 1 { notes.append("one value: variance, SD, SE and autocorrelation undefined") }
        var geometricMean: Double?
        if n > 0 {
            if values.allSatisfy({ $0 > 0 }) {
                // exp(mean log x) relative to the first value: the logs are of ratios, small for
                // most data, so a constant sample gives itself exactly and the exponential does not
                // amplify the rounding of large logs (120: 119.99999999999997 before).
                let reference = values[0]
                var sum = CompensatedSum()
                for value in values {
                    let ratio = value / reference
                    sum.add(ratio.isNormal && ratio.isFinite ? Double.log(ratio) : Double.log(value) - Double.log(reference))
                }
                geometricMean = reference * Double.exp(sum.value / Double(n))
            } else {
                notes.append("geometric mean undefined: a value is zero or negative")
            }
        }
        var lag1: Double?
        if n >= 2 {
            if moments.sumOfSquaredDeviations > 0 {
                lag1 = moments.lag1Numerator / moments.sumOfSquaredDeviations
            } else {
                notes.append("zero variance: autocorrelation undefined")
            }
        }
        let sorted = values.sorted()
        return DescriptiveStatisticsResult(
            method: method, count: n, missingCount: missing, infiniteCount: infinite,
            mean: n > 0 ? refinedMean(shift + moments.mean, of: values) : nil,
            variance: n >= 2 ? moments.sumOfSquaredDeviations / Double(n - 1) : nil,
            minimum: sorted.first, maximum: sorted.last,
            geometricMean: geometricMean, lag1Autocorrelation: lag1,
            sortedValues: sorted, notes: notes)
    }
}
