/// All readings recorded at one site in one visit, aggregated in fixed-size storage: the count
/// and exact sum of measured readings, and counts of every other status.
///
/// Combining statuses (docs/clinical-rules.md says repeated readings are averaged and is silent on mixes;
/// this is ABIKit's rule, reported with a `mixed_readings` warning whenever two of measured,
/// absent signal and noncompressible meet at one site):
/// 1. any invalid reading -> `.invalid` (the first reason seen);
/// 2. else any noncompressible reading -> `.noncompressible` (a mean cannot include a value
///    known only to exceed the cuff);
/// 3. else any measured reading -> `.measured(mean of the measured readings)`; absent-signal
///    readings are left out of the mean (averaging 0 with a found pulse gives a pressure that
///    was never present);
/// 4. else any absent signal -> `.absentSignal`;
/// 5. else `.notMeasured` (blank cells never count as readings).
public struct SiteReadings: Sendable, Equatable {
    // Stored properties ordered widest first: 32 bytes instead of 40 per site.
    /// Exact sum of the measured readings, in 10^-9 mmHg.
    public private(set) var measuredNanounits: UInt64 = 0
    /// Number of measured readings.
    public private(set) var measuredCount: UInt32 = 0
    /// Number of absent-signal readings.
    public private(set) var absentSignalCount: UInt32 = 0
    /// Number of noncompressible readings.
    public private(set) var noncompressibleCount: UInt32 = 0
    /// Number of invalid readings.
    public private(set) var invalidCount: UInt32 = 0
    /// Reason of the first invalid reading, if any.
    public private(set) var firstInvalidReason: InvalidPressureReason? = nil
    /// True when the sum or a count no longer fits (about 60 million readings at 300 mmHg).
    public private(set) var overflowed = false

    /// No readings.
    @inlinable
    public init() {}

    /// Adds one reading. `.notMeasured` changes nothing. A `.measured` value gets the cell
    /// parser's checks (0 is an absent signal; below 0 or above 300 mmHg is invalid), so
    /// readings built by hand obey the same rules as parsed ones.
    public mutating func add(_ reading: PressureReading) {
        switch reading {
        case .notMeasured:
            return
        case .measured(let value) where value.scale == 0 && value.significand > 0
            && value.significand <= PressureCell.maximumMillimetres:
            // Whole mmHg in range (the usual cell): the checks below all pass and the nanounits
            // are the significand times 10^9; same result without the general conversion.
            let (sum, sumOverflow) = measuredNanounits.addingReportingOverflow(
                UInt64(value.significand) &* ExactPressure.nanounitsPerMillimetre)
            let (count, countOverflow) = measuredCount.addingReportingOverflow(1)
            if sumOverflow || countOverflow {
                overflowed = true
            } else {
                measuredNanounits = sum
                measuredCount = count
            }
        case .measured(let value) where value.isZero:
            add(.absentSignal)
        case .measured(let value):
            guard !value.isNegative, let nanounits = value.nanounits,
                  nanounits <= PressureCell.maximumMillimetres * Int64(ExactPressure.nanounitsPerMillimetre) else {
                addInvalid(value.isNegative ? .negative : .aboveMaximum)
                return
            }
            let (sum, sumOverflow) = measuredNanounits.addingReportingOverflow(UInt64(nanounits))
            let (count, countOverflow) = measuredCount.addingReportingOverflow(1)
            if sumOverflow || countOverflow {
                overflowed = true
            } else {
                measuredNanounits = sum
                measuredCount = count
            }
        case .absentSignal:
            if absentSignalCount < .max { absentSignalCount += 1 } else { overflowed = true }
        case .noncompressible:
            if noncompressibleCount < .max { noncompressibleCount += 1 } else { overflowed = true }
        case .invalid(let reason):
            addInvalid(reason)
        }
    }

    private mutating func addInvalid(_ reason: InvalidPressureReason) {
        if invalidCount == 0 { firstInvalidReason = reason }
        if invalidCount < .max { invalidCount += 1 }
    }

    /// The combined status (rules in the type's documentation).
    public var status: SiteStatus {
        @inline(__always) get {
        // Usual case first: nothing but measured readings (or none). Same result as the rules below.
        if (invalidCount | noncompressibleCount | absentSignalCount) == 0 && !overflowed {
            if measuredCount == 0 { return .notMeasured }
            return .measured(ExactPressure(nanounits: measuredNanounits, divisor: UInt64(measuredCount)))
        }
        if invalidCount > 0 { return .invalid(firstInvalidReason) }
        if overflowed { return .invalid(nil) }
        if noncompressibleCount > 0 { return .noncompressible }
        if measuredCount > 0 {
            return .measured(ExactPressure(nanounits: measuredNanounits, divisor: UInt64(measuredCount)))
        }
        if absentSignalCount > 0 { return .absentSignal }
        return .notMeasured
        }
    }

    /// Exactly one reading, measured (its mean is its value, over 1).
    @inline(__always)
    var isSingleMeasured: Bool {
        measuredCount == 1 && (invalidCount | noncompressibleCount | absentSignalCount) == 0 && !overflowed
    }

    /// Zero when the site holds at most one reading, measured (status `.measured` or
    /// `.notMeasured`): a test of the usual visit in one word.
    @inline(__always)
    var unusualBits: UInt32 {
        (measuredCount & ~1) | invalidCount | noncompressibleCount | absentSignalCount | (overflowed ? 1 : 0)
    }

    /// The nanounits of the site's one measured reading, 0 when it has none (`unusualBits` 0):
    /// `ABIScorer.scoreUsualReadings`' input. At least 1 when there is a reading, so that none is
    /// taken for a missing one (a pressure that small fails its range checks either way).
    @inline(__always)
    var singleReadingNanounits: UInt64 { measuredCount == 0 ? 0 : Swift.max(measuredNanounits, 1) }

    /// No reading at all (status `.notMeasured`, nothing to check).
    @inline(__always)
    var isEmpty: Bool {
        (measuredCount | invalidCount | noncompressibleCount | absentSignalCount) == 0 && !overflowed
    }

    /// True when two or more of measured, absent signal and noncompressible were recorded.
    public var hasMixedStatuses: Bool {
        let kinds = (measuredCount > 0 ? 1 : 0) + (absentSignalCount > 0 ? 1 : 0)
            + (noncompressibleCount > 0 ? 1 : 0)
        return kinds > 1
    }

    /// Number of readings that carry a status (everything except not measured).
    public var readingCount: Int {
        Int(measuredCount) + Int(absentSignalCount) + Int(noncompressibleCount) + Int(invalidCount)
    }
}
