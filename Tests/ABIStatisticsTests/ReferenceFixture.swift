import Foundation
@_exported import TestSupport

/// Loads the JSON reference files written by Scripts/reference/stats_reference.py.
enum ReferenceFixture {
    static func data(named name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Resources/\(name).json"])
        }
        return try Data(contentsOf: url)
    }

    static func decode<T: Decodable>(_ type: T.Type, named name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: data(named: name))
    }
}

struct FixtureHeader: Decodable {
    let generatedBy: String
    let versions: [String: String]

    enum CodingKeys: String, CodingKey {
        case generatedBy = "generated_by"
        case versions
    }
}

