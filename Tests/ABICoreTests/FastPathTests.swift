import Testing
@testable import ABICore

/// The 64-bit fast paths give exactly what the general (128-bit, loop) paths give.
struct FastPathTests {
    /// The general ratio algorithm as it was before the fast path: 128-bit `200 P + Q`.
    static func referenceRatio(_ numerator: ExactPressure, over denominator: ExactPressure) -> Int? {
        let (p, pOverflow) = numerator.nanounits.multipliedReportingOverflow(by: denominator.divisor)
        let (q, qOverflow) = denominator.nanounits.multipliedReportingOverflow(by: numerator.divisor)
        if pOverflow || qOverflow || q == 0 || q > UInt64.max / 2 { return nil }
        let twoQ = q * 2
        var wide = p.multipliedFullWidth(by: 200)
        let (low, carry) = wide.low.addingReportingOverflow(q)
        wide.low = low
        if carry {
            let (high, highOverflow) = wide.high.addingReportingOverflow(1)
            if highOverflow { return nil }
            wide.high = high
        }
        if wide.high >= twoQ { return nil }
        let quotient = twoQ.dividingFullWidth((high: wide.high, low: wide.low)).quotient
        return quotient <= UInt64(Int.max) ? Int(quotient) : nil
    }

    static let samples: [ExactPressure] = {
        var values: [ExactPressure] = [.zero]
        let numerators: [UInt64] = [1, 2, 3, 999_999_999, 1_000_000_000, 5_000_000, 4_999_999, 5_000_001,
                                    135_000_000_000, 120_000_000_000, 181_000_000_000, 200_000_000_000,
                                    300_000_000_000, 265_000_000_000, 90_500_000_000, 10_000_000,
                                    UInt64.max / 200, UInt64.max / 200 + 1, UInt64.max / 201, UInt64.max / 2,
                                    UInt64.max / 2 + 1, UInt64.max - 5_000_000, UInt64.max - 4_999_999, UInt64.max]
        for n in numerators {
            for d: UInt64 in [1, 2, 3, 7] { values.append(ExactPressure(nanounits: n, divisor: d)) }
        }
        return values
    }()

