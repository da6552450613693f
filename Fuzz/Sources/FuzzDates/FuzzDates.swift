import ABICore
import ABIIO

// Properties: a date that parses is a real calendar date, writes back to the same ISO text, and is
// read as the same calendar day by every date parser (score's visit dates and trend's time cells,
// in every --date-format); day numbers are consistent with the calendar order.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let cell = UnsafeBufferPointer(start: data, count: size)
    for format in TrendDateFormat.allCases {
        for mark in CSVDialect.DecimalMark.allCases {
            let value = TrendTimeParser.parse(cell, format: format, decimalMark: mark)
            if case .date(let days, let day) = value {
                guard days.isFinite else { fatalError("non-finite day count for a date") }
                guard VisitDate(year: day.year, month: day.month, day: day.day) == day else {
                    fatalError("trend read an impossible calendar day \(day)")
                }
            }
        }
    }
    guard let date = VisitDate.parse(cell) else { return 0 }
    guard VisitDate(year: date.year, month: date.month, day: date.day) == date else {
        fatalError("score read an impossible calendar day \(date)")
    }
    let iso = Array(date.description.utf8)
    guard iso.withUnsafeBufferPointer({ VisitDate.parse($0) }) == date else {
        fatalError("\(date) did not read back from its own text")
    }
    guard case .date(_, let trendDay) = iso.withUnsafeBufferPointer({
        TrendTimeParser.parse($0, format: .iso, decimalMark: .point)
    }), trendDay == date else {
        fatalError("trend and score read \(date.description) differently")
    }
    if let next = VisitDate(year: date.year, month: date.month, day: date.day + 1) {
        guard next.dayNumber == date.dayNumber + 1, date < next else { fatalError("day numbers out of order at \(date)") }
    }
    return 0
}
