import Foundation
import Testing

// Helpers shared by the test targets (one copy instead of one per target). NIST file locations
// stay with the tests that read them.

/// |actual - expected| / |expected|, or |actual| when expected is 0; 0 when both are equal or
/// both are NaN.
public func relativeError(_ actual: Double, _ expected: Double) -> Double {
    if actual == expected || (actual.isNaN && expected.isNaN) { return 0 }
    if expected == 0 { return abs(actual) }
    return abs(actual - expected) / abs(expected)
}

/// Records an issue for every element off by more than `tolerance` (relative).
public func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double, _ what: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let error = relativeError(a, e)
        #expect(error <= tolerance, "\(what)[\(i)]: \(a) vs \(e) (relative error \(error))", sourceLocation: sourceLocation)
    }
}

/// Records an issue when `actual` is off by more than `tolerance` (relative).
public func expectClose(_ actual: Double, _ expected: Double, tolerance: Double, _ what: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    let error = relativeError(actual, expected)
    #expect(error <= tolerance, "\(what): \(actual) vs \(expected) (relative error \(error))", sourceLocation: sourceLocation)
}

/// The repository root (this file is Tests/TestSupport/TestSupport.swift).
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// A file of `Fixtures/`, by its path below it.
public func fixturePath(_ relative: String) -> String {
    packageRoot.appendingPathComponent("Fixtures").appendingPathComponent(relative).path
}

/// A unique path in the system temporary directory.
public func temporaryPath(_ name: String) -> String {
    "/tmp/abikit-tests-\(UInt64.random(in: 0...UInt64.max))-\(name)"
}

/// The first line where `actual` and `expected` differ, as `line N: got '...', expected '...'`, or
/// nil when the bytes are equal (`"no line differs"` when only line endings or the like differ): a
/// readable failure instead of two byte dumps.
public func firstDifferingLine<A: Collection, B: Collection>(_ actual: A, _ expected: B) -> String?
    where A.Element == UInt8, B.Element == UInt8 {
    guard !actual.elementsEqual(expected) else { return nil }
    let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(a.count, e.count) {
        let left = index < a.count ? String(a[index]) : "<end>"
        let right = index < e.count ? String(e[index]) : "<end>"
        if left != right { return "line \(index + 1): got '\(left)', expected '\(right)'" }
    }
    return "no line differs"
}
