/// Neumaier's improved Kahan-Babuska summation (Neumaier 1974, ZAMM 54, 39-51): the running
/// rounding error is carried separately, so the sum is accurate to about one rounding of the
/// result regardless of the number of terms (unless the terms themselves overflow).
struct CompensatedSum {
    private var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ value: Double) {
        let total = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - total) + value
        } else {
            compensation += (value - total) + sum
        }
        sum = total
    }

    var value: Double { sum + compensation }
}