    @Test func ratioMatchesTheGeneralPath() {
        for numerator in Self.samples {
            for denominator in Self.samples {
                #expect(ExactPressure.ratioHundredths(numerator, over: denominator)
                    == Self.referenceRatio(numerator, over: denominator))
            }
        }
        // Around the 64-bit boundary of 200 P + Q.
        for q: UInt64 in [1, 2, 1_000, 120_000_000_000, UInt64.max / 4, UInt64.max / 2] {
            let edge = (UInt64.max - q) / 200
            for p in [edge &- 2, edge &- 1, edge, edge &+ 1, edge &+ 2] {
                let numerator = ExactPressure(nanounits: p, divisor: 1)
                let denominator = ExactPressure(nanounits: q, divisor: 1)
                #expect(ExactPressure.ratioHundredths(numerator, over: denominator)
                    == Self.referenceRatio(numerator, over: denominator))
            }
        }
    }

    @Test func comparisonsMatchTheProducts() {
        for lhs in Self.samples {
            for rhs in Self.samples {
                #expect(ExactPressure.compare(lhs, rhs)
                    == ExactPressure.compareProducts(lhs.nanounits, rhs.divisor, rhs.nanounits, lhs.divisor))
            }
            for millimetres: UInt64 in [0, 1, 30, 40, 50, 70, 100, 300, 18_446_744_073, 18_446_744_074] {
                let (threshold, overflow) = millimetres.multipliedReportingOverflow(by: 1_000_000_000)
                let expected = overflow ? -1 : ExactPressure.compareProducts(lhs.nanounits, 1, threshold, lhs.divisor)
                #expect(lhs.compare(toMillimetres: millimetres) == expected)
            }
        }
    }

    @Test func roundedToHundredthsMatchesTheRatio() {
        for value in Self.samples {
            let expected = Self.referenceRatio(value, over: ExactPressure(millimetres: 1))
                .flatMap { Int64(exactly: $0) }
                .map { ExactDecimal(significand: $0, scale: 2).trimmed }
            let actual = value.roundedToHundredths
            #expect(actual?.significand == expected?.significand && actual?.scale == expected?.scale)
        }
    }

    @Test func wholeMillimetresAddLikeTheGeneralPath() {
        for whole in Int64(-3)...Int64(305) {
            var fast = SiteReadings()
            var general = SiteReadings()
            for _ in 0..<3 {
                fast.add(.measured(ExactDecimal(significand: whole, scale: 0)))
                general.add(.measured(ExactDecimal(significand: whole * 10, scale: 1)))
            }
            #expect(fast == general, "\(whole)")
        }
    }

    /// Every cell of 1-3 characters over digits, marks, signs, spaces and letters: the inlined
    /// plain-digit path of `PressureCell.parse` gives what the general parser gives, bit for bit.
    @Test func shortCellsParseLikeTheGeneralParser() {
        let alphabet = Array("0123456789 \t.,-+>aNnCc".utf8)
        var cells: [[UInt8]] = alphabet.map { [$0] }
        for first in alphabet { for second in alphabet { cells.append([first, second]) } }
        for first in alphabet { for second in alphabet { for third in alphabet { cells.append([first, second, third]) } } }
        var checked = 0
        for cell in cells {
            for decimalComma in [false, true] {
                cell.withUnsafeBufferPointer { bytes in
                    let fast = PressureCell.parse(bytes, decimalComma: decimalComma)
                    let general = PressureCell.parseOther(bytes, decimalComma: decimalComma)
                    var same = fast == general
                    if case .measured(let a) = fast, case .measured(let b) = general {
                        same = a.significand == b.significand && a.scale == b.scale
                    }
                    #expect(same, "\(String(decoding: cell, as: UTF8.self)) \(decimalComma)")
                }
                checked += 1
            }
        }
        #expect(checked == 2 * (22 + 22 * 22 + 22 * 22 * 22))
    }

    @Test func powersOfTenMatchTheLoop() {
        for exponent in -2...20 {
            var expected: Int64 = 1
            var remaining = exponent
            while remaining > 0 {
                expected &*= 10
                remaining -= 1
            }
            #expect(ExactDecimal.powerOfTen(exponent) == expected)
        }
    }

    /// Every mix of up to two readings of each kind (and overflow by count is out of reach):
    /// the status and the site checks match the rules applied in their documented order.
    @Test func siteStatusAndChecksMatchTheRules() {
        let kinds: [PressureReading] = [.measured(ExactDecimal(120)), .absentSignal, .noncompressible,
                                        .invalid(.negative), .invalid(.aboveMaximum)]
        func combinations(_ index: Int, _ current: [PressureReading], _ body: ([PressureReading]) -> Void) {
            if index == kinds.count { body(current); return }
            for count in 0...2 {
                combinations(index + 1, current + Array(repeating: kinds[index], count: count), body)
            }
        }
        combinations(0, []) { readings in
            for order in [readings, readings.reversed()] {
                var site = SiteReadings()
                for reading in order { site.add(reading) }
                let expected: SiteStatus
                if site.invalidCount > 0 {
                    expected = .invalid(site.firstInvalidReason)
                } else if site.overflowed {
                    expected = .invalid(nil)
                } else if site.noncompressibleCount > 0 {
                    expected = .noncompressible
                } else if site.measuredCount > 0 {
                    expected = .measured(ExactPressure(nanounits: site.measuredNanounits,
                                                       divisor: UInt64(site.measuredCount)))
                } else if site.absentSignalCount > 0 {
                    expected = .absentSignal
                } else {
                    expected = .notMeasured
                }
                #expect(site.status == expected, "\(order)")

                var expectedFlags: ScoreFlags = []
                var expectedIssues: [ScoringIssue] = []
                if let reason = site.firstInvalidReason {
                    expectedIssues.append(ScoringIssue(.invalidPressure(reason), site: .toeLeft))
                }
                if site.overflowed { expectedIssues.append(ScoringIssue(.tooManyReadings, site: .toeLeft)) }
                if site.hasMixedStatuses { expectedIssues.append(ScoringIssue(.mixedReadings, site: .toeLeft)) }
                if site.measuredCount > 1 { expectedFlags.insert(.repeatedReadings) }
                var flags: ScoreFlags = []
                var issues: [ScoringIssue] = []
                ABIScorer.checkSite(site, .toeLeft, flags: &flags, issues: &issues)
                #expect(flags == expectedFlags && issues == expectedIssues, "\(order)")
            }
        }
    }
}

