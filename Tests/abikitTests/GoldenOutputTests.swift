import Foundation
import Testing
import TestSupport

/// One command line of `Fixtures/golden/cases.tsv` and the output it must reproduce byte for byte.
struct GoldenCase: CustomTestStringConvertible, Sendable {
    var name: String
    /// A file fed to standard input, relative to the package root; nil for an empty standard input.
    var stdinPath: String?
    var arguments: [String]

    var testDescription: String { name }

    /// The cases, one a line: name, stdin file or `-`, then the arguments, separated by tabs.
    static let all: [GoldenCase] = {
        let url = Paths.fixtures.appendingPathComponent("golden/cases.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line -> GoldenCase? in
            if line.hasPrefix("#") || line.isEmpty { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2 else { return nil }
            return GoldenCase(name: fields[0], stdinPath: fields[1] == "-" ? nil : fields[1],
                              arguments: Array(fields.dropFirst(2)))
        }
    }()
}

/// Every command's standard output, standard error and exit status over `Fixtures/` stay byte-identical
/// to the committed expectations (`Scripts/regenerate-golden.sh` wrote them; regenerate only for an
/// intended change of output). Refactors must not move a byte.
@Suite("Golden output")
struct GoldenOutputTests {
    @Test func theCaseListIsReadAndCoversEveryCommand() {
        #expect(GoldenCase.all.count >= 90)
        let commands = Set(GoldenCase.all.compactMap(\.arguments.first))
        #expect(commands == (try? Self.subcommands()), "every subcommand of `abikit --help` has golden cases")
    }

    /// The subcommands `abikit --help` lists (two-space indented names under SUBCOMMANDS:).
    static func subcommands() throws -> Set<String> {
        let help = String(decoding: try runABIKitRaw(["--help"], stdin: nil, currentDirectory: Paths.packageRoot).stdout, as: UTF8.self)
        guard let section = help.range(of: "SUBCOMMANDS:") else { return [] }
        var names = Set<String>()
        for line in help[section.upperBound...].split(separator: "\n") where line.hasPrefix("  ") && !line.hasPrefix("   ") {
            if let name = line.split(separator: " ").first, name != "See" { names.insert(String(name)) }
        }
        return names
    }

    @Test(arguments: GoldenCase.all)
    func outputIsByteIdentical(_ golden: GoldenCase) throws {
        let directory = Paths.fixtures.appendingPathComponent("golden")
        let stdin = try golden.stdinPath.map { try Data(contentsOf: Paths.packageRoot.appendingPathComponent($0)) }
        let result = try runABIKitRaw(golden.arguments, stdin: stdin, currentDirectory: Paths.packageRoot)
        let expectedOut = try Data(contentsOf: directory.appendingPathComponent("\(golden.name).stdout"))
        let expectedErr = try Data(contentsOf: directory.appendingPathComponent("\(golden.name).stderr"))
        let expectedStatus = try String(contentsOf: directory.appendingPathComponent("\(golden.name).status"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(String(result.status) == expectedStatus, "exit status of \(golden.name)")
        #expect(result.stdout == expectedOut || Self.sameUpToFloatingPointNoise(result.stdout, expectedOut),
                "stdout of \(golden.name) differs: \(firstDifferingLine(result.stdout, expectedOut) ?? "")")
        #expect(result.stderr == expectedErr || Self.sameUpToFloatingPointNoise(result.stderr, expectedErr),
                "stderr of \(golden.name) differs: \(firstDifferingLine(result.stderr, expectedErr) ?? "")")
    }

    /// Whether two outputs are the same text with numbers that differ only in their last digits
    /// (relative 1e-10): what OpenBLAS's CPU-specific kernels (chosen at load time, so another machine
    /// picks others) change in least-squares results. Text, layout and every number's magnitude must
    /// still match, so a real change of output fails.
    static func sameUpToFloatingPointNoise(_ actual: Data, _ expected: Data) -> Bool {
        let a = numberTokens(String(decoding: actual, as: UTF8.self))
        let e = numberTokens(String(decoding: expected, as: UTF8.self))
        guard a.skeleton == e.skeleton, a.numbers.count == e.numbers.count else { return false }
        for (x, y) in zip(a.numbers, e.numbers) where x != y {
            guard let u = Double(x), let v = Double(y), u.isFinite, v.isFinite else { return false }
            // Relative only, so p = 1e-300 against 1e-301 is a difference; an exact zero against
            // rounding noise is not.
            let noiseAtZero = (u == 0 || v == 0) && max(abs(u), abs(v)) < 1e-15
            if abs(u - v) > 1e-10 * max(abs(u), abs(v)) && !noiseAtZero { return false }
        }
        return true
    }

    /// The text with every decimal number replaced by `#`, and the numbers in order.
    static func numberTokens(_ text: String) -> (skeleton: String, numbers: [String]) {
        var skeleton = ""
        var numbers: [String] = []
        let bytes = Array(text.utf8)
        var i = 0
        func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        while i < bytes.count {
            let startsNumber = isDigit(i) || (bytes[i] == UInt8(ascii: "-") && isDigit(i + 1))
            let continuesWord = i > 0 && (isDigit(i - 1) || (bytes[i - 1] | 0x20 >= 0x61 && bytes[i - 1] | 0x20 <= 0x7A))
            guard startsNumber, !continuesWord else {
                skeleton.unicodeScalars.append(Unicode.Scalar(bytes[i]))
                i += 1
                continue
            }
            var j = i + 1
            while isDigit(j) { j += 1 }
            if j < bytes.count && bytes[j] == UInt8(ascii: "."), isDigit(j + 1) {
                j += 1
                while isDigit(j) { j += 1 }
            }
            if j < bytes.count && bytes[j] | 0x20 == UInt8(ascii: "e") {
                var k = j + 1
                if k < bytes.count && (bytes[k] == UInt8(ascii: "-") || bytes[k] == UInt8(ascii: "+")) { k += 1 }
                if isDigit(k) {
                    j = k
                    while isDigit(j) { j += 1 }
                }
            }
            numbers.append(String(decoding: bytes[i..<j], as: UTF8.self))
            skeleton += "#"
            i = j
        }
        return (skeleton, numbers)
    }
}

@Suite struct GoldenNoiseToleranceTests {
    @Test func lastDigitNoiseIsToleratedAndEverythingElseIsNot() {
        func same(_ a: String, _ b: String) -> Bool {
            GoldenOutputTests.sameUpToFloatingPointNoise(Data(a.utf8), Data(b.utf8))
        }
        #expect(same("x,0.9999999999999996,1.4220714888308008e-10\n", "x,1,1.4220714888308163e-10\n"))
        #expect(same("age,-0.2549984330648489,63", "age,-0.2549984330648487,63"))
        #expect(!same("age,-0.25499,63", "age,-0.25500,63"))      // a real change of value
        #expect(!same("age,-0.2549984330648489,63", "age,-0.2549984330648489,64"))  // a count
        #expect(!same("line 12: bad", "line 13: bad"))
        #expect(!same("age,0.1,63", "sex,0.1,63"))                 // text
        #expect(!same("a,1e-300", "a,1e-301"))
        #expect(same("a,0,b", "a,-2.7755575615628914e-17,b"))
        #expect(!same("a,1,2", "a,1,2,3"))
        #expect(!same("a,nan", "a,0"))
        // Digits inside names are text, not numbers.
        #expect(!same("abi_w12,1", "abi_w13,1"))
    }
}
