import Foundation
import RealModule
import Testing
@testable import ABIStatistics

private let everyDistribution: [any ContinuousDistribution] = [
    NormalDistribution(),
    NormalDistribution(mean: 2, standardDeviation: 0.5),
    StudentTDistribution(degreesOfFreedom: 0.5),
    StudentTDistribution(degreesOfFreedom: 7),
    StudentTDistribution(degreesOfFreedom: .infinity),
    ChiSquaredDistribution(degreesOfFreedom: 0.5),
    ChiSquaredDistribution(degreesOfFreedom: 12),
    FDistribution(numeratorDegreesOfFreedom: 0.5, denominatorDegreesOfFreedom: 3),
    FDistribution(numeratorDegreesOfFreedom: 4, denominatorDegreesOfFreedom: 20),
]

@Suite struct DistributionEdgeCaseTests {
    @Test(arguments: 0..<9)
    func nanArgumentsGiveNaN(index: Int) {
        let distribution = everyDistribution[index]
        #expect(distribution.cdf(.nan).isNaN)
        #expect(distribution.survival(.nan).isNaN)
        #expect(distribution.quantile(.nan).isNaN)
        #expect(distribution.inverseSurvival(.nan).isNaN)
    }

    @Test(arguments: 0..<9)
    func probabilitiesOutsideTheUnitIntervalGiveNaN(index: Int) {
        let distribution = everyDistribution[index]
        #expect(distribution.quantile(-0.1).isNaN)
        #expect(distribution.quantile(1.5).isNaN)
        #expect(distribution.inverseSurvival(-1e-300).isNaN)
    }

    @Test(arguments: 0..<9)
    func infiniteArgumentsGiveTheLimits(index: Int) {
        let distribution = everyDistribution[index]
        #expect(distribution.cdf(-.infinity) == 0)
        #expect(distribution.cdf(.infinity) == 1)
        #expect(distribution.survival(.infinity) == 0)
        #expect(distribution.survival(-.infinity) == 1)
        #expect(distribution.quantile(1) == .infinity)
        #expect(distribution.inverseSurvival(0) == .infinity)
    }

    @Test(arguments: 0..<9)
    func quantileInvertsTheDistributionFunction(index: Int) {
        let distribution = everyDistribution[index]
        for p in [1e-200, 1e-12, 1e-3, 0.05, 0.3, 0.5, 0.7, 0.975, 1 - 1e-9] {
            let x = distribution.quantile(p)
            if x.isFinite && x != 0 {
                #expect(relativeError(distribution.cdf(x), p) < 1e-11, "p = \(p), x = \(x)")
            }
            let y = distribution.inverseSurvival(p)
            if y.isFinite && y != 0 {
                #expect(relativeError(distribution.survival(y), p) < 1e-11, "p = \(p), y = \(y)")
            }
        }
    }

    @Test func cauchyIsTheTDistributionWithOneDegreeOfFreedom() {
        // Closed form: F(t) = 1/2 + atan(t) / pi.
        let t1 = StudentTDistribution(degreesOfFreedom: 1)
        for x in [-1e6, -30.0, -1.0, -0.25, 0.0, 0.5, 2.0, 100.0] {
            let expected = x < 0 ? atan(-1 / x) / Double.pi : 0.5 + atan(x) / Double.pi
            #expect(relativeError(t1.cdf(x), expected) < 1e-14, "x = \(x)")
        }
        #expect(relativeError(t1.quantile(0.75), 1) < 1e-15)
    }

    @Test func tWithTwoDegreesOfFreedomHasAClosedForm() {
        // F(t) = 1/2 + t / (2 sqrt(2 + t^2)); tail 1/2 - that, written without cancellation.
        let t2 = StudentTDistribution(degreesOfFreedom: 2)
        for x in [0.1, 1.0, 3.0, 40.0, 1e5] {
            let root = (2 + x * x).squareRoot()
            let tail = 1 / (root * (root + x))  // = 1/2 - x / (2 root)
            #expect(relativeError(t2.survival(x), tail) < 1e-14, "x = \(x)")
            #expect(relativeError(t2.cdf(-x), tail) < 1e-14, "x = \(x)")
        }
    }

