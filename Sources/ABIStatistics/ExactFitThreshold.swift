/// Decides when least-squares residuals are only rounding noise.
///
/// A fit whose root-mean-square residual is below 16 ulp of the largest |y| is reported as an
/// exact fit (standard errors 0, no t test): otherwise t = estimate / (rounding noise) would give
/// meaningless, arbitrarily small p-values.
enum ExactFitThreshold {
    static func isRoundingNoise(residualSumOfSquares: Double, count: Int, largestMagnitude: Double) -> Bool {
        guard count > 0 else { return true }
        let rootMeanSquare = (residualSumOfSquares / Double(count)).squareRoot()
        return rootMeanSquare <= 16 * Double.ulpOfOne * largestMagnitude
    }
}
