import Foundation
import Testing
import TestSupport

@Suite struct CorrelateCommandTests {
    static let study = Paths.fixture("regress/study.csv")

    /// Compares the long output with pandas (DataFrame.corr / cov, pairwise; dropna() then corr for
    /// listwise) from Scripts/reference/regress_cli_reference.py at 1e-10 relative, and the pair counts exactly.
    @Test(arguments: [("pearson", "pairwise"), ("spearman", "pairwise"), ("pearson", "listwise"), ("spearman", "listwise"),
                      ("covariance", "pairwise")])
    func matchesPandas(statistic: String, missing: String) throws {
        var arguments = ["correlate", Self.study, "--columns", "age,bmi,years,abi", "--missing", missing]
        if statistic == "covariance" { arguments.append("--covariance") } else { arguments += ["--method", statistic] }
        let result = try runABIKit(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try referenceRows("regress/expected_correlate.csv")
            .filter { $0["statistic"] == statistic && $0["missing"] == missing }
        let actual = outputRows(result)
        #expect(expected.count == 16)
        #expect(actual.count == expected.count)
        let column = statistic == "covariance" ? "covariance" : "correlation"
        for (reference, row) in zip(expected, actual) {
            #expect(row["x"] == reference["x"] && row["y"] == reference["y"])
            #expect(agrees(row[column], reference["value"], relative: 1e-10),
                    "\(statistic) \(missing) \(row["x"] ?? "") \(row["y"] ?? ""): \(row[column] ?? "-") vs \(reference["value"] ?? "-")")
            #expect(row["n"] == reference["n"])
        }
    }

    /// `abikit` stops OpenBLAS's idle workers at start (BLASInfo.stopIdleThreads); a matrix large
    /// enough for OpenBLAS to thread its rank-k update must still come out right, against a plain
    /// two-pass Pearson correlation here, at 1e-12.
    @Test func aThreadedBLASCallAfterTheWorkersWereStoppedIsRight() throws {
        let rows = 3000, columns = 40
        var generator = SplitMix64(seed: 0x2545_F491_4F6C_DD1D)
        func next() -> Double { Double.random(in: -0.5..<0.5, using: &generator) }
        var data = [[Double]](repeating: [], count: columns)
        var csv = (0..<columns).map { "x\($0)" }.joined(separator: ",") + "\n"
        for _ in 0..<rows {
            let shared = next()
            var cells: [String] = []
            for column in 0..<columns {
                let value = (next() + Double(column % 5) * shared).rounded(toPlaces: 6)
                data[column].append(value)
                cells.append(String(value))
            }
            csv += cells.joined(separator: ",") + "\n"
        }
        let result = try runABIKit(["correlate", "-"], stdin: Data(csv.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        func pearson(_ a: [Double], _ b: [Double]) -> Double {
            let meanA = a.reduce(0, +) / Double(a.count), meanB = b.reduce(0, +) / Double(b.count)
            var ab = 0.0, aa = 0.0, bb = 0.0
            for (x, y) in zip(a, b) { ab += (x - meanA) * (y - meanB); aa += (x - meanA) * (x - meanA); bb += (y - meanB) * (y - meanB) }
            return ab / (aa * bb).squareRoot()
        }
        let output = outputRows(result)
        #expect(output.count == columns * columns)
        var worst = 0.0
        for row in output {
            guard let x = row["x"].flatMap({ Int($0.dropFirst()) }), let y = row["y"].flatMap({ Int($0.dropFirst()) }),
                  let value = row["correlation"].flatMap(Double.init) else {
                Issue.record("unreadable row \(row)")
                continue
            }
            worst = max(worst, abs(value - pearson(data[x], data[y])))
        }
        #expect(worst < 1e-12, "largest difference \(worst)")
    }

    @Test func defaultColumnsAreTheNumericOnesAndWideLayoutIsTheMatrix() throws {
        let result = try runABIKit(["correlate", Self.study, "--layout", "wide"])
        #expect(result.status == 0)
        let rows = parseCSV(result.stdout)
        #expect(rows[0] == ["column", "age", "age_months", "bmi", "years", "abi"])
        #expect(rows.count == 6)
        #expect(rows[1][1] == "1")
        #expect(rows[1][2] == "1", "age_months = 12 age")
    }

    @Test func constantAndAllMissingColumnsGiveBlankEntriesAndNotes() throws {
        let result = try runABIKit(["correlate"], stdin: Data("x,y,c,m\n1,2,5,\n2,3,5,\n3,3,5,NA\n".utf8))
        #expect(result.status == 0)
        let rows = outputRows(result)
        #expect(rows.count == 16)
        let xy = try #require(rows.first { $0["x"] == "x" && $0["y"] == "y" })
        #expect(agrees(xy["correlation"], "0.8660254037844386", relative: 1e-12), "cor((1,2,3),(2,3,3)) = sqrt(3)/2")
        #expect(rows.first { $0["x"] == "x" && $0["y"] == "c" }?["correlation"] == "")
        #expect(rows.first { $0["x"] == "m" && $0["y"] == "m" }?["n"] == "0")
        #expect(result.stderr.contains("fewer than 2 complete rows"))
        #expect(result.stderr.contains("columns 'c', 'm' constant, or with fewer than 2 values"))
    }

    @Test func usageErrors() throws {
        let unknown = try runABIKit(["correlate", Self.study, "--columns", "age,weight"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no column 'weight'; the header has 8 columns"))
        let empty = try runABIKit(["correlate", Paths.fixture("cli/empty.csv")])
        #expect(empty.status == 2)
        let combination = try runABIKit(["correlate", Self.study, "--covariance", "--method", "spearman"])
        #expect(combination.status == 2)
    }

    @Test func markdownShowsTheMatrixAndPairCounts() throws {
        let result = try runABIKit(["correlate", Self.study, "--columns", "age,bmi", "--format", "markdown"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Pearson correlation (pairwise)")
        #expect(lines[1] == "|  | age | bmi |")
        #expect(lines[2] == "| --- | ---: | ---: |")
        #expect(lines[3] == "| age | 1.0000 | -0.2550 |")
        #expect(result.stdout.contains("| bmi | 63 | 63 |"))
    }
}

private extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = (0..<places).reduce(1.0) { product, _ in product * 10 }
        return (self * scale).rounded() / scale
    }
}
