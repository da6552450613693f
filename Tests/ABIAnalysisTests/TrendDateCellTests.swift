import Testing
import ABIIO
@testable import ABIAnalysis

/// trend writes a whole day straight into the writer as a code (`TrendFitter.writeWholeDay`); the
/// cell must be the one the general path (`formatDate`, then `writeText`) writes, and every other
/// time must be left to that path.
struct TrendDateCellTests {
    func cell(_ body: (inout DelimitedTableWriter) -> Void) -> String {
        var writer = DelimitedTableWriter(buffer: OutputBuffer.inMemory())
        writer.beginRow()
        writer.writeInteger(1)  // the date is not the first cell: its separator is written too
        body(&writer)
        return writer.buffer.withPendingBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test func wholeDaysMatchTheGeneralPath() {
        // Day numbers relative to 1970-01-01: year 0 starts at -719,528, year 9999 ends at 2,932,896.
        var days: [Double] = [0, -1, 1, 59, 60, 365, 10_957, 11_016, -719_528, -719_529, 2_932_896, 2_932_897,
                              -1e9, 1e9, 4e9, 0.5, -0.5, 10_957.25, 10_957.999, .nan, .infinity, -.infinity]
        for day in stride(from: -800_000, through: 3_000_000, by: 997) { days.append(Double(day)) }
        for day in -1_000...1_000 { days.append(Double(day)) }
        var taken = 0
        for day in days {
            let general = cell { writer in
                guard day.isFinite else { writer.writeBlank(); return }
                writer.writeText(TrendFitter.formatDate(days: day))
            }
            var wrote = false
            let direct = cell { writer in wrote = TrendFitter.writeWholeDay(days: day, to: &writer) }
            if wrote {
                taken += 1
                #expect(direct == general, "\(day)")
                #expect(day == day.rounded(.down) && direct.count == 12, "\(day)")
            } else {
                #expect(direct == "1", "\(day): nothing written when not taken")
                let text = Array(general.utf8.dropFirst(2))
                let plainDate = text.count == 10 && text.indices.allSatisfy { index in
                    [4, 7].contains(index) ? text[index] == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[index])
                }
                #expect(!(day.isFinite && day == day.rounded(.down) && plainDate), "\(day): a whole day in years 0-9999 is taken")
            }
        }
        #expect(taken > 3_000)
    }
}
