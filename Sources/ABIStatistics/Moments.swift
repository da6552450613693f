/// Mean, sum of squared deviations and the lag-1 cross-product of deviations, by a compensated
/// two-pass algorithm.
struct Moments {
    var mean = 0.0
    var sumOfSquaredDeviations = 0.0
    var lag1Numerator = 0.0

    init(_ values: [Double]) {
        let n = values.count
        guard n > 0 else { return }
        var sum = CompensatedSum()
        for value in values { sum.add(value) }
        var mean = sum.value / Double(n)
        // Second pass: refine the mean by the mean deviation (removes the rounding of the sum).
        var correction = CompensatedSum()
        for value in values { correction.add(value - mean) }
        mean += correction.value / Double(n)
        var squares = CompensatedSum()
        var deviations = CompensatedSum()
        var crossProducts = CompensatedSum()
        var previous = 0.0
        for (index, value) in values.enumerated() {
            let deviation = value - mean
            squares.add(deviation * deviation)
            deviations.add(deviation)
            if index > 0 { crossProducts.add(deviation * previous) }
            previous = deviation
        }
        self.mean = mean
        // Chan, Golub & LeVeque (1983) corrected two-pass formula.
        self.sumOfSquaredDeviations = max(squares.value - deviations.value * deviations.value / Double(n), 0)
        self.lag1Numerator = crossProducts.value
    }
}
