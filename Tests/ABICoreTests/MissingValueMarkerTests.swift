import ABICore
import Testing

/// The one set of missing-value markers (docs/clinical-rules.md: blank, NA, NaN, `.`; plus N/A).
struct MissingValueMarkerTests {
    @Test(arguments: ["", " ", "\t", "NA", "na", "nA", "N/A", "n/a", "NaN", "nan", "NAN", ".", " . ", "  NA  "])
    func markersAreMissing(_ text: String) {
        #expect(MissingValueMarker.matches(text))
    }

    @Test(arguments: ["0", "N", "A", "NAN1", "n/", "N/AN", "..", "-", "none", "null", "N.A", "0.0", "nan.", "/a"])
    func otherTextIsNot(_ text: String) {
        #expect(!MissingValueMarker.matches(text))
    }

    /// Every reader agrees: a pressure cell that is a marker is "not measured".
    @Test(arguments: ["", "NA", "N/A", "NaN", ".", "not measured"])
    func pressureCellsUseTheSameMarkers(_ text: String) {
        #expect(PressureCell.parse(text) == .notMeasured)
    }
}