    @Test func chiSquaredWithTwoDegreesOfFreedomIsExponential() {
        let chi2 = ChiSquaredDistribution(degreesOfFreedom: 2)
        for x in [1e-12, 0.01, 1.0, 7.5, 100.0, 1300.0] {
            #expect(relativeError(chi2.survival(x), exp(-x / 2)) < 1e-14, "x = \(x)")
            #expect(relativeError(chi2.cdf(x), -expm1(-x / 2)) < 1e-14, "x = \(x)")
        }
    }

    @Test func fWithTwoAndTwoDegreesOfFreedomHasAClosedForm() {
        // F(f) = f / (1 + f).
        let f22 = FDistribution(numeratorDegreesOfFreedom: 2, denominatorDegreesOfFreedom: 2)
        for x in [1e-9, 0.2, 1.0, 9.0, 1e8] {
            #expect(relativeError(f22.cdf(x), x / (1 + x)) < 1e-14, "x = \(x)")
            #expect(relativeError(f22.survival(x), 1 / (1 + x)) < 1e-14, "x = \(x)")
        }
    }

    @Test func squareOfTIsFWithOneNumeratorDegreeOfFreedom() {
        for df in [1.5, 6.0, 250.0] {
            let t = StudentTDistribution(degreesOfFreedom: df)
            let f = FDistribution(numeratorDegreesOfFreedom: 1, denominatorDegreesOfFreedom: df)
            for x in [0.3, 2.0, 15.0] {
                #expect(relativeError(2 * t.survival(x), f.survival(x * x)) < 1e-13)
            }
        }
    }

    @Test func supportStartsAtZeroForChiSquaredAndF() {
        let chi2 = ChiSquaredDistribution(degreesOfFreedom: 3)
        let f = FDistribution(numeratorDegreesOfFreedom: 3, denominatorDegreesOfFreedom: 8)
        #expect(chi2.cdf(-1) == 0 && chi2.cdf(0) == 0 && chi2.survival(0) == 1)
        #expect(f.cdf(-1) == 0 && f.survival(0) == 1)
        #expect(chi2.quantile(0) == 0 && f.quantile(0) == 0)
        #expect(chi2.inverseSurvival(1) == 0 && f.inverseSurvival(1) == 0)
    }

    @Test func normalTailsKeepRelativePrecision() {
        // Phi(-37.5) = 4.605353009...e-308 (erfc tail); compare against the symmetric survival.
        let normal = NormalDistribution()
        #expect(normal.cdf(-37.5) > 4.6e-308 && normal.cdf(-37.5) < 4.61e-308)
        #expect(normal.cdf(-20) == normal.survival(20))
        #expect(normal.quantile(0.5) == 0)
        #expect(normal.quantile(0) == -.infinity)
    }
}

/// The incomplete beta's log-gamma table for Student's t holds exactly what the general expression
/// gives, so a p-value does not depend on whether its degrees of freedom hit the table.
@Suite struct IncompleteBetaLogGammaTableTests {
    @Test func tableEqualsTheDirectValuesBitForBit() {
        for df in 1...40 {
            let a = Double(df) / 2
            let table = IncompleteBeta.logGammas(a: a, b: 0.5)
            let direct = (Double.logGamma(a + 0.5), Double.logGamma(a), Double.logGamma(0.5))
            #expect(table.sum.bitPattern == direct.0.bitPattern && table.a.bitPattern == direct.1.bitPattern
                        && table.b.bitPattern == direct.2.bitPattern, "df \(df)")
        }
        // Off the table: fractional degrees of freedom, other b, beyond df 40.
        for (a, b) in [(2.25, 0.5), (4.0, 0.75), (20.5, 0.5), (0.25, 0.5)] {
            let value = IncompleteBeta.logGammas(a: a, b: b)
            #expect(value.sum == Double.logGamma(a + b) && value.a == Double.logGamma(a) && value.b == Double.logGamma(b))
        }
    }
}
