import ABIBatch
import Foundation
@_exported import TestSupport
import Testing

/// The StRD files committed in the repository: <package root>/Fixtures/nist (see its README.md).
let nistDirectory: String = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return root.appendingPathComponent("Fixtures/nist").path
}()

/// Reads Resources/<name> written by Scripts/reference/batch_reference.py.
func fixtureURL(_ name: String) throws -> URL {
    let parts = name.split(separator: ".")
    guard let url = Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Resources") else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Resources/\(name)"])
    }
    return url
}

/// A JSON fixture as nested dictionaries and arrays; checks it names its generator.
func jsonFixture(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: try fixtureURL(name))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let header = try #require(object["header"] as? [String: Any])
    #expect(header["generator"] as? String == "Scripts/reference/batch_reference.py")
    return object
}

/// A JSON number, or "nan"/"inf"/"-inf" as the script writes them.
func number(_ value: Any?) -> Double {
    if let v = value as? Double { return v }
    if let v = value as? Int { return Double(v) }
    if let s = value as? String { return Double(s) ?? .nan }
    if let n = value as? NSNumber { return n.doubleValue }
    return .nan
}

func numbers(_ value: Any?) -> [Double] { (value as? [Any] ?? []).map { number($0) } }

func numberRows(_ value: Any?) -> [[Double]] { (value as? [Any] ?? []).map { numbers($0) } }

/// batch_regression_data.csv as a DataTable (group and clinic categorical, the rest numeric).
func regressionData() throws -> DataTable {
    let text = try String(contentsOf: try fixtureURL("batch_regression_data.csv"), encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    var numeric: [String: [Double]] = [:], categorical: [String: [String]] = [:]
    for line in lines.dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for (name, field) in zip(header, fields) {
            if name == "group" || name == "clinic" { categorical[name, default: []].append(field) }
            else { numeric[name, default: []].append(Double(field) ?? .nan) }
        }
    }
    var columns: [String: DataColumn] = [:]
    for (k, v) in numeric { columns[k] = .numeric(v) }
    for (k, v) in categorical { columns[k] = .categorical(v) }
    return try DataTable(columns)
}
